// gigaline/run/Replications.hpp — the one place that runs a scenario's replications: the engine with the KPI
// observer (and any extra observers), replication by replication. Every command (run, sweep, calibrate,
// baseline, check, region) runs through here; report/ only consumes what comes out.
#pragma once

#include "gigaline/engine/Observer.hpp"
#include "gigaline/run/KpiObserver.hpp"
#include "gigaline/scenario/Region.hpp"
#include "gigaline/scenario/Scenario.hpp"

#include <functional>
#include <string>
#include <vector>

namespace gigaline::run {

/// Replication `replication` (0-based, seeded by the scenario's run.seed) of the scenario, with the KPI
/// observer; `extra` observers see the same events after it.
ReplicationResult run_replication(const scenario::Scenario& s, int replication,
                                  const std::vector<engine::Observer*>& extra = {});

/// Replications 0 .. s.run.replications - 1, one after the other in this process.
std::vector<ReplicationResult> run_replications(const scenario::Scenario& s);

/// Replications 0 .. s.run.replications - 1, each handed to `reduce` where it ran (this process when jobs is 1,
/// else forked workers, `jobs` at a time), and what reduce returned handed to `consume` in replication order
/// whatever order they finished in: the same bits for any `jobs`. `progress(done)` follows each replication.
/// An input error in a worker is rethrown as an InputError; a worker that failed otherwise is [run.E610].
void for_each_replication(const scenario::Scenario& s, int jobs,
                          const std::function<std::string(const ReplicationResult&)>& reduce,
                          const std::function<void(std::string&&)>& consume,
                          const std::function<void(int)>& progress = {});

/// Every plant of a region, in the region's plant order, each with its own replications.
std::vector<std::vector<ReplicationResult>> run_region(const scenario::LoadedRegion& region);

} // namespace gigaline::run
