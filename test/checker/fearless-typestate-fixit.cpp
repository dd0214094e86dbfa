// The article's type-state pattern: the note on a transition that is not
// &&-qualified carries the fix-it that makes the compiler enforce it
// (applied with --fix-notes).
// RUN: %check_fearless_tidy -std=c++17,c++20 %s fearless-typestate %t -- --fix-notes

#include <utility>

struct Green {};
struct Yellow {};
struct Red {};

template <typename Light> class TrafficLight {
public:
  TrafficLight<Yellow> next();
  // CHECK-FIXES: {{^}}  TrafficLight<Yellow> next() &&;{{$}}
  TrafficLight<Red> stop() &&;
  // CHECK-FIXES: {{^}}  TrafficLight<Red> stop() &&;{{$}}
  bool lit() const;
};

bool drive() {
  TrafficLight<Green> light;
  auto yellow = light.next();
  bool on = light.lit();
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'light' was consumed by the transition 'next' [fearless-typestate]
  auto red = std::move(yellow).stop();
  return on && red.lit();
}
