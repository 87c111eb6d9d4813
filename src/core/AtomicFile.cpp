// src/core/AtomicFile.cpp — temp file + fsync + rename: POSIX rename is atomic within a file system.
#include "gigaline/core/AtomicFile.hpp"

#include "gigaline/core/Error.hpp"
#include "gigaline/core/Interrupt.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <unistd.h>

namespace gigaline {

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
    throw InputError("[io.E201] cannot write \"" + path + "\": " + std::strerror(errno));
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      const int e = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      throw InputError("[io.E201] cannot write \"" + path + "\": " + std::strerror(e));
    }
    done += static_cast<std::size_t>(n);
  }
  ::fsync(fd);
  ::close(fd);
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const int e = errno;
    ::unlink(tmp.c_str());
    throw InputError("[io.E201] cannot write \"" + path + "\": " + std::strerror(e));
  }
}

void make_directories(const std::string& path)
{
  std::error_code ec;
  std::filesystem::create_directories(path, ec);
  if (ec)
    throw InputError("[io.E202] cannot create directory \"" + path + "\": " + ec.message());
}

} // namespace gigaline
