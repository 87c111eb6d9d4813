// src/engine/ControlPlane.cpp — one SimGrid actor per control process, with a deterministic order among the
// processes due at the same instant (see ControlPlane.hpp).
#include "ControlPlane.hpp"

#include "gigaline/core/Error.hpp"

#include <algorithm>
#include <limits>

namespace sg4 = simgrid::s4u;

namespace gigaline::engine::detail {

namespace {
constexpr double never = std::numeric_limits<double>::infinity();
}

void ControlPlane::add(ControlProcess p)
{
  Slot s;
  s.process = std::move(p);
  s.next = s.process.first;
  slots_.push_back(std::move(s));
}

void ControlPlane::start(sg4::Host* host, std::function<void()> close)
{
  std::stable_sort(slots_.begin(), slots_.end(),
                   [](const Slot& a, const Slot& b) { return a.process.priority < b.process.priority; });
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    slots_[i].turn = sg4::Semaphore::create(0);
    sg4::Actor::create(slots_[i].process.name, host, [this, i] { body(i); });
  }
  // closes the run at the horizon, after every process has stopped (none acts at or after the horizon)
  sg4::Actor::create("end-of-run", host, [this, close = std::move(close)] {
    try {
      sg4::this_actor::sleep_until(t0_ + horizon_);
      plant_.advance_to(horizon_);
      close();
      closed_ = true;
    } catch (...) {
      fail(std::current_exception());
    }
  });
}

void ControlPlane::body(std::size_t i)
{
  try {
    double t = slots_[i].next;
    while (t < horizon_) {
      sg4::this_actor::sleep_until(t0_ + t);
      await_turn(i, t);
      plant_.advance_to(t);
      const double next = slots_[i].process.act(t);
      ++actions_;
      if (!(next > t))
        throw EngineError("[engine.E403] control process " + slots_[i].process.name + " at t = " + std::to_string(t) +
                          " s asked to wake at t = " + std::to_string(next) + " s: the next date must be later");
      slots_[i].next = next;
      hand_over(t);
      t = next;
    }
    slots_[i].next = never;
  } catch (...) {
    fail(std::current_exception());
  }
}

void ControlPlane::await_turn(std::size_t i, double t)
{
  auto earlier_due = [&] {
    for (std::size_t j = 0; j < i; ++j)
      if (slots_[j].next == t)
        return true;
    return false;
  };
  while (earlier_due()) {
    slots_[i].waiting = true;
    slots_[i].turn->acquire();
    slots_[i].waiting = false;
  }
}

void ControlPlane::hand_over(double t)
{
  for (auto& s : slots_)
    if (s.waiting && s.next == t) {
      s.turn->release();
      return;
    }
}

void ControlPlane::fail(std::exception_ptr e)
{
  if (!failure_)
    failure_ = std::move(e);
  sg4::Actor::kill_all(); // every other process: the run is over
}

} // namespace gigaline::engine::detail
