// gigaline/core/Interrupt.hpp — what SIGINT and SIGTERM do: every command ends with exit code 128 + signal
// (130, 143) and one line on stderr, "gigaline: interrupted (SIGINT)". By default the handler ends the process
// at once: it kills the process pool's workers, removes the temporary file being written (results are written
// atomically, so a finished file is whole and an unfinished one never appears) and leaves with _exit. Code that
// can stop cleanly (the sweep, which keeps every finished run in its database) defers interrupts while it runs
// and polls interrupt_signal(). SimGrid installs its own SIGINT handler (exit 1) with each Engine: engine/
// puts ours back (see engine/Session.hpp).
#pragma once

#include <string>
#include <sys/types.h>

namespace gigaline {

/// Installs gigaline's SIGINT and SIGTERM handlers for the whole process (main() calls it first).
void install_interrupt_handlers();

/// The signal received while interrupts were deferred (SIGINT, SIGTERM), 0 when none.
[[nodiscard]] int interrupt_signal();

/// 128 + sig: 130 for SIGINT, 143 for SIGTERM.
[[nodiscard]] int interrupted_exit_code(int sig);

/// "gigaline: interrupted (SIGINT)".
[[nodiscard]] std::string interrupted_message(int sig);

/// While alive, SIGINT and SIGTERM are only recorded (interrupt_signal()): the owner polls and stops cleanly.
/// Installs gigaline's handlers if they are not (a test process) and puts the previous ones back when it goes.
class DeferInterrupts {
public:
  DeferInterrupts();
  ~DeferInterrupts();
  DeferInterrupts(const DeferInterrupts&) = delete;
  DeferInterrupts& operator=(const DeferInterrupts&) = delete;

private:
  bool installed_here_ = false;
};

/// The process pool's workers: killed (SIGKILL) when the process ends on an interrupt. Unregister a child before
/// waiting for it, so that a reaped pid is never killed.
void register_child(pid_t pid);
void unregister_child(pid_t pid);

/// The temporary file being written by write_file_atomic: removed when the process ends on an interrupt.
/// `path` must stay valid until unregister_temp_file().
void register_temp_file(const char* path);
void unregister_temp_file();

} // namespace gigaline
