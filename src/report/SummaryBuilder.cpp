// src/report/SummaryBuilder.cpp — a run's Summary built replication by replication (running Welford statistics,
// the same order and so the same bits as holding every replication), and the packed form workers send back.
#include "gigaline/report/SummaryBuilder.hpp"

#include "gigaline/core/Error.hpp"
#include "gigaline/scenario/Loader.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <type_traits>

namespace gigaline::report {

namespace {

/// Bytes of plain values and strings; doubles travel bit for bit.
class Writer {
public:
  template <class T>
  void put(T v)
  {
    static_assert(std::is_trivially_copyable_v<T>);
    const auto at = out_.size();
    out_.resize(at + sizeof v);
    std::memcpy(out_.data() + at, &v, sizeof v);
  }
  void put(const std::string& s)
  {
    put(static_cast<std::uint64_t>(s.size()));
    out_.append(s);
  }
  void put(const Row& row)
  {
    put(static_cast<std::uint64_t>(row.size()));
    for (const auto& [name, v] : row) {
      put(name);
      put(v);
    }
  }
  void put(const std::vector<Row>& rows)
  {
    put(static_cast<std::uint64_t>(rows.size()));
    for (const auto& r : rows)
      put(r);
  }
  std::string take() { return std::move(out_); }

private:
  std::string out_;
};

class Reader {
public:
  explicit Reader(std::string_view in) : in_(in) {}
  template <class T>
  T get()
  {
    static_assert(std::is_trivially_copyable_v<T>);
    T v;
    need(sizeof v);
    std::memcpy(&v, in_.data() + at_, sizeof v);
    at_ += sizeof v;
    return v;
  }
  std::size_t count(std::size_t most)
  {
    const auto n = get<std::uint64_t>();
    if (n > most)
      throw EngineError("[run.E611] a packed replication is corrupt (a count of " + std::to_string(n) + ")");
    return static_cast<std::size_t>(n);
  }
  std::string string()
  {
    const std::size_t n = count(in_.size());
    need(n);
    std::string s(in_.substr(at_, n));
    at_ += n;
    return s;
  }
  Row row()
  {
    Row r(count(in_.size()));
    for (auto& [name, v] : r) {
      name = string();
      v = get<double>();
    }
    return r;
  }
  std::vector<Row> rows()
  {
    std::vector<Row> r(count(in_.size()));
    for (auto& x : r)
      x = row();
    return r;
  }
  [[nodiscard]] bool done() const { return at_ == in_.size(); }

private:
  void need(std::size_t n) const
  {
    if (n > in_.size() - at_)
      throw EngineError("[run.E611] a packed replication is cut short");
  }
  std::string_view in_;
  std::size_t at_ = 0;
};

void put_layout(Writer& w, const engine::PlantLayout& l)
{
  w.put(static_cast<std::uint64_t>(l.lines.size()));
  for (const auto& x : l.lines) {
    w.put(x.id);
    w.put(x.scenario_line);
    w.put(x.copy);
    w.put(x.first_station);
    w.put(x.station_count);
  }
  w.put(static_cast<std::uint64_t>(l.stations.size()));
  for (const auto& x : l.stations) {
    w.put(x.line);
    w.put(x.stage);
    w.put(x.name);
    w.put(x.machines);
    w.put(x.weight);
    w.put(x.ideal_cell_s);
    w.put(x.is_output);
    w.put(x.is_raw_fed);
    w.put(x.is_store);
    w.put(x.inputs);
    w.put(x.base_kw);
    w.put(x.busy_kw);
    w.put(x.idle_kw);
    w.put(x.kwh_per_cell);
  }
  w.put(l.horizon_s);
  w.put(l.warmup_s);
  w.put(l.cells_per_module);
  w.put(l.cell_energy_wh);
}

engine::PlantLayout get_layout(Reader& r, std::size_t most)
{
  engine::PlantLayout l;
  l.lines.resize(r.count(most));
  for (auto& x : l.lines) {
    x.id = r.string();
    x.scenario_line = r.get<int>();
    x.copy = r.get<int>();
    x.first_station = r.get<int>();
    x.station_count = r.get<int>();
  }
  l.stations.resize(r.count(most));
  for (auto& x : l.stations) {
    x.line = r.get<int>();
    x.stage = r.get<int>();
    x.name = r.string();
    x.machines = r.get<int>();
    x.weight = r.get<double>();
    x.ideal_cell_s = r.get<double>();
    x.is_output = r.get<bool>();
    x.is_raw_fed = r.get<bool>();
    x.is_store = r.get<bool>();
    x.inputs = r.get<int>();
    x.base_kw = r.get<double>();
    x.busy_kw = r.get<double>();
    x.idle_kw = r.get<double>();
    x.kwh_per_cell = r.get<double>();
  }
  l.horizon_s = r.get<double>();
  l.warmup_s = r.get<double>();
  l.cells_per_module = r.get<int>();
  l.cell_energy_wh = r.get<double>();
  return l;
}

[[noreturn]] void shape_error(const char* what)
{
  throw ModelError(std::string("[report.E503] replications disagree on the shape of ") + what);
}

} // namespace

void SummaryBuilder::RowStats::add(const Row& row, const char* what)
{
  if (names.empty() && w.empty()) {
    for (const auto& [name, v] : row)
      names.push_back(name);
    w.resize(row.size());
  } else if (row.size() != names.size()) {
    shape_error(what);
  }
  for (std::size_t k = 0; k < row.size(); ++k)
    w[k].add(row[k].second);
}

AggregatedRow SummaryBuilder::RowStats::result() const
{
  AggregatedRow out;
  out.names = names;
  for (const auto& x : w)
    out.values.push_back(ci95(x));
  return out;
}

SummaryBuilder::SummaryBuilder(const scenario::Scenario& s, KeepPerReplication keep) : s_(s), keep_(keep)
{
  sum_.scenario = s.name;
  sum_.scenario_hash = scenario::scenario_hash(s);
  sum_.seed = s.run.seed;
}

std::string SummaryBuilder::pack(const scenario::Scenario& s, const ReplicationResult& r)
{
  const ReplicationKpis k = compute_kpis(s, r);
  Writer w;
  put_layout(w, r.layout);
  w.put(k.totals);
  w.put(k.stations);
  w.put(k.months);
  w.put(static_cast<std::uint64_t>(k.month_of.size()));
  for (const Month m : k.month_of)
    w.put(m.index());
  w.put(static_cast<std::uint64_t>(k.station_months.size()));
  for (const auto& rows : k.station_months)
    w.put(rows);
  w.put(static_cast<std::uint64_t>(k.line_months.size()));
  for (const auto& rows : k.line_months)
    w.put(rows);
  w.put(k.conservation_error);
  const std::vector<double> observed = observe(s, r);
  w.put(static_cast<std::uint64_t>(observed.size()));
  for (const double v : observed)
    w.put(v);
  w.put(r.stats.events);
  w.put(r.stats.wall_s);
  return w.take();
}

void SummaryBuilder::add(const ReplicationResult& r)
{
  add_kpis(r.layout, compute_kpis(s_, r), observe(s_, r), r.stats.events, r.stats.wall_s);
}

void SummaryBuilder::add_packed(std::string_view packed)
{
  Reader r(packed);
  const std::size_t most = packed.size();
  const engine::PlantLayout layout = get_layout(r, most);
  ReplicationKpis k;
  k.totals = r.row();
  k.stations = r.rows();
  k.months = r.rows();
  k.month_of.resize(r.count(most));
  for (auto& m : k.month_of)
    m = Month::from_index(r.get<int>());
  k.station_months.resize(r.count(most));
  for (auto& rows : k.station_months)
    rows = r.rows();
  k.line_months.resize(r.count(most));
  for (auto& rows : k.line_months)
    rows = r.rows();
  k.conservation_error = r.get<double>();
  std::vector<double> observed(r.count(most));
  for (auto& v : observed)
    v = r.get<double>();
  const auto events = r.get<std::uint64_t>();
  const auto wall_s = r.get<double>();
  if (!r.done())
    throw EngineError("[run.E611] a packed replication has bytes left over");
  add_kpis(layout, std::move(k), std::move(observed), events, wall_s);
}

void SummaryBuilder::add_kpis(const engine::PlantLayout& layout, ReplicationKpis&& k, std::vector<double>&& observed,
                              std::uint64_t events, double wall_s)
{
  const bool first = n_ == 0;
  if (first) {
    sum_.layout = layout; // every replication of a scenario has the same plant
    stations_.resize(k.stations.size());
    months_.resize(k.months.size());
    sum_.month_of = k.month_of;
    station_months_flat_.resize(k.station_months.size() * k.stations.size());
    for (const auto& rows : k.line_months)
      lines_per_month_.push_back(rows.size());
    std::size_t lines = 0;
    for (const auto n : lines_per_month_)
      lines += n;
    lines_flat_.resize(lines);
  } else if (k.stations.size() != stations_.size() || k.months.size() != months_.size() ||
             k.station_months.size() * k.stations.size() != station_months_flat_.size() ||
             k.line_months.size() != lines_per_month_.size()) {
    shape_error("a replication");
  }
  totals_.add(k.totals, "totals");
  for (std::size_t i = 0; i < k.stations.size(); ++i)
    stations_[i].add(k.stations[i], "stations");
  for (std::size_t m = 0; m < k.months.size(); ++m)
    months_[m].add(k.months[m], "months");
  for (std::size_t m = 0; m < k.station_months.size(); ++m) {
    if (k.station_months[m].size() != stations_.size())
      shape_error("station months");
    for (std::size_t i = 0; i < stations_.size(); ++i)
      station_months_flat_[m * stations_.size() + i].add(k.station_months[m][i], "station months");
  }
  std::size_t at = 0;
  for (std::size_t m = 0; m < k.line_months.size(); ++m) {
    if (k.line_months[m].size() != lines_per_month_[m])
      shape_error("line months");
    for (const auto& row : k.line_months[m])
      lines_flat_[at++].add(row, "line months");
  }
  sum_.events += events;
  sum_.wall_s += wall_s;
  observed_.push_back(std::move(observed));
  // what stays of the replication: its totals (summary.json's per_replication), and its months if asked
  ReplicationKpis kept;
  kept.totals = std::move(k.totals);
  kept.conservation_error = k.conservation_error;
  if (keep_ == KeepPerReplication::months) {
    kept.months = std::move(k.months);
    kept.month_of = std::move(k.month_of);
  }
  sum_.per_replication.push_back(std::move(kept));
  ++n_;
}

Summary SummaryBuilder::finish()
{
  Summary sum = std::move(sum_);
  sum.replications = n_;
  if (n_ == 0)
    return sum;
  sum.totals = totals_.result();
  for (const auto& x : stations_)
    sum.stations.push_back(x.result());
  for (const auto& x : months_)
    sum.months.push_back(x.result());
  const std::size_t stations = stations_.size();
  for (std::size_t m = 0; stations > 0 && m < station_months_flat_.size() / stations; ++m) {
    sum.station_months.emplace_back();
    for (std::size_t i = 0; i < stations; ++i)
      sum.station_months.back().push_back(station_months_flat_[m * stations + i].result());
  }
  std::size_t at = 0;
  for (const auto n : lines_per_month_) {
    sum.line_months.emplace_back();
    for (std::size_t l = 0; l < n; ++l)
      sum.line_months.back().push_back(lines_flat_[at++].result());
  }
  sum.observations = fit_observations(s_, observed_);
  sum.nameplate = nameplate_lines(s_);
  if (s_.cost)
    sum.cell_price_eur_per_kwh = s_.cost->cell_price_eur_per_kwh;
  sum.timeline = timeline_of(s_);
  for (const auto& src : s_.sources)
    if (std::any_of(s_.observations.begin(), s_.observations.end(),
                    [&](const scenario::Observation& o) { return o.source == src.id; }))
      sum.sources.push_back(src);
  return sum;
}

Summary summarise(const scenario::Scenario& s, const std::vector<ReplicationResult>& results)
{
  SummaryBuilder b(s, KeepPerReplication::months);
  for (const auto& r : results)
    b.add(r);
  return b.finish();
}

} // namespace gigaline::report
