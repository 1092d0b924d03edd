#pragma once
// How each bench harness runs its benchmarks for the profiling probes (DHAT, perf):
// - criterion 0.3 and libtest `#[bench]` list their benchmarks and run one alone: once with
//   exactly one iteration of its measured loop for DHAT (criterion's `--test`, libtest's test
//   mode, where `Bencher::iter` calls the routine once), measured for perf;
// - bencher 0.1 has neither a list nor an exact filter (its filter is a substring), so its whole
//   executable runs once under each tool and the results are split per benchmark by the
//   benchmark function on each stack (probes/dhat_report.hpp, probes/perf_profile.hpp).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "evidence/bench.hpp"

namespace gc {

// The arguments that list the benchmarks, and their ids in that output.
std::vector<std::string> list_args(ProfiledHarness h);
std::vector<std::string> parse_bench_list(ProfiledHarness h, std::string_view out);

// The arguments of a run of `id` with one iteration of its loop (bencher: every benchmark,
// measured), and whether its output shows that `id` ran.
std::vector<std::string> one_iteration_args(ProfiledHarness h, const std::string& id);
bool ran_once(ProfiledHarness h, std::string_view out, const std::string& id);

// The arguments of a measured run of `id` (criterion: for `seconds`; the others choose their
// own length), and whether its output shows that `id` ran.
std::vector<std::string> measured_args(ProfiledHarness h, const std::string& id, long long seconds);
bool ran_measured(ProfiledHarness h, std::string_view out, const std::string& id);

// perf's sampling frequency (Hz) for a measured run: criterion's runs last `profile_time`;
// libtest's and bencher's last as long as they choose (up to about 6 s per benchmark), so
// they are sampled at half the rate, keeping perf's data (8 KiB of stack per sample) and
// `perf script`'s time within a few times criterion's.
int perf_frequency(ProfiledHarness h);

}  // namespace gc
