// gigaline/core/AtomicFile.hpp — writes result files atomically: a temporary file beside the target,
// flushed and renamed over it, so a reader never sees a half-written file.
#pragma once

#include <string>
#include <string_view>

namespace gigaline {
/// Writes `content` to `path` atomically; throws InputError ([io.E201]) when the directory is not writable.
void write_file_atomic(const std::string& path, std::string_view content);
/// Creates a directory and its parents; throws InputError ([io.E202]) on failure.
void make_directories(const std::string& path);
} // namespace gigaline
