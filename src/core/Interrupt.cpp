// src/core/Interrupt.cpp — SIGINT and SIGTERM handlers. The handler only uses async-signal-safe calls (getpid,
// kill, waitpid, unlink, write, _exit); the state it reads is a fixed table of pids and a pointer, lock-free atomics.
#include "gigaline/core/Interrupt.hpp"

#include <array>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <sys/wait.h>
#include <unistd.h>

namespace gigaline {

namespace {

constexpr std::size_t max_children = 1024;
std::array<std::atomic<pid_t>, max_children> g_children{};
std::atomic<const char*> g_temp_file{nullptr};
std::atomic<pid_t> g_main_pid{0};
std::atomic<int> g_defer{0};
std::atomic<bool> g_stderr_tty{false}; // a progress bar may be half drawn there: start on a new line
volatile std::sig_atomic_t g_signal = 0;
struct sigaction g_old_int {
}, g_old_term{};

const char* signal_name(int sig)
{
  return sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "signal";
}

extern "C" void on_interrupt(int sig)
{
  if (::getpid() != g_main_pid.load()) // a worker of the pool: its parent reports
    ::_exit(128 + sig);
  if (g_defer.load() > 0) {
    g_signal = sig;
    return;
  }
  for (auto& c : g_children) {
    const pid_t pid = c.load();
    if (pid > 0)
      ::kill(pid, SIGKILL);
  }
  for (auto& c : g_children) { // reaped here: orphans would stay zombies where PID 1 does not wait (containers)
    const pid_t pid = c.load();
    if (pid > 0)
      while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
      }
  }
  if (const char* tmp = g_temp_file.load())
    ::unlink(tmp);
  const char* head = g_stderr_tty.load() ? "\ngigaline: interrupted (" : "gigaline: interrupted (";
  const char* name = signal_name(sig);
  const char* tail = ")\n";
  [[maybe_unused]] ssize_t w = ::write(STDERR_FILENO, head, std::strlen(head));
  w = ::write(STDERR_FILENO, name, std::strlen(name));
  w = ::write(STDERR_FILENO, tail, std::strlen(tail));
  ::_exit(128 + sig);
}

bool ours_installed()
{
  struct sigaction cur {};
  ::sigaction(SIGINT, nullptr, &cur);
  return cur.sa_handler == on_interrupt;
}

void install(struct sigaction* old_int, struct sigaction* old_term)
{
  g_main_pid = ::getpid();
  g_stderr_tty = ::isatty(STDERR_FILENO) != 0;
  struct sigaction sa {};
  sa.sa_handler = on_interrupt;
  ::sigemptyset(&sa.sa_mask);
  ::sigaddset(&sa.sa_mask, SIGINT);
  ::sigaddset(&sa.sa_mask, SIGTERM);
  sa.sa_flags = SA_RESTART;
  ::sigaction(SIGINT, &sa, old_int);
  ::sigaction(SIGTERM, &sa, old_term);
}

} // namespace

void install_interrupt_handlers()
{
  install(nullptr, nullptr);
}

int interrupt_signal()
{
  return g_signal;
}

int interrupted_exit_code(int sig)
{
  return 128 + sig;
}

std::string interrupted_message(int sig)
{
  return std::string("gigaline: interrupted (") + signal_name(sig) + ")";
}

DeferInterrupts::DeferInterrupts()
{
  g_signal = 0;
  if (!ours_installed() || g_main_pid.load() != ::getpid()) {
    install(&g_old_int, &g_old_term);
    installed_here_ = true;
  }
  ++g_defer;
}

DeferInterrupts::~DeferInterrupts()
{
  --g_defer;
  if (installed_here_) {
    ::sigaction(SIGINT, &g_old_int, nullptr);
    ::sigaction(SIGTERM, &g_old_term, nullptr);
  }
}

void register_child(pid_t pid)
{
  for (auto& c : g_children) {
    pid_t empty = 0;
    if (c.compare_exchange_strong(empty, pid))
      return;
  }
  // more children than slots: this one is not killed by an interrupt, it ends with its own work
}

void unregister_child(pid_t pid)
{
  for (auto& c : g_children) {
    pid_t p = pid;
    if (c.compare_exchange_strong(p, 0))
      return;
  }
}

void register_temp_file(const char* path)
{
  g_temp_file = path;
}

void unregister_temp_file()
{
  g_temp_file = nullptr;
}

} // namespace gigaline
