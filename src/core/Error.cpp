// src/core/Error.cpp — formatting of diagnostics and validation errors.
// The text produced here is matched exactly by tests: change it only with them.
#include "gigaline/core/Error.hpp"

namespace gigaline {

std::string Diagnostic::to_string() const
{
  return "[" + id + "] " + (pointer.empty() ? std::string("(root)") : pointer) + ": " + message;
}

namespace {
std::string summarise(const std::string& origin, const std::vector<Diagnostic>& diagnostics)
{
  std::string text =
      origin + ": " + std::to_string(diagnostics.size()) + (diagnostics.size() == 1 ? " error" : " errors");
  for (const auto& d : diagnostics)
    text += "\n  " + d.to_string();
  return text;
}
} // namespace

ValidationError::ValidationError(std::string origin, std::vector<Diagnostic> diagnostics)
    : InputError(summarise(origin, diagnostics)), origin_(std::move(origin)), diagnostics_(std::move(diagnostics))
{
}

} // namespace gigaline
