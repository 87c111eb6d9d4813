// src/core/ForkPool.cpp — fork, compute, write the doubles to a pipe, _exit; the parent polls children
// with waitpid and reads each pipe to its end. Results are stored by task index, so order never matters.
#include "gigaline/core/ForkPool.hpp"

#include "gigaline/core/Error.hpp"

#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <map>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace gigaline {

namespace {
bool write_all(int fd, const void* data, std::size_t size)
{
  const auto* p = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t n = ::write(fd, p, size);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return false;
    p += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

std::string read_all(int fd)
{
  std::string out;
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}
} // namespace

std::vector<std::vector<double>> fork_map(std::size_t n, int jobs,
                                          const std::function<std::vector<double>(std::size_t)>& fn)
{
  std::vector<std::vector<double>> results(n);
  if (jobs <= 1) {
    for (std::size_t i = 0; i < n; ++i)
      results[i] = fn(i);
    return results;
  }
  struct Child {
    std::size_t task;
    int fd;
  };
  std::map<pid_t, Child> running;
  std::size_t next = 0;
  std::string failure;
  auto finish_one = [&] {
    int status = 0;
    const pid_t pid = ::waitpid(-1, &status, 0);
    if (pid < 0)
      throw EngineError("[pool.E601] waitpid failed: " + std::string(std::strerror(errno)));
    auto it = running.find(pid);
    if (it == running.end())
      return;
    // the child wrote everything before exiting; the pipe holds at most 64 KiB per task, see below
    const std::string bytes = read_all(it->second.fd);
    ::close(it->second.fd);
    const std::size_t task = it->second.task;
    running.erase(it);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      if (failure.empty())
        failure = "task " + std::to_string(task) +
                  (WIFSIGNALED(status) ? " was killed by signal " + std::to_string(WTERMSIG(status))
                                       : " exited with status " + std::to_string(WEXITSTATUS(status)));
      return;
    }
    std::vector<double> v(bytes.size() / sizeof(double));
    std::memcpy(v.data(), bytes.data(), v.size() * sizeof(double));
    results[task] = std::move(v);
  };
  while (next < n || !running.empty()) {
    while (next < n && running.size() < static_cast<std::size_t>(jobs) && failure.empty()) {
      // a child must not inherit unwritten output: it would be written twice
      std::cout.flush();
      std::cerr.flush();
      std::fflush(nullptr);
      int fds[2];
      if (::pipe(fds) != 0)
        throw EngineError("[pool.E601] pipe failed: " + std::string(std::strerror(errno)));
      const pid_t pid = ::fork();
      if (pid < 0)
        throw EngineError("[pool.E601] fork failed: " + std::string(std::strerror(errno)));
      if (pid == 0) {
        ::close(fds[0]);
        int code = 0;
        try {
          const std::vector<double> v = fn(next);
          // the parent reads after the child exits: stay within one pipe buffer (64 KiB on Linux)
          if (v.size() * sizeof(double) > 65536)
            ::_exit(5);
          code = write_all(fds[1], v.data(), v.size() * sizeof(double)) ? 0 : 4;
        } catch (...) {
          code = 3;
        }
        ::close(fds[1]);
        ::_exit(code);
      }
      ::close(fds[1]);
      running.emplace(pid, Child{next, fds[0]});
      ++next;
    }
    if (!failure.empty() && running.empty())
      break;
    finish_one();
  }
  if (!failure.empty())
    throw EngineError("[pool.E601] a worker process failed: " + failure);
  return results;
}

} // namespace gigaline
