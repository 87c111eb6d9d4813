// src/scenario/JsonText.cpp — JSON text into a document, bounded: a file no larger than max_file_bytes (standard
// input read once), nesting no deeper than max_json_depth, numbers that fit a double; errors with line and column.
#include "gigaline/scenario/Loader.hpp"

#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

namespace gigaline::scenario {

namespace {

/// Builds a document from nlohmann's SAX events as its own DOM parser does, and keeps what a message needs: the
/// JSON pointer of the value being read, and why and where parsing stopped. Nesting deeper than max_json_depth
/// stops it: deep enough documents overflow the stack of any recursive code that reads them.
class BoundedBuilder {
public:
  enum class Stop { none, syntax, overflow, depth };

  explicit BoundedBuilder(Json& root) : root_(root) {}

  bool null() { return put(nullptr) != nullptr; }
  bool boolean(bool v) { return put(v) != nullptr; }
  bool number_integer(Json::number_integer_t v) { return put(v) != nullptr; }
  bool number_unsigned(Json::number_unsigned_t v) { return put(v) != nullptr; }
  bool number_float(Json::number_float_t v, const Json::string_t&) { return put(v) != nullptr; }
  bool string(Json::string_t& v) { return put(std::move(v)) != nullptr; }
  bool binary(Json::binary_t& v) { return put(Json::binary(std::move(v))) != nullptr; }
  bool start_object(std::size_t) { return open(Json::object()); }
  bool start_array(std::size_t) { return open(Json::array()); }
  bool key(Json::string_t& k)
  {
    key_ = k;
    element_ = &(*stack_.back())[k];
    return true;
  }
  bool end_object() { return close(); }
  bool end_array() { return close(); }
  bool parse_error(std::size_t position, const std::string&, const Json::exception& e)
  {
    position_ = position;
    // out_of_range.406: a number that does not fit a double (1e400)
    stop_ = e.id == 406 ? Stop::overflow : Stop::syntax;
    what_ = e.what();
    pointer_ = pointer();
    return false;
  }

  [[nodiscard]] Stop stop() const { return stop_; }
  [[nodiscard]] std::size_t position() const { return position_; }
  [[nodiscard]] const std::string& what() const { return what_; }
  [[nodiscard]] const std::string& stop_pointer() const { return pointer_; }

private:
  /// The pointer of the value about to be read: the open containers' tokens and its own key or index.
  std::string pointer() const
  {
    std::string p;
    for (const auto& t : tokens_)
      p += "/" + t;
    if (!stack_.empty())
      p += "/" + (stack_.back()->is_array() ? std::to_string(stack_.back()->size()) : escape_pointer_token(key_));
    return p;
  }
  Json* put(Json v)
  {
    if (stack_.empty()) {
      root_ = std::move(v);
      return &root_;
    }
    if (stack_.back()->is_array()) {
      stack_.back()->push_back(std::move(v));
      return &stack_.back()->back();
    }
    *element_ = std::move(v);
    return element_;
  }
  bool open(Json container)
  {
    if (stack_.size() >= max_json_depth) {
      stop_ = Stop::depth;
      pointer_ = pointer();
      return false;
    }
    std::string token;
    if (!stack_.empty())
      token = stack_.back()->is_array() ? std::to_string(stack_.back()->size()) : escape_pointer_token(key_);
    stack_.push_back(put(std::move(container)));
    if (stack_.size() > 1)
      tokens_.push_back(std::move(token));
    return true;
  }
  bool close()
  {
    stack_.pop_back();
    if (!stack_.empty())
      tokens_.pop_back();
    return true;
  }

