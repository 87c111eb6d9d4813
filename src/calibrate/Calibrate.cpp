// src/calibrate/Calibrate.cpp — bounded Levenberg-Marquardt on Eigen. Bounds are kept by fitting an
// unbounded u with theta = lo + (hi - lo) / (1 + exp(-u)) (in log space for log parameters). Residuals
// are (simulated mean - observed) / sigma over R replications with fixed seeds (common random numbers),
// so the objective is a deterministic function of theta. Finite differences use a step of 0.1 in u (a
// few % of the range): small enough to follow the curve, large enough to see through the integer noise
// of cell counts. Each evaluation's replications run in a fork pool.
#include "gigaline/calibrate/Calibrate.hpp"

#include "gigaline/calibrate/ParameterMap.hpp"
#include "gigaline/core/Error.hpp"
#include "gigaline/core/ProcessPool.hpp"
#include "gigaline/run/Replications.hpp"
#include "gigaline/scenario/ScenarioDescriptors.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <ostream>

namespace gigaline::calibrate {

namespace {
constexpr double du = 0.1;

class Objective {
public:
  Objective(const scenario::Json& doc, std::string origin, int replications, int jobs)
      : doc_(doc), origin_(std::move(origin)), replications_(replications), jobs_(jobs)
  {
    base_ = scenario::from_json(doc_, origin_);
    for (const auto& p : base_.calibration.parameters) {
      paths_.push_back(p.path);
      maps_.emplace_back(p);
    }
  }

  [[nodiscard]] const scenario::Scenario& base() const { return base_; }
  [[nodiscard]] const std::vector<ParameterMap>& maps() const { return maps_; }
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
        // an observation the run does not reach, or one shown but not fitted, weighs nothing; one inside the
        // horizon that the run cannot compute (no cells judged that month) is a miss: a trial point cannot
        // escape a figure by making nothing
        double z = 0.0;
        if (obs[k].fit && covered)
          z = report::residual(obs[k], sum / static_cast<double>(r));
        else if (obs[k].fit && report::within_horizon(base_, obs[k]))
          z = report::unmeasurable_residual;
        res[static_cast<Eigen::Index>(k)] = z;
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
  std::vector<ParameterMap> maps_;
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
  if (std::none_of(first.observations.begin(), first.observations.end(),
                   [](const scenario::Observation& o) { return o.fit; }))
    throw InputError("[calibrate.E704] " + origin +
                     ": every observation is shown but not fitted (fit: false): nothing to fit to; the ranges of "
                     "/calibration/parameters are what gigaline forecast draws from");
  const int reps = options.replications.value_or(first.calibration.replications);
  const int max_iter = options.max_iterations.value_or(first.calibration.max_iterations);
  Objective f(doc, origin, reps, options.jobs);
  const std::size_t p = f.paths().size();

