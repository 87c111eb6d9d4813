// gigaline/core/ProcessPool.hpp — runs tasks in child processes, N at a time, and streams each task's result
// back as it finishes. One fork per task: SimGrid holds one engine per process, and a crash stays in its child.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace gigaline {

struct TaskOutcome {
  bool ok = false;
  std::string payload; ///< what the task returned (ok)
  std::string error;   ///< the exception's message, or how the child died (not ok)
};

/// Runs fn(0) .. fn(n-1), each in a forked child, at most `jobs` at a time. The parent calls
/// on_done(task, outcome) as each child ends, in completion order: outcome.ok with fn's result, or not ok
/// with the message of the exception fn threw or "killed by signal 11 (Segmentation fault)" / "exited with
/// code 3 without a result". `tick` (may be empty) is called at least every 0.2 s. `stop` (may be empty) is
/// polled as often: when it returns true, running children are killed and not reported, and fork_each
/// returns false. Returns true when every task was reported. Exceptions thrown by on_done stop the pool
/// the same way, then propagate.
bool fork_each(std::size_t n, int jobs, const std::function<std::string(std::size_t)>& fn,
               const std::function<void(std::size_t, TaskOutcome&&)>& on_done, const std::function<void()>& tick = {},
               const std::function<bool()>& stop = {});

/// Returns fn(0) .. fn(n-1), each computed in a child process by fork_each (with jobs = 1, in this process).
/// Throws EngineError ([pool.E601]) naming the first task reported failed, after stopping the others.
std::vector<std::vector<double>> fork_map(std::size_t n, int jobs,
                                          const std::function<std::vector<double>(std::size_t)>& fn);

} // namespace gigaline
