#include "probes/profiled_harness.hpp"

#include <algorithm>

#include "probes/bench_run.hpp"
#include "probes/criterion_run.hpp"

namespace gc {
namespace {

bool has_bench_line(std::string_view out, const std::string& id) {
    const auto lines = probes::parse_bench_lines(out);
    return std::any_of(lines.begin(), lines.end(), [&](const auto& e) { return e.id == id; });
}

// libtest's test mode prints `test ID ... ok` (padded to the longest name when several run).
bool has_ok_line(std::string_view out, const std::string& id) {
    const std::string head = "test " + id + " ";
    for (auto pos = out.find(head); pos != std::string_view::npos; pos = out.find(head, pos + 1)) {
        if (pos != 0 && out[pos - 1] != '\n') {
            continue;
        }
        auto rest = out.substr(pos + head.size());
        rest.remove_prefix(std::min(rest.find_first_not_of(' '), rest.size()));
        if (rest.starts_with("... ok")) {
            return true;
        }
    }
    return false;
}

}  // namespace

std::vector<std::string> list_args(ProfiledHarness h) {
    if (h == ProfiledHarness::criterion) {
        return {"--bench", "--list"};
    }
    return {"--list"};
}

std::vector<std::string> parse_bench_list(ProfiledHarness h, std::string_view out) {
    return h == ProfiledHarness::criterion ? parse_criterion_list(out) : parse_listed_ids(out, ": benchmark");
}

std::vector<std::string> one_iteration_args(ProfiledHarness h, const std::string& id) {
    switch (h) {
        case ProfiledHarness::criterion:
            return {"--bench", "--test", exact_filter(id)};
        case ProfiledHarness::libtest:
            // test mode: Bencher::iter runs the routine once; `--list` names #[ignore]d ones too
            return {"--include-ignored", "--exact", id};
        case ProfiledHarness::bencher:
            break;
    }
    return {"--bench"};
}

bool ran_once(ProfiledHarness h, std::string_view out, const std::string& id) {
    switch (h) {
        case ProfiledHarness::criterion:
            return out.find("Testing " + id + "\n") != std::string_view::npos;
        case ProfiledHarness::libtest:
            return has_ok_line(out, id);
        case ProfiledHarness::bencher:
            break;
    }
    return has_bench_line(out, id);
}

std::vector<std::string> measured_args(ProfiledHarness h, const std::string& id, long long seconds) {
    switch (h) {
        case ProfiledHarness::criterion:
            return {"--bench", "--profile-time", std::to_string(seconds), exact_filter(id)};
        case ProfiledHarness::libtest:
            return {"--bench", "--include-ignored", "--exact", id};
        case ProfiledHarness::bencher:
            break;
    }
    return {"--bench"};
}

bool ran_measured(ProfiledHarness h, std::string_view out, const std::string& id) {
    if (h == ProfiledHarness::criterion) {
        return out.find("Benchmarking " + id + ": Complete") != std::string_view::npos;
    }
    return has_bench_line(out, id);
}

int perf_frequency(ProfiledHarness h) {
    constexpr int kCriterion = 997;  // primes: no lock-step with the code's own periods
    constexpr int kSelfTimed = 499;
    return h == ProfiledHarness::criterion ? kCriterion : kSelfTimed;
}

}  // namespace gc
