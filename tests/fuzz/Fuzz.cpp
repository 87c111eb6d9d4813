// tests/fuzz/Fuzz.cpp — libFuzzer entry point of one harness; GIGALINE_FUZZ_TARGET names its target (built by
// the fuzz preset with clang, -fsanitize=fuzzer,address,undefined; see docs/fuzzing.md).
#include "Targets.hpp"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  static const auto target = gigaline::fuzz::target_named(GIGALINE_FUZZ_TARGET);
  if (!target)
    std::abort();
  (void)gigaline::fuzz::run_target(*target, data, size);
  return 0;
}
