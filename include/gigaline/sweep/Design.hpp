// gigaline/sweep/Design.hpp — the points of a sweep: the factors' levels combined by its design (full grid,
// one-at-a-time around the base, Latin hypercube), as the values to write at each factor's JSON pointer.
#pragma once

#include "gigaline/scenario/Sweep.hpp"

#include <vector>

namespace gigaline::sweep {

using Json = scenario::Json;

/// The levels a grid or one-at-a-time design uses: the values as written, a range's steps, or a
/// distribution's `levels` quantiles (i + 0.5) / levels; integers rounded when the factor says so.
std::vector<Json> factor_levels(const scenario::Factor& f);

/// The value of a factor at probability u in (0, 1): its inverse distribution function (a values list is
/// stratified in equal shares, a range is uniform on its scale).
Json factor_at(const scenario::Factor& f, double u);

/// Every point of the design, [point][factor], in a stable order: a grid varies the last factor fastest;
/// one-at-a-time starts with the base point (every factor at its base value), then each factor's levels
/// that differ from its base value; a Latin hypercube has `samples` points, each factor's interval cut in
/// `samples` equal-probability strata, each stratum used once, with the design's seed; a Sobol design has
/// `samples` rows i of k + 2 points: A_i, B_i (independent uniform draws through each factor's inverse
/// distribution function) and A_i with factor j taken from B_i (j = 0 .. k-1), point i * (k + 2) + 2 + j.
std::vector<std::vector<Json>> design_points(const scenario::LoadedSweep& s);

/// The uniforms (0, 1) of a Sobol design, [point][factor], in design_points' order (what factor_at turns into
/// values): for the tests of the estimators on functions of the uniforms.
std::vector<std::vector<double>> sobol_uniforms(int rows, std::size_t factors, std::uint64_t seed);

/// The point the others are compared with: one-at-a-time's point 0; in a grid the point with every factor at
/// the base scenario's own value, or point 0 when the grid has none; 0 for sampled designs (no base).
int base_point(const scenario::LoadedSweep& s, const std::vector<std::vector<Json>>& points);

/// The base scenario document with a point's values written at the factors' pointers.
Json point_document(const scenario::LoadedSweep& s, const std::vector<Json>& point);

} // namespace gigaline::sweep
