// src/calibrate/Calibrate.cpp — bounded Levenberg-Marquardt on Eigen. Bounds are kept by fitting an
// unbounded u with theta = lo + (hi - lo) / (1 + exp(-u)) (in log space for log parameters). Residuals
// are (simulated mean - observed) / sigma over R replications with fixed seeds (common random numbers),
// so the objective is a deterministic function of theta. Finite differences use a step of 0.1 in u (a
// few % of the range): small enough to follow the curve, large enough to see through the integer noise
// of cell counts. Each evaluation's replications run in a fork pool.
#include "gigaline/calibrate/Calibrate.hpp"

#include "gigaline/core/Error.hpp"
#include "gigaline/core/ProcessPool.hpp"
#include "gigaline/run/Replications.hpp"

#include <Eigen/Dense>

#include <cmath>
#include <cstdio>
#include <limits>
#include <ostream>

namespace gigaline::calibrate {

namespace {
constexpr double du = 0.1;

struct Map {
  double lo, hi;
  bool log;
  [[nodiscard]] double theta(double u) const
  {
    const double z = 1.0 / (1.0 + std::exp(-u));
    const double x = lo + (hi - lo) * z;
    return log ? std::exp(x) : x;
  }
  [[nodiscard]] double u_of(double theta) const
  {
    const double x = log ? std::log(theta) : theta;
    double z = (x - lo) / (hi - lo);
    z = std::clamp(z, 1e-4, 1 - 1e-4);
    return std::log(z / (1 - z));
  }
  [[nodiscard]] double dtheta_du(double u) const
  {
    const double z = 1.0 / (1.0 + std::exp(-u));
    const double dx = (hi - lo) * z * (1 - z);
    return log ? theta(u) * dx : dx;
  }
};

class Objective {
public:
  Objective(const scenario::Json& doc, std::string origin, int replications, int jobs)
      : doc_(doc), origin_(std::move(origin)), replications_(replications), jobs_(jobs)
  {
    base_ = scenario::from_json(doc_, origin_);
    for (const auto& p : base_.calibration.parameters) {
      paths_.push_back(p.path);
      maps_.push_back({p.log ? std::log(p.min) : p.min, p.log ? std::log(p.max) : p.max, p.log});
    }
  }

  [[nodiscard]] const scenario::Scenario& base() const { return base_; }
  [[nodiscard]] const std::vector<Map>& maps() const { return maps_; }
  [[nodiscard]] const std::vector<std::string>& paths() const { return paths_; }
  int evaluations = 0;

  [[nodiscard]] std::vector<double> thetas(const Eigen::VectorXd& u) const
  {
    std::vector<double> t;
    for (Eigen::Index j = 0; j < u.size(); ++j)
      t.push_back(maps_[static_cast<std::size_t>(j)].theta(u[j]));
    return t;
  }

  [[nodiscard]] scenario::Scenario scenario_at(const Eigen::VectorXd& u) const
  {
    const auto t = thetas(u);
    try {
      auto s = scenario::from_json(scenario::with_numbers(doc_, paths_, t), origin_);
      s.run.replications = replications_;
      return s;
    } catch (const ValidationError& e) {
      // A trial point inside the bounds that the scenario rejects (an initial scrap below the mature one, say):
      // the bounds promise values the model cannot take, so say which values and what to change.
      std::string values;
      for (std::size_t j = 0; j < t.size(); ++j)
        values += (j ? ", " : "") + paths_[j] + "=" + scenario::format_number(t[j]);
      std::string problems;
      for (const auto& d : e.diagnostics())
        problems += "\n  " + d.to_string();
      throw InputError("[calibrate.E703] " + origin_ + ": the trial values " + values + " make the scenario invalid:" +
                       problems + "\nnarrow the bounds in /calibration/parameters to values the scenario accepts");
    }
  }

