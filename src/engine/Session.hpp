// src/engine/Session.hpp — one SimGrid Engine per simulation run, built and torn down so that several runs in
// one process are independent (see SIMGRID_NOTES: the clock is never reset, actors are reaped at the end).
#pragma once

#include <simgrid/s4u.hpp>

#include <csignal>
#include <memory>
#include <xbt/log.h>

namespace gigaline::engine::detail {

namespace sg4 = simgrid::s4u;

/// One SimGrid Engine per run. SimGrid's clock is never reset, so every date is offset by t0; actors
/// left alive are killed and reaped before the Engine goes, so the next session starts clean.
class Session {
public:
  Session()
  {
    xbt_log_control_set("root.thresh:critical");
    int argc = 1;
    static char arg0[] = "gigaline";
    char* argv[] = {arg0, nullptr};
    // SimGrid's Engine installs its own SIGINT handler, which exits with code 1: gigaline's (core/Interrupt.hpp,
    // exit 130 and a message) or whatever was there is put back, and SIGTERM's too for good measure.
    struct sigaction old_int {
    }, old_term{};
    ::sigaction(SIGINT, nullptr, &old_int);
    ::sigaction(SIGTERM, nullptr, &old_term);
    engine_ = std::make_unique<sg4::Engine>(&argc, argv);
    ::sigaction(SIGINT, &old_int, nullptr);
    ::sigaction(SIGTERM, &old_term, nullptr);
    t0_ = sg4::Engine::get_clock();
    auto* zone = sg4::create_full_zone("plant");
    host_ = zone->create_host("control", 1e9);
    zone->seal();
  }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  ~Session()
  {
    sg4::Actor::kill_all();
    engine_->run();
  }
  [[nodiscard]] double t0() const { return t0_; }
  [[nodiscard]] sg4::Host* host() const { return host_; }
  void run_until(double t) { engine_->run_until(t0_ + t); }

private:
  std::unique_ptr<sg4::Engine> engine_;
  sg4::Host* host_ = nullptr;
  double t0_ = 0;
};

} // namespace gigaline::engine::detail
