// Clean and cheap (no standard header): the tests that only need a TU to
// run, not a finding, use this one.
namespace sample {

int version() { return 1; }

} // namespace sample
