// src/run/Replications.cpp — replications of a scenario: the engine, the KPI observer, nothing else.
// Seeds come from the scenario (run.seed) and the replication index only, so a replication gives the same bits
// whichever process or command runs it.
#include "gigaline/run/Replications.hpp"

#include "gigaline/engine/Simulation.hpp"

namespace gigaline::run {

ReplicationResult run_replication(const scenario::Scenario& s, int replication,
                                  const std::vector<engine::Observer*>& extra)
{
  KpiObserver kpis;
  std::vector<engine::Observer*> observers{&kpis};
  observers.insert(observers.end(), extra.begin(), extra.end());
  const auto stats = engine::simulate(s, replication, observers);
  return kpis.take(stats);
}

std::vector<ReplicationResult> run_replications(const scenario::Scenario& s)
{
  std::vector<ReplicationResult> results;
  results.reserve(static_cast<std::size_t>(s.run.replications));
  for (int rep = 0; rep < s.run.replications; ++rep)
    results.push_back(run_replication(s, rep));
  return results;
}

std::vector<std::vector<ReplicationResult>> run_region(const scenario::LoadedRegion& region)
{
  std::vector<std::vector<ReplicationResult>> plants;
  for (const auto& p : region.plants)
    plants.push_back(run_replications(p.scenario));
  return plants;
}

} // namespace gigaline::run
