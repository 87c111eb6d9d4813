// gigaline/report/SummaryBuilder.hpp — a run's Summary built one replication at a time: each replication's KPIs
// go into running means and variances (Welford, in replication order) and are dropped, so memory does not grow
// with replications. A replication can be reduced where it ran (a worker process) and sent packed.
#pragma once

#include "gigaline/core/Stats.hpp"
#include "gigaline/report/Summary.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace gigaline::report {

/// What a run keeps of each replication beyond the running statistics.
enum class KeepPerReplication {
  totals, ///< totals and conservation error (summary.json's per_replication): a few hundred bytes
  months, ///< also the plant's monthly rows (a region adds plants run by run; a baseline keeps every curve)
};

class SummaryBuilder {
public:
  SummaryBuilder(const scenario::Scenario& s, KeepPerReplication keep);

  /// One replication's KPIs, observed figures and engine counters as bytes (doubles bit for bit), computed
  /// where the replication ran; add_packed() of the result equals add() of the replication.
  [[nodiscard]] static std::string pack(const scenario::Scenario& s, const ReplicationResult& r);

  /// The next replication (replications must come in order 0, 1, 2, ... for the same bits whatever the order
  /// they ran in).
  void add(const ReplicationResult& r);
  void add_packed(std::string_view packed);

  [[nodiscard]] int replications() const { return n_; }

  /// The summary of the replications added (the builder is spent).
  [[nodiscard]] Summary finish();

private:
  struct RowStats {
    std::vector<std::string> names;
    std::vector<Welford> w;
    void add(const Row& row, const char* what);
    [[nodiscard]] AggregatedRow result() const;
  };
  void add_kpis(const engine::PlantLayout& layout, ReplicationKpis&& k, std::vector<double>&& observed,
                std::uint64_t events, double wall_s);

  const scenario::Scenario& s_;
  KeepPerReplication keep_;
  int n_ = 0;
  Summary sum_;
  RowStats totals_;
  std::vector<RowStats> stations_, months_, lines_flat_, station_months_flat_;
  std::vector<std::size_t> lines_per_month_;
  std::vector<std::vector<double>> observed_;
};

} // namespace gigaline::report
