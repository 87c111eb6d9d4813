// gigaline/core/AtomicFile.hpp — writes result files atomically: a temporary file beside the target,
// flushed and renamed over it, so a reader never sees a half-written file; a folder of results as one set.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gigaline {
/// Writes `content` to `path` atomically; throws InputError ([io.E201]) when the directory is not writable or
/// the data cannot be flushed to disk.
void write_file_atomic(const std::string& path, std::string_view content);
/// Creates a directory and its parents; throws InputError ([io.E202]) on failure.
void make_directories(const std::string& path);

/// One file of a result set: its name inside the folder and its content.
struct ResultFile {
  std::string name;
  std::string content;
};

/// Name of the file that closes a result set.
inline constexpr const char* manifest_name = "manifest.json";

/// Writes `files` into `dir` as one set: removes the folder's manifest.json first, writes each file atomically,
/// then writes manifest.json listing each file with its size and FNV-1a hash. A run that stops part-way leaves
/// no manifest, so `check_result_set` refuses the folder instead of mixing two runs. Leftover temporary files
/// of the same names (a killed writer's) are removed.
void begin_result_set(const std::string& dir);
void write_result_set(const std::string& dir, const std::vector<ResultFile>& files);

/// One file of a result set as its manifest.json lists it.
struct ListedFile {
  std::string name;
  std::uint64_t bytes = 0;
  std::string fnv1a64; ///< hash of the content, 16 hex digits
};
/// The files `dir`'s manifest.json lists (entries that are not {"name": string...} skipped); nullopt when the
/// folder has no readable manifest or it is not one ({"files": [...]}).
std::optional<std::vector<ListedFile>> listed_files(const std::string& dir);

/// Checks that `dir` holds a complete set and that each of `files`, as the caller read it, is listed with its
/// size and hash (so what is checked is what is used); throws InputError ([io.E203]) naming the folder or the
/// file that does not match.
void check_result_set(const std::string& dir, const std::vector<ResultFile>& files);

/// The whole content of the file at `path`; nullopt when it cannot be opened or is a directory.
std::optional<std::string> read_file(const std::string& path);
} // namespace gigaline
