// src/core/Progress.cpp — the progress line of long commands: a bar on a terminal, plain lines in a log.
// Drawing only: callers say what is done; nothing here touches the work itself.
#include "gigaline/core/Progress.hpp"

#include <cmath>
#include <cstdio>
#include <ostream>
#include <utility>

namespace gigaline {

std::string duration_text(double s)
{
  if (!std::isfinite(s) || s < 0)
    return "?";
  const long t = std::lround(s);
  char buf[32];
  if (t >= 3600)
    std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
  else
    std::snprintf(buf, sizeof buf, "%ld:%02ld", t / 60, t % 60);
  return buf;
}

Progress::Progress(std::ostream* out, bool bar, double every_s, std::size_t total, std::string label, std::string unit,
                   bool count_failed)
    : out_(out), bar_(bar), every_s_(every_s), total_(total), label_(std::move(label)), unit_(std::move(unit)),
      count_failed_(count_failed), start_(Clock::now()), last_(start_)
{
}

void Progress::update(std::size_t done, std::size_t failed, bool force)
{
  if (!out_)
    return;
  const auto now = Clock::now();
  const double since = std::chrono::duration<double>(now - last_).count();
  if (!force && since < (bar_ ? 0.2 : every_s_))
    return;
  last_ = now;
  drawn_ = true;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0.0;
  const double left = rate > 0 && total_ >= done ? static_cast<double>(total_ - done) / rate : -1.0;
  const std::string failures = count_failed_ ? ", " + std::to_string(failed) + " failed" : std::string();
  char buf[512];
  if (bar_) {
    const int width = 30;
    const int fill = total_ ? static_cast<int>(width * static_cast<double>(done) / static_cast<double>(total_)) : width;
    std::string b(static_cast<std::size_t>(fill), '#');
    b.resize(static_cast<std::size_t>(width), '.');
    std::snprintf(buf, sizeof buf, "\r%s [%s] %zu/%zu %s%s, %.1f %s/s, %s left ", label_.c_str(), b.c_str(), done,
                  total_, unit_.c_str(), failures.c_str(), rate, unit_.c_str(), duration_text(left).c_str());
  } else {
    std::snprintf(buf, sizeof buf, "%s: %zu/%zu %s done%s, %.1f %s/s, about %s left\n", label_.c_str(), done, total_,
                  unit_.c_str(), failures.c_str(), rate, unit_.c_str(), duration_text(left).c_str());
  }
  *out_ << buf << std::flush;
}

void Progress::finish()
{
  if (out_ && bar_ && drawn_)
    *out_ << "\n" << std::flush;
}

} // namespace gigaline
