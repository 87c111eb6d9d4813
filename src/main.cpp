// src/main.cpp — the gigaline executable: everything is in gigaline::lib, see cli/App.hpp.
#include "gigaline/cli/App.hpp"
#include "gigaline/core/Interrupt.hpp"

#include <iostream>

int main(int argc, char** argv)
{
  gigaline::install_interrupt_handlers(); // SIGINT, SIGTERM: exit 130, 143 with one line on stderr
  return gigaline::cli::run(argc, argv, std::cout, std::cerr);
}
