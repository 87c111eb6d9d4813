// src/sweep/Table.hpp — the plain-text tables of `gigaline sweep summary` (right-aligned columns) and the
// factor values as read in them; shared by ResultsDb.cpp and Analysis.cpp.
#pragma once

#include "gigaline/core/Text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <ostream>
#include <string>
#include <vector>

namespace gigaline::sweep::text {

/// For reading, not for reading back: the CSV export has every digit.
using gigaline::text::factor_text;

/// Right-aligned columns as wide as their widest cell, two spaces apart, indented by two.
inline void print_table(const std::vector<std::vector<std::string>>& rows, std::ostream& out)
{
  std::vector<int> width;
  for (const auto& row : rows)
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (width.size() <= c)
        width.push_back(0);
      width[c] = std::max(width[c], static_cast<int>(row[c].size()));
    }
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c) {
      std::vector<char> buf(static_cast<std::size_t>(width[c]) + row[c].size() + 3);
      std::snprintf(buf.data(), buf.size(), "  %*s", width[c], row[c].c_str());
      line += buf.data();
    }
    out << line << "\n";
  }
}

} // namespace gigaline::sweep::text
