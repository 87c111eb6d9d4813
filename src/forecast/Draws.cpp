// src/forecast/Draws.cpp — parameter sets for a forecast: a Gaussian in the calibration's unbounded space
// around the scenario's values (Laplace approximation, Cholesky on Eigen), or the parameters' ranges.
#include "gigaline/calibrate/ParameterMap.hpp"
#include "gigaline/core/Error.hpp"
#include "gigaline/core/Random.hpp"
#include "gigaline/forecast/Forecast.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>

namespace gigaline::forecast {

using calibrate::ParameterMap;

std::vector<std::vector<double>> draw_parameters(const scenario::Scenario& s, const scenario::Json& doc, int draws,
                                                 std::uint64_t seed)
{
  const auto& params = s.calibration.parameters;
  const std::size_t p = params.size();
  std::vector<ParameterMap> maps;
  std::vector<double> u0;
  for (const auto& cp : params) {
    maps.emplace_back(cp);
    u0.push_back(maps.back().u_of(scenario::number_at(doc, cp.path), 1e-9));
  }
  RandomStream rng(seed, 0, entity_id("forecast/draws"));
  std::vector<std::vector<double>> out;
  const auto& post = s.calibration.posterior;
  std::vector<std::size_t> fixed_range, gaussian;
  for (std::size_t j = 0; j < p; ++j) {
    const bool unidentified = post && std::find(post->unidentified.begin(), post->unidentified.end(), params[j].path) !=
                                          post->unidentified.end();
    (post && !unidentified ? gaussian : fixed_range).push_back(j);
  }
  // the Cholesky factor of the identified block; a covariance that is not positive definite (a direction the
  // fit barely saw) is factored through its eigenvalues, negative ones set to 0
  const auto n = static_cast<Eigen::Index>(gaussian.size());
  Eigen::MatrixXd cov(n, n);
  for (Eigen::Index a = 0; a < n; ++a)
    for (Eigen::Index b = 0; b < n; ++b)
      cov(a, b) = post->covariance_u[gaussian[static_cast<std::size_t>(a)]][gaussian[static_cast<std::size_t>(b)]];
  Eigen::MatrixXd factor = Eigen::MatrixXd::Zero(n, n);
  if (n > 0) {
    Eigen::LLT<Eigen::MatrixXd> llt(cov);
    if (llt.info() == Eigen::Success) {
      factor = llt.matrixL();
    } else {
      Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(cov);
      factor = es.eigenvectors() * es.eigenvalues().cwiseMax(0.0).cwiseSqrt().asDiagonal();
    }
  }
  for (int k = 0; k < draws; ++k) {
    std::vector<double> theta(p);
    Eigen::VectorXd z(n);
    for (Eigen::Index a = 0; a < n; ++a)
      z(a) = rng.normal();
    const Eigen::VectorXd du = factor * z;
    for (Eigen::Index a = 0; a < n; ++a) {
      const std::size_t j = gaussian[static_cast<std::size_t>(a)];
      theta[j] = maps[j].theta(u0[j] + du(a));
    }
    for (std::size_t j : fixed_range)
      theta[j] = maps[j].from_range(rng.uniform());
    for (const auto& a : s.calibration.assumptions)
      theta.push_back(ParameterMap(a).from_range(rng.uniform()));
    out.push_back(std::move(theta));
  }
  return out;
}

} // namespace gigaline::forecast
