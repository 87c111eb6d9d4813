// src/report/Stages.cpp — stations of the same name summed over lines, month by month, and the bottleneck of a
// month (the stage busiest for its scheduled time), shared by the run page and the sweep's stage_monthly table.
#include "gigaline/report/Stages.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace gigaline::report {

namespace {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
} // namespace

void StageMonth::add(double station_machines, const std::array<double, 6>& shares, double oee, double cells_out,
                     double scrap_found, double scrap_caused)
{
  machines += station_machines;
  for (std::size_t k = 0; k < states.size(); ++k)
    states[k] += station_machines * shares[k];
  const double s = station_machines * (1 - shares[5]);
  scheduled += s;
  oee_weighted += s * oee;
  out += cells_out;
  found += scrap_found;
  caused += scrap_caused;
}

double StageMonth::share(std::size_t k) const
{
  return machines > 0 ? states[k] / machines : nan;
}

double StageMonth::busy_share() const
{
  return scheduled > 0 ? states[0] / scheduled : nan;
}

double StageMonth::oee() const
{
  return scheduled > 0 ? oee_weighted / scheduled : nan;
}

int bottleneck_of(const std::vector<Stage>& stages, std::size_t month)
{
  int best = -1;
  double share = -1;
  for (std::size_t s = 0; s < stages.size(); ++s) {
    const StageMonth& sm = stages[s].months[month];
    if (!stages[s].store && sm.scheduled > 0 && sm.states[0] / sm.scheduled > share) {
      share = sm.states[0] / sm.scheduled;
      best = static_cast<int>(s);
    }
  }
  return best;
}

std::vector<Stage> stages_of(const engine::PlantLayout& layout, const std::vector<std::vector<Row>>& station_months)
{
  std::vector<Stage> stages;
  std::vector<std::size_t> stage_of; // station -> stage
  for (const auto& st : layout.stations) {
    auto it = std::find_if(stages.begin(), stages.end(), [&](const Stage& s) { return s.name == st.name; });
    if (it == stages.end()) {
      stages.push_back({st.name, true, 0, std::vector<StageMonth>(station_months.size())});
      it = stages.end() - 1;
    }
    if (st.machines > 0)
      it->store = false;
    it->machines += st.machines;
    stage_of.push_back(static_cast<std::size_t>(it - stages.begin()));
  }
  for (std::size_t m = 0; m < station_months.size(); ++m)
    for (std::size_t i = 0; i < station_months[m].size() && i < layout.stations.size(); ++i) {
      const Row& row = station_months[m][i];
      std::array<double, 6> shares{};
      for (std::size_t k = 0; k < shares.size(); ++k)
        shares[k] = value_of(row, machine_state_names[k]);
      stages[stage_of[i]].months[m].add(layout.stations[i].machines, shares, value_of(row, "oee"),
                                        value_of(row, "cells_out"), value_of(row, "scrap_found"),
                                        value_of(row, "scrap_caused"));
    }
  return stages;
}

std::vector<Stage> stages_of(const Summary& sum)
{
  std::vector<std::vector<Row>> means(sum.station_months.size());
  for (std::size_t m = 0; m < sum.station_months.size(); ++m)
    for (const AggregatedRow& station : sum.station_months[m]) {
      Row row;
      for (std::size_t k = 0; k < station.names.size(); ++k)
        row.emplace_back(station.names[k], station.values[k].mean);
      means[m].push_back(std::move(row));
    }
  return stages_of(sum.layout, means);
}

nlohmann::ordered_json stages_json(const std::vector<Stage>& stages)
{
  using J = nlohmann::ordered_json;
  auto number = [](double v) { return std::isfinite(v) ? J(v) : J(); };
  J out = J::array();
  for (const Stage& st : stages) {
    J months = J::object();
    for (const char* n : machine_state_names)
      months[n] = J::array();
    for (const char* n : {"busy_share", "oee", "cells_out", "scrap_found", "scrap_caused"})
      months[n] = J::array();
    for (const StageMonth& m : st.months) {
      for (std::size_t k = 0; k < machine_state_names.size(); ++k)
        months[machine_state_names[k]].push_back(number(m.share(k)));
      months["busy_share"].push_back(number(m.busy_share()));
      months["oee"].push_back(number(m.oee()));
      months["cells_out"].push_back(m.out);
      months["scrap_found"].push_back(m.found);
      months["scrap_caused"].push_back(m.caused);
    }
    out.push_back({{"name", st.name}, {"store", st.store}, {"machines", st.machines}, {"monthly", months}});
  }
  return out;
}

nlohmann::ordered_json bottleneck_json(const std::vector<Stage>& stages, std::size_t months)
{
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (std::size_t m = 0; m < months; ++m) {
    const int best = bottleneck_of(stages, m);
    out.push_back(best >= 0 ? nlohmann::ordered_json(stages[static_cast<std::size_t>(best)].name)
                            : nlohmann::ordered_json());
  }
  return out;
}

} // namespace gigaline::report
