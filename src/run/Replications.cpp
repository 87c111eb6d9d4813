// src/run/Replications.cpp — replications of a scenario: the engine, the KPI observer, nothing else.
// Seeds come from the scenario (run.seed) and the replication index only, so a replication gives the same bits
// whichever process or command runs it.
#include "gigaline/run/Replications.hpp"

#include "gigaline/core/Error.hpp"
#include "gigaline/core/ProcessPool.hpp"
#include "gigaline/engine/Simulation.hpp"

#include <map>

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

void for_each_replication(const scenario::Scenario& s, int jobs,
                          const std::function<std::string(const ReplicationResult&)>& reduce,
                          const std::function<void(std::string&&)>& consume, const std::function<void(int)>& progress)
{
  const int n = s.run.replications;
  if (jobs <= 1) {
    for (int rep = 0; rep < n; ++rep) {
      consume(reduce(run_replication(s, rep)));
      if (progress)
        progress(rep + 1);
    }
    return;
  }
  // a worker's first byte says what follows: 'R' what reduce returned, 'I' an input error's message
  std::map<int, std::string> waiting; // finished ahead of an earlier replication
  int next = 0;
  fork_each(
      static_cast<std::size_t>(n), jobs,
      [&](std::size_t rep) {
        try {
          return "R" + reduce(run_replication(s, static_cast<int>(rep)));
        } catch (const InputError& e) {
          return std::string("I") + e.what();
        }
      },
      [&](std::size_t rep, TaskOutcome&& o) {
        if (!o.ok)
          throw EngineError("[run.E610] replication " + std::to_string(rep) + " of " + s.name + " failed: " + o.error);
        const bool input_error = !o.payload.empty() && o.payload[0] == 'I';
        o.payload.erase(0, 1); // the tag; erased in place, the payload is not copied
        if (input_error)
          throw InputError(o.payload);
        waiting.emplace(static_cast<int>(rep), std::move(o.payload));
        for (auto it = waiting.find(next); it != waiting.end(); it = waiting.find(next)) {
          consume(std::move(it->second));
          waiting.erase(it);
          ++next;
        }
        if (progress)
          progress(next);
      });
}

std::vector<std::vector<ReplicationResult>> run_region(const scenario::LoadedRegion& region)
{
  std::vector<std::vector<ReplicationResult>> plants;
  for (const auto& p : region.plants)
    plants.push_back(run_replications(p.scenario));
  return plants;
}

} // namespace gigaline::run