  /// Weighted residuals at several points at once: every (point, replication) is one pool task.
  std::vector<Eigen::VectorXd> residuals(const std::vector<Eigen::VectorXd>& points)
  {
    std::vector<scenario::Scenario> scenarios;
    for (const auto& u : points)
      scenarios.push_back(scenario_at(u));
    const std::size_t r = static_cast<std::size_t>(replications_);
    const auto values = fork_map(points.size() * r, jobs_, [&](std::size_t task) {
      const auto& s = scenarios[task / r];
      return report::observe(s, run::run_replication(s, static_cast<int>(task % r)));
    });
    evaluations += static_cast<int>(points.size());
    std::vector<Eigen::VectorXd> out;
    const auto& obs = base_.observations;
    for (std::size_t p = 0; p < points.size(); ++p) {
      Eigen::VectorXd res(static_cast<Eigen::Index>(obs.size()));
      for (std::size_t k = 0; k < obs.size(); ++k) {
        double sum = 0;
        bool covered = true;
        for (std::size_t rep = 0; rep < r; ++rep) {
          const double v = values[p * r + rep][k];
          covered = covered && std::isfinite(v);
          sum += v;
        }
        // an observation the run does not cover, or one shown but not fitted, weighs nothing
        res[static_cast<Eigen::Index>(k)] =
            covered && obs[k].fit ? report::residual(obs[k], sum / static_cast<double>(r)) : 0.0;
      }
      out.push_back(res);
    }
    return out;
  }

  Eigen::MatrixXd jacobian(const Eigen::VectorXd& u, const Eigen::VectorXd& r0)
  {
    std::vector<Eigen::VectorXd> points;
    for (Eigen::Index j = 0; j < u.size(); ++j) {
      Eigen::VectorXd v = u;
      v[j] += du;
      points.push_back(v);
    }
    const auto rs = residuals(points);
    Eigen::MatrixXd J(r0.size(), u.size());
    for (Eigen::Index j = 0; j < u.size(); ++j)
      J.col(j) = (rs[static_cast<std::size_t>(j)] - r0) / du;
    return J;
  }

private:
  scenario::Json doc_;
  std::string origin_;
  int replications_, jobs_;
  scenario::Scenario base_;
  std::vector<std::string> paths_;
  std::vector<Map> maps_;
};

std::string values_text(const std::vector<std::string>& paths, const std::vector<double>& v)
{
  std::string t;
  for (std::size_t j = 0; j < v.size(); ++j) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.5g", v[j]);
    t += (j ? ", " : "") + paths[j] + "=" + buf;
  }
  return t;
}
} // namespace

