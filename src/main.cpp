// src/main.cpp — the gigaline executable: everything is in gigaline::lib, see cli/App.hpp.
#include "gigaline/cli/App.hpp"

#include <iostream>

int main(int argc, char** argv)
{
  return gigaline::cli::run(argc, argv, std::cout, std::cerr);
}
