#include "evidence/bench.hpp"

namespace gc {

std::optional<ProfiledHarness> profiled_harness(std::string_view harness) {
    if (harness == "criterion") {
        return ProfiledHarness::criterion;
    }
    if (harness == "libtest") {
        return ProfiledHarness::libtest;
    }
    if (harness == "bencher") {
        return ProfiledHarness::bencher;
    }
    return std::nullopt;
}

bool runs_one_benchmark(ProfiledHarness h) {
    return h != ProfiledHarness::bencher;
}

}  // namespace gc
