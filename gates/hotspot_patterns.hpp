#pragma once
// How the profile gate reads a function name from perf. A benchmark exists to run the
// crate's code, so the crate's own functions, the bench target's, the harness's and the
// standard library's algorithms (a sort in a sorting benchmark) are its work, however hot. An
// unexpected hotspot is time where a developer does not expect the benchmark to go: the
// allocator, memory copies, hashing, formatting, locking, system calls, panicking and
// unwinding, the dynamic linker (the kinds below), unless the benchmark is named after that
// kind ("hash_insert" expects hashing) or the crate lists the function in `expected`.
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace gc::gates {

enum class HotspotRole {
    expected,       // a configured `expected` pattern
    harness,        // the bench harness's (criterion, libtest, bencher) or the runtime's own code
    measured_loop,  // criterion's Bencher::iter with the benchmark's routine inlined into it
    subject,        // the function the benchmark's routine calls: what the benchmark measures
    own,            // the crate's or the bench target's code
    work,           // anything else outside the suspect kinds (std's sort, a dependency's parser)
    unknown,        // perf could not name it
    suspect,        // one of the suspect kinds: a hotspot when above max_share
};

struct HotspotKind {
    std::string name;       // "allocator", "formatting", ...: the `kinds` setting's values
    std::string pattern;    // searched in the function name
    std::string benchmark;  // searched in the benchmark's id: a benchmark of that kind expects it
};

struct HotspotSettings {
    std::vector<std::string> expected;    // regular expressions: never a hotspot
    std::vector<std::string> unexpected;  // regular expressions: suspect, as the kinds
    std::vector<std::string> kinds;       // the suspect kinds in force (default: all)
    std::vector<std::string> own_crates;  // crate names whose paths are the crate's own code
};

class HotspotPatterns {
public:
    static Result<HotspotPatterns> make(const HotspotSettings& settings);
    // `measured_loop` and `subject`: what the profile saw of the function (perf_profile.hpp);
    // `benchmark`: the benchmark's id, which may name the kind it measures.
    [[nodiscard]] HotspotRole role(const std::string& function, const std::string& benchmark, bool measured_loop,
                                   bool subject = false) const;
    // The suspect kind a function is of ("" when none; "unexpected" for a configured pattern).
    [[nodiscard]] std::string kind(const std::string& function) const;
    static const std::vector<HotspotKind>& defaults();

private:
    struct Suspect {
        std::string name;
        std::regex function;
        std::optional<std::regex> benchmark;
    };
    std::vector<std::regex> expected_;
    std::vector<Suspect> suspects_;
    std::vector<std::string> own_prefixes_;
};

}  // namespace gc::gates
