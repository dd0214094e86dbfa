// The type-state pattern: using a light after the transition consumed it.
// The note on 'next' carries a fix-it (make the transition &&-qualified).
#include <utility>

namespace sample {

struct Green {};
struct Yellow {};

template <typename Light> class TrafficLight {
public:
  TrafficLight<Yellow> next();
  bool lit() const;
};

bool drive() {
  TrafficLight<Green> light;
  auto yellow = light.next();
  return light.lit() && yellow.lit();
}

} // namespace sample
