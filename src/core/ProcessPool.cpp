// src/core/ProcessPool.cpp — fork per task, a pipe per child read with poll() as data arrives (no size limit),
// waitpid for how the child ended. Children leave with _exit: no atexit handlers, no flush of the parent's
// buffers, no close of the parent's database handles.
#include "gigaline/core/ProcessPool.hpp"

#include "gigaline/core/Error.hpp"
#include "gigaline/core/Interrupt.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <exception>
#include <iostream>
#include <poll.h>
#include <pthread.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace gigaline {

namespace {

struct Child {
  std::size_t task = 0;
  pid_t pid = -1;
  int fd = -1;
  std::string data;
};

void write_all(int fd, const std::string& s)
{
  std::size_t off = 0;
  while (off < s.size()) {
    const ssize_t w = ::write(fd, s.data() + off, s.size() - off);
    if (w < 0) {
      if (errno == EINTR)
        continue;
      return;
    }
    off += static_cast<std::size_t>(w);
  }
}

[[noreturn]] void child_main(int fd, std::size_t task, const std::function<std::string(std::size_t)>& fn)
{
  // A crash must end the child, whatever handlers the parent installed (a test framework's, for instance), so
  // that the parent sees the signal.
  for (int sig : {SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL})
    std::signal(sig, SIG_DFL);
  int code = 0;
  try {
    const std::string out = fn(task);
    write_all(fd, "O" + out);
  } catch (const std::exception& e) {
    write_all(fd, std::string("E") + e.what());
    code = 1;
  } catch (...) {
    write_all(fd, "Eunknown exception");
    code = 1;
  }
  ::close(fd);
  ::_exit(code);
}

TaskOutcome outcome_of(Child& c, int status)
{
  TaskOutcome o;
  if (!c.data.empty() && c.data[0] == 'O' && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
    o.ok = true;
    o.payload = c.data.substr(1);
  } else if (!c.data.empty() && c.data[0] == 'E') {
    o.error = c.data.substr(1);
  } else if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    o.error = "killed by signal " + std::to_string(sig) + " (" + strsignal(sig) + ")";
  } else {
    o.error = "exited with code " + std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) + " without a result";
  }
  return o;
}

void kill_all(std::vector<Child>& running)
{
  for (auto& c : running) {
    ::kill(c.pid, SIGKILL);
    unregister_child(c.pid); // still a zombie until waited for: the pid is not reused
    ::close(c.fd);
    int status = 0;
    while (::waitpid(c.pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
  running.clear();
}

} // namespace

bool fork_each(std::size_t n, int jobs, const std::function<std::string(std::size_t)>& fn,
               const std::function<void(std::size_t, TaskOutcome&&)>& on_done, const std::function<void()>& tick,
               const std::function<bool()>& stop)
{
  if (jobs < 1)
    jobs = 1;
  std::vector<Child> running;
  std::size_t next = 0;
  try {
    while (next < n || !running.empty()) {
      if (stop && stop()) {
        kill_all(running);
        return false;
      }
      while (next < n && running.size() < static_cast<std::size_t>(jobs)) {
        int p[2];
        if (::pipe(p) != 0)
          throw EngineError(std::string("[pool.E602] cannot create a pipe: ") + std::strerror(errno));
        std::cout.flush(); // nothing buffered is duplicated into the child
        std::cerr.flush();
        std::fflush(nullptr);
        // SIGINT and SIGTERM wait until the child is registered, so that an interrupt cannot miss it
        sigset_t interrupts, old_mask;
        ::sigemptyset(&interrupts);
        ::sigaddset(&interrupts, SIGINT);
        ::sigaddset(&interrupts, SIGTERM);
        ::pthread_sigmask(SIG_BLOCK, &interrupts, &old_mask);
        const pid_t pid = ::fork();
        if (pid < 0) {
          const int e = errno;
          ::pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);
          ::close(p[0]);
          ::close(p[1]);
          throw EngineError(std::string("[pool.E603] cannot fork: ") + std::strerror(e));
        }
        if (pid == 0) {
          ::pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);
          ::close(p[0]);
          for (auto& c : running)
            ::close(c.fd);
          child_main(p[1], next, fn);
        }
        ::close(p[1]);
        register_child(pid); // killed if an interrupt ends this process (core/Interrupt.hpp)
        ::pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);
        running.push_back({next, pid, p[0], {}});
        ++next;
      }
      std::vector<pollfd> fds;
      for (const auto& c : running)
        fds.push_back({c.fd, POLLIN, 0});
      const int ready = ::poll(fds.data(), fds.size(), 200);
      if (ready < 0 && errno != EINTR)
        throw EngineError(std::string("[pool.E604] poll failed: ") + std::strerror(errno));
      for (std::size_t i = fds.size(); i-- > 0;) {
        if (ready <= 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
          continue;
        Child& c = running[i];
        char buf[65536];
        const ssize_t r = ::read(c.fd, buf, sizeof buf);
        if (r > 0) {
          c.data.append(buf, static_cast<std::size_t>(r));
          continue;
        }
        if (r < 0 && errno == EINTR)
          continue;
        ::close(c.fd); // end of file: the child has finished writing
        unregister_child(c.pid);
        int status = 0;
        while (::waitpid(c.pid, &status, 0) < 0 && errno == EINTR) {
        }
        Child done = std::move(c);
        running.erase(running.begin() + static_cast<std::ptrdiff_t>(i));
        if (stop && stop()) { // a child ended by the same Ctrl-C as its parent is not a failed task
          kill_all(running);
          return false;
        }
        on_done(done.task, outcome_of(done, status));
      }
      if (tick)
        tick();
    }
  } catch (...) {
    kill_all(running);
    throw;
  }
  return true;
}

std::vector<std::vector<double>> fork_map(std::size_t n, int jobs,
                                          const std::function<std::vector<double>(std::size_t)>& fn)
{
  std::vector<std::vector<double>> results(n);
  if (jobs <= 1) {
    for (std::size_t i = 0; i < n; ++i)
      results[i] = fn(i);
    return results;
  }
  fork_each(
      n, jobs,
      [&](std::size_t i) {
        const std::vector<double> v = fn(i);
        return std::string(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(double));
      },
      [&](std::size_t i, TaskOutcome&& o) {
        if (!o.ok)
          throw EngineError("[pool.E601] a worker process failed: task " + std::to_string(i) + ": " + o.error);
        results[i].resize(o.payload.size() / sizeof(double));
        std::memcpy(results[i].data(), o.payload.data(), results[i].size() * sizeof(double));
      });
  return results;
}

} // namespace gigaline
