// gigaline/core/ForkPool.hpp — runs independent tasks in child processes, N at a time, and collects
// each task's vector of doubles over a pipe: SimGrid allows one engine per process, and a crash stays
// in its child. With jobs = 1 tasks run in this process.
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

namespace gigaline {

/// Returns fn(0) .. fn(n-1); each result holds at most 8,192 doubles. Throws EngineError ([pool.E601]) naming the first
/// task whose child failed.
std::vector<std::vector<double>> fork_map(std::size_t n, int jobs,
                                          const std::function<std::vector<double>(std::size_t)>& fn);

} // namespace gigaline