Result calibrate(const scenario::Json& doc, const std::string& origin, const Options& options)
{
  const scenario::Scenario first = scenario::from_json(doc, origin);
  if (first.calibration.parameters.empty())
    throw InputError("[calibrate.E701] " + origin + ": /calibration/parameters is empty: nothing to fit");
  if (first.observations.empty())
    throw InputError("[calibrate.E702] " + origin + ": /observations is empty: nothing to fit to");
  const int reps = options.replications.value_or(first.calibration.replications);
  const int max_iter = options.max_iterations.value_or(first.calibration.max_iterations);
  Objective f(doc, origin, reps, options.jobs);
  const std::size_t p = f.paths().size();

  Eigen::VectorXd u(static_cast<Eigen::Index>(p));
  std::vector<double> start;
  for (std::size_t j = 0; j < p; ++j) {
    start.push_back(scenario::number_at(doc, f.paths()[j]));
    u[static_cast<Eigen::Index>(j)] = f.maps()[j].u_of(start.back());
  }
  Eigen::VectorXd r = f.residuals({u})[0];
  Result result;
  result.chi2_start = r.squaredNorm();
  double lambda = 1e-2;
  Eigen::MatrixXd J = f.jacobian(u, r);
  int it = 0;
  for (; it < max_iter; ++it) {
    const Eigen::MatrixXd A = J.transpose() * J;
    const Eigen::VectorXd g = J.transpose() * r;
    bool improved = false;
    for (int tries = 0; tries < 8 && !improved; ++tries) {
      Eigen::MatrixXd M = A;
      M.diagonal() += lambda * (A.diagonal().array() + 1e-9).matrix();
      const Eigen::VectorXd step = M.ldlt().solve(-g);
      Eigen::VectorXd trial = u + step.cwiseMax(-3.0).cwiseMin(3.0);
      const Eigen::VectorXd rt = f.residuals({trial})[0];
      if (rt.squaredNorm() < r.squaredNorm()) {
        const double gain = r.squaredNorm() - rt.squaredNorm();
        u = trial;
        r = rt;
        lambda = std::max(lambda / 3.0, 1e-7);
        improved = true;
        if (options.progress)
          *options.progress << "iteration " << it + 1 << ": chi2 " << r.squaredNorm() << ", "
                            << values_text(f.paths(), f.thetas(u)) << "\n";
        if (gain < 1e-4 * std::max(1.0, r.squaredNorm())) {
          result.converged = true;
        }
      } else {
        lambda *= 4.0;
      }
    }
    if (!improved) {
      result.converged = true; // no step lowers chi2: a (local) minimum at this resolution
      break;
    }
    J = f.jacobian(u, r);
    if (result.converged)
      break;
  }
  result.iterations = it;
  result.chi2 = r.squaredNorm();

  // Standard errors by the delta method: the covariance of the well-scaled u is (J' J)^-1 from the SVD of
  // the sigma-weighted Jacobian J; a direction of u that the observations do not constrain (singular value
  // below 1e-6 of the largest) makes every parameter loading on it unidentified (infinite error). Then
  // se(theta) = se(u) |dtheta/du|. Inverting in theta instead mixes scales (cells and days) and the
  // pseudo-inverse would silently report tiny errors for unidentified parameters.
  const Eigen::JacobiSVD<Eigen::MatrixXd> svd(J, Eigen::ComputeFullV);
  const Eigen::VectorXd sv = svd.singularValues();
  const Eigen::MatrixXd V = svd.matrixV();
  const double sv_tol = 1e-6 * (sv.size() > 0 ? sv(0) : 0.0);
  std::vector<double> var_u(p, 0.0);
  for (Eigen::Index k = 0; k < static_cast<Eigen::Index>(p); ++k)
    for (std::size_t j = 0; j < p; ++j) {
      const double loading = V(static_cast<Eigen::Index>(j), k);
      if (k >= sv.size() || sv(k) <= sv_tol) {
        if (std::abs(loading) > 1e-6)
          var_u[j] = std::numeric_limits<double>::infinity();
      } else {
        var_u[j] += loading * loading / (sv(k) * sv(k));
      }
    }
  const auto theta = f.thetas(u);
  for (std::size_t j = 0; j < p; ++j) {
    const auto& cp = f.base().calibration.parameters[j];
    ParameterFit pf;
    pf.path = cp.path;
    pf.start = start[j];
    pf.value = theta[j];
    pf.std_error = std::sqrt(var_u[j]) * std::abs(f.maps()[j].dtheta_du(u[static_cast<Eigen::Index>(j)]));
    pf.min = cp.min;
    pf.max = cp.max;
    pf.at_bound = std::abs(u[static_cast<Eigen::Index>(j)]) > 8.0;
    result.parameters.push_back(pf);
  }
  result.calibrated = scenario::with_numbers(doc, f.paths(), theta);
  // observations at the fitted point, with their intervals
  const auto s = f.scenario_at(u);
  const auto runs = run::run_replications(s); // s.run.replications = reps
  result.observations = report::compare_observations(s, runs);
  result.evaluations = f.evaluations;
  return result;
}

void print_result(const Result& r, std::ostream& out)
{
  char buf[256];
  out << "\nCalibration " << (r.converged ? "converged" : "stopped at the iteration limit") << " after " << r.iterations
      << " iteration(s), " << r.evaluations << " evaluation(s); chi2 " << r.chi2_start << " -> " << r.chi2 << "\n";
  std::snprintf(buf, sizeof buf, "  %-44s %12s %12s %12s %12s %12s\n", "parameter", "start", "fitted", "std error",
                "min", "max");
  out << buf;
  for (const auto& p : r.parameters) {
    std::snprintf(buf, sizeof buf, "  %-44s %12.5g %12.5g %12.3g %12.5g %12.5g%s\n", p.path.c_str(), p.start, p.value,
                  p.std_error, p.min, p.max, p.at_bound ? "  (at a bound)" : "");
    out << buf;
  }
  report::print_observations(r.observations, out);
}

} // namespace gigaline::calibrate