  Eigen::VectorXd u(static_cast<Eigen::Index>(p));
  std::vector<double> start;
  for (std::size_t j = 0; j < p; ++j) {
    start.push_back(scenario::number_at(doc, f.paths()[j]));
    u[static_cast<Eigen::Index>(j)] = f.maps()[j].u_of(start.back(), 1e-4); // a start on an end begins just inside it
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
  // covariance of u over the identified directions, and the correlations of the parameters (the delta method
  // scales each u by a positive or negative factor: the correlation of theta_i, theta_j is that of u_i, u_j
  // times the signs of dtheta/du, which are positive for the logistic map)
  Eigen::MatrixXd cov = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(p), static_cast<Eigen::Index>(p));
  for (Eigen::Index k = 0; k < sv.size(); ++k)
    if (sv(k) > sv_tol)
      cov += V.col(k) * V.col(k).transpose() / (sv(k) * sv(k));
  result.covariance_u.assign(p, std::vector<double>(p, 0.0));
  result.correlation.assign(p, std::vector<double>(p, std::numeric_limits<double>::quiet_NaN()));
  for (std::size_t i = 0; i < p; ++i)
    for (std::size_t j = 0; j < p; ++j) {
      const auto a = static_cast<Eigen::Index>(i), b = static_cast<Eigen::Index>(j);
      result.covariance_u[i][j] = cov(a, b);
      if (std::isfinite(var_u[i]) && std::isfinite(var_u[j]) && cov(a, a) > 0 && cov(b, b) > 0)
        result.correlation[i][j] = cov(a, b) / std::sqrt(cov(a, a) * cov(b, b));
    }
  const auto theta = f.thetas(u);
  result.u.assign(u.data(), u.data() + u.size());
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
  // the posterior the forecast draws from: the covariance of u, widened by the misfit when chi2 exceeds its
  // degrees of freedom (a model that misses its figures is less sure than (J'J)^-1 says)
  int fitted = 0;
  for (const auto& o : f.base().observations)
    fitted += o.fit && report::within_horizon(f.base(), o) ? 1 : 0;
  const int dof = fitted - static_cast<int>(p);
  const double scale = dof > 0 ? std::max(1.0, result.chi2 / dof) : 1.0;
  scenario::Posterior post;
  post.u = result.u;
  post.chi2 = result.chi2;
  post.fitted_observations = fitted;
  post.scale = scale;
  for (std::size_t i = 0; i < p; ++i) {
    std::vector<double> row;
    for (std::size_t j = 0; j < p; ++j)
      row.push_back(result.covariance_u[i][j] * scale);
    post.covariance_u.push_back(row);
    if (!std::isfinite(var_u[i]))
      post.unidentified.push_back(f.paths()[i]);
  }
  result.calibrated["calibration"]["posterior"] = scenario::document_of(post);
  // observations at the fitted point, with their intervals
  const auto s = f.scenario_at(u);
  const auto runs = run::run_replications(s); // s.run.replications = reps
  result.observations = report::compare_observations(s, runs);
  result.evaluations = f.evaluations;
  return result;
}

std::vector<LeaveOneOut> leave_one_out(const scenario::Json& doc, const std::string& origin, const Options& options,
                                       const Result& full)
{
  std::vector<LeaveOneOut> rows;
  const auto& observations = doc.at("observations");
  // start each refit at the full fit: the refit only moves as far as the left-out figure pulled it
  scenario::Json start = full.calibrated;
  for (std::size_t k = 0; k < observations.size(); ++k) {
    if (!observations[k].value("fit", true))
      continue;
    scenario::Json without = start;
    without["observations"][k]["fit"] = false;
    Options quiet = options;
    quiet.progress = nullptr;
    const Result r = calibrate(without, origin + " without " + observations[k].at("id").get<std::string>(), quiet);
    LeaveOneOut row;
    row.observation = r.observations[k];
    row.chi2 = r.chi2;
    for (const auto& pf : r.parameters)
      row.values.push_back(pf.value);
    // z of the prediction: the distance to the figure over its sigma and the simulated interval together
    const auto& f = row.observation;
    const double spread = std::hypot(f.sigma, f.simulated.half_width / 1.96);
    scenario::Observation o;
    o.bound = f.bound;
    o.value = f.observed;
    o.upper = f.upper;
    o.rel_sigma = f.observed > 0 ? spread / f.observed : spread;
    row.z = f.covered ? report::residual(o, f.simulated.mean) : 0.0;
    rows.push_back(row);
  }
  return rows;
}

void print_leave_one_out(const std::vector<LeaveOneOut>& rows, std::ostream& out)
{
  out << "\nLeave-one-out: each fitted observation predicted by a refit without it\n";
  char buf[256];
  std::snprintf(buf, sizeof buf, "  %-22s %-18s %-12s %14s %14s %12s %7s %9s\n", "id", "metric", "when", "observed",
                "predicted", "+/-", "z", "chi2");
  out << buf;
  for (const auto& row : rows) {
    const auto& f = row.observation;
    std::snprintf(buf, sizeof buf, "  %-22s %-18s %-12s %14s %14.6g %12.4g %7.2f %9.3g\n", f.id.c_str(),
                  f.metric.c_str(), f.when.c_str(), report::observed_text(f).c_str(), f.simulated.mean,
                  f.simulated.half_width, row.z, row.chi2);
    out << buf;
  }
  out << "  z = (predicted - observed) / sqrt(sigma^2 + (half-width / 1.96)^2), 0 inside a bound; |z| > 2 means the "
         "other figures do not predict this one\n";
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
  const std::size_t p = r.parameters.size();
  if (p > 1 && r.correlation.size() == p) {
    out << "\nCorrelations of the fitted parameters (nan: not identified)\n";
    for (std::size_t i = 0; i < p; ++i) {
      std::snprintf(buf, sizeof buf, "  %-44s", r.parameters[i].path.c_str());
      out << buf;
      for (std::size_t j = 0; j < p; ++j) {
        std::snprintf(buf, sizeof buf, " %6.2f", r.correlation[i][j]);
        out << buf;
      }
      out << "\n";
    }
  }
  for (const auto& pf : r.parameters)
    if (pf.at_bound)
      out << "\n!! " << pf.path << " = " << pf.value << " is on a bound of its range [" << pf.min << ", " << pf.max
          << "]: the observations push it past what the range allows. Its value is a limit, not a fit, and its "
             "standard error means nothing. Widen the range if the limit is not physical, or fix the parameter "
             "to a sourced value and list it as an assumption.\n";
  report::print_observations(r.observations, out);
}

} // namespace gigaline::calibrate
