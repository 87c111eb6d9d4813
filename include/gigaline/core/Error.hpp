// gigaline/core/Error.hpp — the exception hierarchy of gigaline, one root subdivided by cause.
// Input errors map to exit code 2, model and engine errors to 3 (see cli/ExitCode).
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace gigaline {

/// Root of every exception gigaline throws on purpose. The message starts with a stable id.
class Error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// Bad input from a user: a scenario, an override, a command-line argument. Exit code 2.
class InputError : public Error {
public:
  using Error::Error;
};

/// The model reached a state its assumptions exclude (a bug or an unsupported combination). Exit code 3.
class ModelError : public Error {
public:
  using Error::Error;
};

/// The event engine failed (SimGrid reported an error, a run did not finish). Exit code 3.
class EngineError : public Error {
public:
  using Error::Error;
};

/// One problem found in an input document: stable id, JSON pointer, and an explanation that says what
/// was expected and what was found.
struct Diagnostic {
  std::string id;      ///< e.g. "scenario.E104"
  std::string pointer; ///< JSON pointer ("" is the document root)
  std::string message; ///< e.g. "expected a number > 0, found -5"

  /// "[scenario.E104] /lines/0/mtbf_h: expected a number > 0, found -5"
  [[nodiscard]] std::string to_string() const;
  bool operator==(const Diagnostic&) const = default;
};

/// An input document with one or more problems; all of them are carried, in document order.
class ValidationError : public InputError {
public:
  ValidationError(std::string origin, std::vector<Diagnostic> diagnostics);
  [[nodiscard]] const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  [[nodiscard]] const std::string& origin() const { return origin_; }

private:
  std::string origin_;
  std::vector<Diagnostic> diagnostics_;
};

} // namespace gigaline
