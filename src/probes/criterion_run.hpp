#pragma once
// Running one criterion (0.3.6) benchmark alone: its ids from `<bench> --bench --list`
// ("alloc/sum: bench"), the filter that matches exactly that id (criterion reads its FILTER
// argument as a regular expression), and a file name for its outputs.
#include <string>
#include <string_view>
#include <vector>

namespace gc {

// The benchmark ids of `--list` output, in order. Lines that are not "ID: bench" (criterion's
// warnings, "Gnuplot not found") are skipped.
std::vector<std::string> parse_criterion_list(std::string_view out);
// "ID<suffix>" lines of a `--list` (libtest: "name: benchmark"; its "name: test" lines are not).
std::vector<std::string> parse_listed_ids(std::string_view out, std::string_view suffix);

// "^alloc/sum\(x\)$": every regex metacharacter escaped.
std::string exact_filter(std::string_view id);

// "gcfx-prof-alloc.alloc.alloc_sum": package, bench target and id, safe as one file name.
std::string bench_slug(std::string_view package, std::string_view target, std::string_view id);

}  // namespace gc
