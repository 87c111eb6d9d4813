// src/core/AtomicFile.cpp — temp file + fsync + rename (POSIX rename is atomic within a file system), and
// result sets closed by a manifest written last.
#include "gigaline/core/AtomicFile.hpp"

#include "gigaline/core/Error.hpp"
#include "gigaline/core/Interrupt.hpp"
#include "gigaline/core/Random.hpp"
#include "gigaline/core/Version.hpp"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace gigaline {

namespace {
[[noreturn]] void cannot_write(const std::string& path, int e, const std::string& tmp)
{
  if (!tmp.empty())
    ::unlink(tmp.c_str());
  throw InputError("[io.E201] cannot write \"" + path + "\": " + std::strerror(e));
}

/// fsync of the folder that holds `path`, so the rename itself survives a power cut (best effort: some file
/// systems refuse to open a folder for reading).
void sync_parent(const std::string& path)
{
  auto dir = std::filesystem::path(path).parent_path();
  if (dir.empty())
    dir = ".";
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

std::string hex(std::uint64_t v)
{
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}
} // namespace

void write_file_atomic(const std::string& path, std::string_view content)
{
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  // an interrupt while the file is written removes the temporary file (core/Interrupt.hpp)
  struct Registered {
    explicit Registered(const std::string& t) { register_temp_file(t.c_str()); }
    ~Registered() { unregister_temp_file(); }
    Registered(const Registered&) = delete;
    Registered& operator=(const Registered&) = delete;
  } registered(tmp);
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    cannot_write(path, errno, "");
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      const int e = errno;
      ::close(fd);
      cannot_write(path, e, tmp);
    }
    done += static_cast<std::size_t>(n);
  }
  // a full disk or an I/O error can show only at fsync or close: the file is not in place until both succeed
  if (::fsync(fd) != 0 && errno != EINVAL && errno != EROFS) { // EINVAL: a target that cannot sync (/dev/null)
    const int e = errno;
    ::close(fd);
    cannot_write(path, e, tmp);
  }
  if (::close(fd) != 0)
    cannot_write(path, errno, tmp);
  if (std::rename(tmp.c_str(), path.c_str()) != 0)
    cannot_write(path, errno, tmp);
  sync_parent(path);
}

void make_directories(const std::string& path)
{
  std::error_code ec;
  std::filesystem::create_directories(path, ec);
  if (ec)
    throw InputError("[io.E202] cannot create directory \"" + path + "\": " + ec.message());
}

void begin_result_set(const std::string& dir)
{
  make_directories(dir);
  const std::string manifest = dir + "/" + manifest_name;
  if (::unlink(manifest.c_str()) != 0 && errno != ENOENT)
    cannot_write(manifest, errno, "");
}

void write_result_set(const std::string& dir, const std::vector<ResultFile>& files)
{
  begin_result_set(dir);
  // temporary files a killed writer left beside these names (NAME.tmp.PID)
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    for (const auto& f : files)
      if (name.rfind(f.name + ".tmp.", 0) == 0)
        std::filesystem::remove(entry.path(), ec);
  }
  nlohmann::ordered_json listed = nlohmann::ordered_json::array();
  for (const auto& f : files) {
    write_file_atomic(dir + "/" + f.name, f.content);
    listed.push_back({{"name", f.name}, {"bytes", f.content.size()}, {"fnv1a64", hex(entity_id(f.content))}});
  }
  const nlohmann::ordered_json manifest = {{"complete", true}, {"gigaline_version", version()}, {"files", listed}};
  write_file_atomic(dir + "/" + manifest_name, manifest.dump(2) + "\n");
}

namespace {
std::optional<std::vector<ListedFile>> parse_manifest(const std::string& text)
{
  const auto manifest = nlohmann::json::parse(text, nullptr, false);
  if (manifest.is_discarded() || !manifest.is_object() || !manifest.contains("files") || !manifest["files"].is_array())
    return std::nullopt;
  std::vector<ListedFile> files;
  for (const auto& f : manifest["files"]) {
    if (!f.is_object() || !f.contains("name") || !f["name"].is_string())
      continue;
    ListedFile l;
    l.name = f["name"].get<std::string>();
    if (f.contains("bytes") && f["bytes"].is_number_unsigned())
      l.bytes = f["bytes"].get<std::uint64_t>();
    if (f.contains("fnv1a64") && f["fnv1a64"].is_string())
      l.fnv1a64 = f["fnv1a64"].get<std::string>();
    files.push_back(std::move(l));
  }
  return files;
}
} // namespace

std::optional<std::string> read_file(const std::string& path)
{
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::optional<std::vector<ListedFile>> listed_files(const std::string& dir)
{
  const auto text = read_file(dir + "/" + manifest_name);
  return text ? parse_manifest(*text) : std::nullopt;
}

void check_result_set(const std::string& dir, const std::vector<ResultFile>& files)
{
  const std::string path = dir + "/" + manifest_name;
  const auto text = read_file(path);
  if (!text)
    throw InputError("[io.E203] " + path +
                     ": no such file: the run that wrote this folder did not finish (or an older gigaline wrote "
                     "it); run gigaline run FILE --out " +
                     dir + " again");
  const auto listed = parse_manifest(*text);
  if (!listed)
    throw InputError("[io.E203] " + path + ": not a manifest of gigaline run (expected {\"files\": [...]})");
  for (const auto& file : files) {
    const ListedFile* entry = nullptr;
    for (const auto& f : *listed)
      if (f.name == file.name)
        entry = &f;
    if (!entry)
      throw InputError("[io.E203] " + path + ": does not list " + file.name + ": the folder is not one run's results");
    if (entry->bytes != file.content.size() || entry->fnv1a64 != hex(entity_id(file.content)))
      throw InputError("[io.E203] " + dir + "/" + file.name +
                       ": differs from what the run listed in manifest.json (changed or written by another run); "
                       "run gigaline run FILE --out " +
                       dir + " again");
  }
}

} // namespace gigaline