  Json& root_;
  std::vector<Json*> stack_;        ///< open containers, outermost first
  std::vector<std::string> tokens_; ///< pointer tokens of the open containers below the root
  std::string key_;                 ///< last key read in the innermost object
  Json* element_ = nullptr;         ///< where the value of that key goes
  Stop stop_ = Stop::none;
  std::size_t position_ = 0;
  std::string what_, pointer_;
};

/// Line and column of the byte before `byte` (nlohmann counts the byte it stopped at).
std::string line_column(std::string_view text, std::size_t byte)
{
  std::size_t line = 1, column = 1;
  const std::size_t end = std::min<std::size_t>(byte == 0 ? 0 : byte - 1, text.size());
  for (std::size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

/// The text of the number nlohmann could not hold, from "... number overflow parsing '1e400'".
std::string overflowed_number(const std::string& what)
{
  const auto open = what.find('\''), close = what.rfind('\'');
  return open != std::string::npos && close > open ? what.substr(open + 1, close - open - 1) : what;
}

std::string too_large_message(const std::string& number)
{
  return "expected a number a double can hold (magnitude at most 1.8e308), found " + number;
}

std::string too_deep_message()
{
  return "expected arrays and objects nested at most " + std::to_string(max_json_depth) + " deep, found deeper";
}

} // namespace

Json parse_json(std::string_view text, const std::string& origin, const std::string& prefix)
{
  Json doc;
  BoundedBuilder b(doc);
  if (Json::sax_parse(text.begin(), text.end(), &b))
    return doc;
  Context ctx(prefix);
  switch (b.stop()) {
  case BoundedBuilder::Stop::overflow:
    ctx.error(err::range, b.stop_pointer(), too_large_message(overflowed_number(b.what())));
    break;
  case BoundedBuilder::Stop::depth:
    ctx.error(err::depth, b.stop_pointer(), too_deep_message());
    break;
  default: {
    // nlohmann gives a byte offset; users need line and column.
    std::string what = b.what();
    // keep nlohmann's explanation after "parse error at line L, column C: " / "syntax error while parsing ..."
    if (auto pos = what.find("syntax error"); pos != std::string::npos)
      what = what.substr(pos);
    ctx.error(err::syntax, "", "invalid JSON at " + line_column(text, b.position()) + ": " + what);
  }
  }
  throw ValidationError(origin, ctx.diagnostics());
}

std::string read_text_file(const std::string& path, const std::string& prefix)
{
  auto fail = [&](const std::string& why) {
    Context ctx(prefix);
    ctx.error(err::io, "", "cannot read file \"" + path + "\": " + why);
    throw ValidationError(path, ctx.diagnostics());
  };
  // read in blocks up to the limit: a device or a pipe (/dev/zero) has no size to check first
  auto read_all = [&](std::istream& in) {
    std::string text;
    std::array<char, 1 << 16> block{};
    while (in.read(block.data(), block.size()) || in.gcount() > 0) {
      text.append(block.data(), static_cast<std::size_t>(in.gcount()));
      if (text.size() > max_file_bytes)
        fail("larger than " + std::to_string(max_file_bytes >> 20) + " MiB, the largest input gigaline reads");
    }
    if (in.bad())
      fail("read error");
    return text;
  };
  if (path == "-") {
    // standard input: read once, then the same text each time (a command may look at its file twice: its kind,
    // then its content)
    static std::optional<std::string> stdin_text;
    if (!stdin_text)
      stdin_text = read_all(std::cin);
    return *stdin_text;
  }
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    fail("it is a directory, expected a file");
  std::ifstream in(path, std::ios::binary);
  if (!in)
    fail(std::filesystem::exists(path, ec) ? "permission denied or not a regular file" : "no such file");
  return read_all(in);
}

std::optional<Json> parse_override_value(const std::string& text, const std::string& path, Context& ctx)
{
  Json value;
  BoundedBuilder b(value);
  if (Json::sax_parse(text.begin(), text.end(), &b))
    return value;
  if (b.stop() == BoundedBuilder::Stop::overflow) {
    ctx.error(err::range, path + b.stop_pointer(), too_large_message(overflowed_number(b.what())));
    return std::nullopt;
  }
  if (b.stop() == BoundedBuilder::Stop::depth) {
    ctx.error(err::depth, path + b.stop_pointer(), too_deep_message());
    return std::nullopt;
  }
  return Json(text); // not JSON: a plain string, as users type it
}

} // namespace gigaline::scenario
