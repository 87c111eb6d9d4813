// src/engine/ControlPlane.hpp — the control plane on SimGrid: each slow process of a plant (month sampler,
// daily ramp-up update, one shift calendar per line, warm-up end) is a SimGrid actor with its own schedule.
//
// SimGrid merges the processes' timelines. Each process, when it wakes at date t, first advances the plant's
// lot heap to t (every lot event strictly before t is handled), then acts, then tells when it wakes next.
// Processes due at the same instant act one after the other in (priority, order of creation): a process that
// wakes while one before it in that order is still due at the same date parks on its own semaphore until the
// earlier one has acted. The order is therefore a property of the processes, not of SimGrid's wake-up order.
#pragma once

#include "Plant.hpp"

#include <simgrid/s4u.hpp>

#include <cstdint>
#include <exception>
#include <functional>
#include <string>
#include <vector>

namespace gigaline::engine::detail {

/// Priorities of the plant's control processes at one instant (smaller acts first).
enum class ControlPriority : int {
  shipping = 0, ///< closes the day that just ended (finished goods shipped), so its month gets it
  month = 1,    ///< a calendar month starts: KPI snapshots see the month's first lot only after this
  warmup = 2,   ///< statistics restart as a month does: a lot starting at this instant counts after it
  ramp_up = 3,  ///< maturity and skill of the new day, before lines start lots with them
  staffing = 4, ///< hiring, qualification and the shifts each line can staff today
  volume = 5,   ///< what raw-fed stations may start today: output caps and demand
  line = 6,     ///< lines switch on, off or stop (shift edges, maintenance, SOP, commissioning), in line order
  status = 7,   ///< the day's control state is published to observers once every process has acted
};

/// A slow process: `act(t)` runs at date t (seconds since the scenario start, after the plant has advanced to
/// t) and returns its next date, which must be later than t (infinity: the process is over).
struct ControlProcess {
  std::string name;
  ControlPriority priority = ControlPriority::line;
  double first = 0;
  std::function<double(double)> act;
};

class ControlPlane {
public:
  ControlPlane(Plant& plant, double t0, double horizon) : plant_(plant), t0_(t0), horizon_(horizon) {}
  ControlPlane(const ControlPlane&) = delete;
  ControlPlane& operator=(const ControlPlane&) = delete;

  /// Registers a process; its actor is created by start().
  void add(ControlProcess p);
  /// Creates one actor per process on `host`, and a last one that advances the plant to the horizon and
  /// calls `close` there. The simulation runs when the caller runs the engine.
  void start(simgrid::s4u::Host* host, std::function<void()> close);

  /// The first exception a process threw (the other processes are then killed); null when none.
  [[nodiscard]] std::exception_ptr failure() const { return failure_; }
  /// Actions taken by all processes (wake-ups that acted).
  [[nodiscard]] std::uint64_t actions() const { return actions_; }
  [[nodiscard]] bool closed() const { return closed_; }

private:
  struct Slot {
    ControlProcess process;
    double next = 0; ///< the date the process is due; infinity once it has ended
    bool waiting = false;
    simgrid::s4u::SemaphorePtr turn;
  };
  void body(std::size_t i);
  /// Blocks process i while a process before it in order is still due at t.
  void await_turn(std::size_t i, double t);
  /// Wakes the first process in order that waits for its turn at t.
  void hand_over(double t);
  void fail(std::exception_ptr e);

  Plant& plant_;
  double t0_, horizon_;
  std::vector<Slot> slots_; ///< sorted by (priority, creation) in start()
  std::exception_ptr failure_;
  std::uint64_t actions_ = 0;
  bool closed_ = false;
};

} // namespace gigaline::engine::detail
