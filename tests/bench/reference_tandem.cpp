// tests/bench/reference_tandem.cpp — hand-written reference DES of the tandem4 benchmark line (standard C++20 only).
// Yardstick for gigaline: 4 exponential stations in series, buffers of 10, blocking after service; prints one JSON
// line.
#include <array>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

namespace {

constexpr int kStations = 4;
constexpr double kMean[kStations] = {1.0, 0.9, 1.1, 0.95}; // mean service time (s) of each station
constexpr int kBufferCap = 10;                             // cells waiting in front of stations 2..4

enum class Machine : std::uint8_t { Idle, Busy, Blocked };

struct Event {
  double time;
  int station;
};

// Binary min-heap of completion events on a fixed array (at most one pending event per station).
class MinHeap {
public:
  bool empty() const { return size_ == 0; }
  const Event& top() const { return heap_[0]; }
  void push(Event e)
  {
    std::size_t i = size_++;
    while (i > 0) {
      const std::size_t parent = (i - 1) / 2;
      if (!(e.time < heap_[parent].time))
        break;
      heap_[i] = heap_[parent];
      i = parent;
    }
    heap_[i] = e;
  }
  void pop()
  {
    const Event last = heap_[--size_];
    std::size_t i = 0;
    for (;;) {
      std::size_t child = 2 * i + 1;
      if (child >= size_)
        break;
      if (child + 1 < size_ && heap_[child + 1].time < heap_[child].time)
        ++child;
      if (!(heap_[child].time < last.time))
        break;
      heap_[i] = heap_[child];
      i = child;
    }
    heap_[i] = last;
  }

private:
  std::array<Event, kStations> heap_{};
  std::size_t size_ = 0;
};

struct Line {
  std::mt19937_64 rng;
  MinHeap events;
  Machine machine[kStations] = {};
  int buffer[kStations] = {}; // buffer[0] unused: unlimited raw material before station 1
  std::uint64_t n_events = 0;
  std::uint64_t cells_out = 0;

  explicit Line(std::uint64_t seed) : rng(seed) {}

  // Exponential by inverse CDF; u = (k + 0.5) / 2^53 lies strictly inside (0, 1).
  double exponential(double mean)
  {
    const double u = (static_cast<double>(rng() >> 11) + 0.5) * 0x1.0p-53;
    return -mean * std::log(u);
  }

  void start(int k, double t)
  {
    machine[k] = Machine::Busy;
    events.push({t + exponential(kMean[k]), k});
  }

  // Station k has just handed its cell on: take the next job, then let a blocked upstream station move in.
  void release(int k, double t)
  {
    for (;;) {
      if (k == 0) { // never starved
        start(0, t);
        return;
      }
      if (buffer[k] == 0) {
        machine[k] = Machine::Idle; // upstream cannot be blocked on an empty buffer
        return;
      }
      --buffer[k];
      start(k, t);
      if (machine[k - 1] != Machine::Blocked)
        return;
      ++buffer[k]; // the blocked upstream cell moves into the freed place
      --k;         // ... and that station takes its own next job
    }
  }

  bool can_accept(int j) const { return machine[j] == Machine::Idle || buffer[j] < kBufferCap; }

  void push_to(int j, double t)
  {
    if (machine[j] == Machine::Idle)
      start(j, t);
    else
      ++buffer[j];
  }

  void run(double horizon)
  {
    start(0, 0.0);
    for (int k = 1; k < kStations; ++k)
      machine[k] = Machine::Idle;
    while (!events.empty()) {
      const Event e = events.top();
      if (e.time > horizon)
        break;
      events.pop();
      ++n_events;
      const int k = e.station;
      if (k == kStations - 1) { // last station is never blocked
        ++cells_out;
        release(k, e.time);
      } else if (can_accept(k + 1)) {
        push_to(k + 1, e.time);
        release(k, e.time);
      } else {
        machine[k] = Machine::Blocked;
      }
    }
  }
};

[[noreturn]] void usage(const char* argv0)
{
  std::fprintf(stderr, "usage: %s [--horizon-s S] [--seed N]\n", argv0);
  std::exit(2);
}

} // namespace

int main(int argc, char** argv)
{
  double horizon = 12.0 * 86400.0; // 1,036,800 s
  std::uint64_t seed = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (i + 1 >= argc)
      usage(argv[0]);
    char* end = nullptr;
    if (a == "--horizon-s") {
      horizon = std::strtod(argv[++i], &end);
      if (*end != '\0' || !(horizon > 0.0))
        usage(argv[0]);
    } else if (a == "--seed") {
      seed = std::strtoull(argv[++i], &end, 10);
      if (*end != '\0')
        usage(argv[0]);
    } else {
      usage(argv[0]);
    }
  }

  const auto t0 = std::chrono::steady_clock::now();
  Line line(seed);
  line.run(horizon);
  const auto t1 = std::chrono::steady_clock::now();
  const double wall = std::chrono::duration<double>(t1 - t0).count();

  std::printf("{\"events\": %llu, \"wall_s\": %.6f, \"events_per_s\": %.1f, \"cells_out\": %llu, "
              "\"throughput_per_s\": %.9f}\n",
              static_cast<unsigned long long>(line.n_events), wall,
              wall > 0.0 ? static_cast<double>(line.n_events) / wall : 0.0,
              static_cast<unsigned long long>(line.cells_out), static_cast<double>(line.cells_out) / horizon);
  return 0;
}
