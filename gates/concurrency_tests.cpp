// concurrency-tests: "Concurrent code tested for race conditions". Where the crate's own code
// is concurrent (a lexical scan by the rust-sources probe, probes/concurrency_scan.hpp), which tests exercise it (tests
// that spawn threads, use loom or shuttle, or run a multi-threaded runtime) with their results
// from the plain test run, and the tests under ThreadSanitizer (the `tsan` flavour). A race
// counts only when an access is in the crate's own code: std is not instrumented here, so
// TSan reports races inside std (false positives from fences it cannot see) that are no one's.
// For the same reason it cannot see std's locks, and reports accesses made under a Mutex as
// races: measured on a safe Arc<Mutex<_>> crate, 3 runs in 11. Safe Rust cannot race, so a
// report counts only when a frame of either access runs unsafe code (the crate's or a
// dependency's, probes/unsafe_regions.hpp) or the crate claims Send/Sync by hand. Whatever the
// crate claims, a report whose two accesses are both on lines that reach data through a guard
// of the same std Mutex or RwLock (probes/lock_guards.hpp), outside unsafe code, is a note: that
// lock is what TSan cannot see (measured on conc-race's Totals: 3 to 4 such reports a run). The
// same report (the same pair of access places) is listed once.
#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "evidence/keys.hpp"
#include "evidence/stack_frames.hpp"
#include "gates/common.hpp"
#include "gates/gate.hpp"

namespace gc::gates {
namespace {

struct Use {
    ConcurrentUse use;
    std::string file;  // relative to the workspace root
};

struct Test {
    ScannedTest test;
    std::string package;
    std::string file;
    std::string target;             // an integration test's target; empty for unit tests
    std::string status{"not run"};  // passed, failed, ignored, or not run (not built, filtered)
};

struct Scanned {
    std::vector<Use> uses;
    std::vector<Use> off;     // behind a cfg the run's features leave false: not compiled, not judged
    long off_tests = 0;       // tests behind such a cfg: the run does not build them
    std::vector<Test> tests;  // the tests that exercise concurrency
    long test_functions = 0;
    long files = 0;
};

void scan_file(Scanned& out, const std::string& package, const TargetFile& file) {
    if (!file.concurrency) {
        return;  // below tests/T/: an integration test's module, not scanned here
    }
    const auto& scan = *file.concurrency;
    const bool integration = !file.test_target.empty();
    ++out.files;
    out.test_functions += static_cast<long>(scan.tests.size());
    if (!integration) {
        for (const auto& u : scan.uses) {
            (u.off_by.empty() ? out.uses : out.off).push_back(Use{u, file.path});
        }
    }
    for (const auto& t : scan.tests) {
        if (!t.off_by.empty()) {
            ++out.off_tests;
            continue;
        }
        if (t.concurrent) {
            out.tests.push_back(Test{t, package, file.path, file.test_target});
        }
    }
}

// src/ in full, then the files directly in tests/ (the rust-sources probe scanned both).
Scanned scan_workspace(const RustSources& sources) {
    Scanned out;
    for (const auto& pkg : sources.packages) {
        for (const auto* files : {&pkg.src, &pkg.tests}) {
            for (const auto& f : *files) {
                scan_file(out, pkg.name, f);
            }
        }
    }
    return out;
}

std::string outcome(TestCase::Result r) {
    return r == TestCase::Result::passed ? "passed" : r == TestCase::Result::failed ? "failed" : "ignored";
}

// Each exercising test's result in the plain run: unit tests in the package's lib or bin
// binaries, an integration test in its own target's binary.
void match_results(std::vector<Test>& tests, const Evidence& evidence) {
    const TestKeys& plain = keys::plain_tests;
    for (const auto& key : {plain.unit_key(), plain.integration_key()}) {
        for (const auto& [id, probed] : evidence.all(key)) {
            const auto* run = probed->get();
            if (run == nullptr) {
                continue;
            }
            for (auto& t : tests) {
                const bool same_binary =
                    t.package == run->binary.package &&
                    (t.target.empty() ? run->binary.kind != "test"
                                      : run->binary.kind == "test" && run->binary.target == t.target);
                for (const auto& c : run->tests) {
                    if (same_binary && c.name == t.test.name && t.status == "not run") {
                        t.status = outcome(c.result);
                    }
                }
            }
        }
    }
}

// Advice that fits the construct: rayon's and async code's tests look nothing like a loom model.
std::string advice(const std::string& kind) {
    if (kind == "rayon") {
        return "add a test that calls the parallel code (its par_iter runs on rayon's thread pool) and compares the "
               "result with the sequential one; rayon's safe API cannot race, so loom does not apply";
    }
    if (kind == "async-spawn") {
        return "add a test on a multi-threaded runtime (#[tokio::test(flavor = \"multi_thread\")]) that runs the "
               "spawned tasks";
    }
    return "add a test that runs it from several threads (std::thread::scope), or a loom model";
}

Finding use_finding(const Use& u) {
    Finding f;
    f.rule = "concurrency::untested";
    f.level = FindingLevel::error;
    f.message = fmt::format("concurrent code ({}) that no test exercises: {}", u.use.kind, u.use.text);
    f.file = u.file;
    f.line = u.use.line;
    f.snippet = u.use.text;
    f.hint = advice(u.use.kind);
    return f;
}

std::string test_label(const Test& t) {
    return fmt::format("{} ({}, {}:{}, {})", t.test.name, t.target.empty() ? "unit" : "test " + t.target, t.file,
                       t.test.line, t.test.how);
}

// At most five tests, each with its binary: "counts (unit), races (test threads), ...".
std::string test_names(const std::vector<Test>& tests) {
    constexpr std::size_t kShown = 5;
    std::vector<std::string> names;
    names.reserve(std::min(tests.size(), kShown));
    for (std::size_t i = 0; i < tests.size() && i < kShown; ++i) {
        const auto& t = tests[i];
        names.push_back(fmt::format("{} ({})", t.test.name, t.target.empty() ? "unit" : "test " + t.target));
    }
    return fmt::format("{}{}", fmt::join(names, ", "), tests.size() > kShown ? ", ..." : "");
}

// Which stack frames run unsafe code, from the unsafe regions the rust-sources probe found.
class UnsafeIndex {
public:
    UnsafeIndex() = default;
    UnsafeIndex(const RustSources* sources, const Workspace* ws) : sources_(sources), ws_(ws) {}

    [[nodiscard]] bool runs_unsafe(const StackFrame& f) const {
        // std's sources are not on this machine, and std is trusted: its frames never count.
        if (f.file.empty() || f.line <= 0 || f.file.find("/rustc/") != std::string::npos ||
            f.file.find("/lib/rustlib/") != std::string::npos) {
            return false;
        }
        const auto* file = sources_ == nullptr ? nullptr : sources_->find(ws_->relative(f.file));
        // A source the walk did not read (a dependency's) may be unsafe: never drop its race.
        return file == nullptr || file->runs_unsafe(f.line);
    }

    // The std lock both accesses hold: each on a guarded line of the same file, of the same
    // lock, neither in unsafe code. Null when unsure. Frames are own_access_frame's (relative).
    [[nodiscard]] const GuardedLine* same_std_lock(const StackFrame& a, const StackFrame& b) const {
        const auto* file = sources_ == nullptr || a.file != b.file ? nullptr : sources_->find(a.file);
        if (file == nullptr || file->runs_unsafe(a.line) || file->runs_unsafe(b.line)) {
            return nullptr;
        }
        const auto* ga = file->guarded(a.line);
        const auto* gb = file->guarded(b.line);
        return ga != nullptr && gb != nullptr && ga->lock == gb->lock ? ga : nullptr;
    }

private:
    const RustSources* sources_ = nullptr;
    const Workspace* ws_ = nullptr;
};

struct Races {
    std::vector<Finding> findings;
    std::vector<Finding> safe_notes;  // reports on safe code only: not counted (see the top)
    std::vector<Finding> lock_notes;  // reports under a std lock both accesses hold: not counted
    std::set<std::string> seen;       // "kind file:line file:line" of every report listed
    std::map<std::string, long> own_kinds;
    long own = 0;
    long outside = 0;
    long safe_only = 0;
    long under_std_lock = 0;
    bool claims_send_sync = false;  // a manual `unsafe impl Send/Sync` in the crate: every report counts
    UnsafeIndex unsafe_index;
    long tests_run = 0;
    std::vector<Finding> problems;  // binaries that failed under TSan for another reason
    bool tool_error = false;
    std::string tool_reason;
};

std::string location(const std::optional<StackFrame>& f) {
    return f ? fmt::format("{}:{} in {}", f->file, f->line, f->function) : "outside the crate's code";
}

// `swapped`: only the report's second ("Previous") access is in the crate's code, so the
// finding leads with that one.
Finding race_finding(const SanitizerReport& r, const std::optional<StackFrame>& own,
                     const std::optional<StackFrame>& other, const TestBinary& bin, bool swapped) {
    Finding f;
    f.rule = "tsan::" + r.kind;
    f.level = FindingLevel::error;
    auto access = r.access.substr(0, r.access.find(" at 0x"));
    auto other_access = r.other_access.substr(0, r.other_access.find(" at 0x"));
    if (swapped) {
        std::swap(access, other_access);
    }
    f.message =
        fmt::format("{} ({}) at {}{}; other access: {} at {} ({} {} {})", r.kind, access, location(own),
                    r.test.empty() ? "" : ", in test " + r.test, other_access.empty() ? "unknown" : other_access,
                    location(other), bin.package, bin.kind, bin.target);
    if (own) {
        f.file = own->file;
        f.line = own->line;
        f.column = own->column > 0 ? std::optional<int>(own->column) : std::nullopt;
        f.snippet = own->function;
    }
    f.hint = fmt::format(
        "rerun: RUSTC_BOOTSTRAP=1 RUSTFLAGS='-Zsanitizer=thread -Cunsafe-allow-abi-mismatch=sanitizer' "
        "cargo test -p {} --target \"$(rustc --print host-tuple)\"{}",
        bin.package, r.test.empty() ? "" : fmt::format(" -- '{}' --exact", r.test));
    return f;
}

bool through_unsafe(Races& out, const SanitizerReport& r) {
    const auto any = [&out](const std::vector<StackFrame>& frames) {
        return std::any_of(frames.begin(), frames.end(),
                           [&out](const StackFrame& f) { return out.unsafe_index.runs_unsafe(f); });
    };
    return out.claims_send_sync || any(r.frames) || any(r.other_frames);
}

constexpr std::size_t kMaxSafeNotes = 10;

Finding safe_only_note(const SanitizerReport& r, const std::optional<StackFrame>& own) {
    Finding f;
    f.rule = "tsan::safe-code-only";
    f.level = FindingLevel::note;
    f.message = fmt::format(
        "{} at {}{}: not counted: no frame of either access runs unsafe code, and safe Rust cannot race; "
        "std is not instrumented, so ThreadSanitizer cannot see its locks",
        r.kind, location(own), r.test.empty() ? "" : ", in test " + r.test);
    if (own) {
        f.file = own->file;
        f.line = own->line;
    }
    return f;
}

Finding std_lock_note(const SanitizerReport& r, const StackFrame& own, const StackFrame& other,
                      const GuardedLine& lock) {
    Finding f;
    f.rule = "tsan::under-std-lock";
    f.level = FindingLevel::note;
    const bool rw = lock.method != "lock";
    f.message = fmt::format(
        "{} at {}:{} and {}:{}{} reported under std::sync::{} `{}` held by both accesses ({}()): not counted: "
        "std is not instrumented, so ThreadSanitizer cannot see the lock",
        r.kind, own.file, own.line, other.file, other.line, r.test.empty() ? "" : ", in test " + r.test,
        rw ? "RwLock" : "Mutex", lock.lock, lock.method);
    f.file = own.file;
    f.line = own.line;
    f.snippet = own.function;
    return f;
}

// The report's place, the same whichever access TSan printed first.
std::string report_key(const SanitizerReport& r, const std::optional<StackFrame>& a,
                       const std::optional<StackFrame>& b) {
    const auto at = [](const std::optional<StackFrame>& f) {
        return f ? fmt::format("{}:{}", f->file, f->line) : std::string("-");
    };
    auto x = at(a);
    auto y = at(b);
    if (y < x) {
        std::swap(x, y);
    }
    return fmt::format("{} {} {}", r.kind, x, y);
}

void read_run(Races& out, const TestRun& run, const Workspace& ws) {
    out.tests_run += run.passed + run.failed;
    long here = 0;
    for (const auto& r : run.sanitizer) {
        if (r.tool != "ThreadSanitizer") {
            continue;
        }
        ++here;
        auto own = own_access_frame(r.frames, ws.root, ws.target_dir);
        auto other = own_access_frame(r.other_frames, ws.root, ws.target_dir);
        if (!own && !other) {
            ++out.outside;
            continue;
        }
        if (!out.seen.insert(report_key(r, own, other)).second) {
            continue;  // listed once: the same two places, another interleaving
        }
        if (const auto* lock = own && other ? out.unsafe_index.same_std_lock(*own, *other) : nullptr) {
            ++out.under_std_lock;
            out.lock_notes.push_back(std_lock_note(r, *own, *other, *lock));
            continue;
        }
        if (!through_unsafe(out, r)) {
            if (++out.safe_only <= static_cast<long>(kMaxSafeNotes)) {
                out.safe_notes.push_back(safe_only_note(r, own ? own : other));
            }
            continue;
        }
        ++out.own;
        ++out.own_kinds[r.kind];
        out.findings.push_back(own ? race_finding(r, own, other, run.binary, false)
                                   : race_finding(r, other, own, run.binary, true));
    }
    const auto where = fmt::format("{} ({} {})", run.binary.package, run.binary.kind, run.binary.target);
    // TSan exits 66 after its reports: that is the reports, not a crash.
    if (!run.abnormal.empty() && here == 0) {
        out.problems.push_back(Finding{"tsan::abnormal",
                                       FindingLevel::error,
                                       fmt::format("{} under ThreadSanitizer: {}", where, run.abnormal),
                                       "",
                                       {},
                                       {}});
    }
    for (const auto& c : run.tests) {
        if (c.result == TestCase::Result::failed) {
            out.problems.push_back(Finding{"tsan::test-failed",
                                           FindingLevel::error,
                                           fmt::format("{} failed under ThreadSanitizer ({})", c.name, where),
                                           "",
                                           {},
                                           {}});
        }
    }
}

Races read_tsan(const Evidence& evidence, const Workspace& ws, const RustSources& sources, bool claims_send_sync) {
    const TestKeys& tsan = keys::tsan_tests;
    Races out;
    out.claims_send_sync = claims_send_sync;
    out.unsafe_index = UnsafeIndex(&sources, &ws);
    for (const auto& key : {tsan.unit_key(), tsan.integration_key()}) {
        for (const auto& [id, probed] : evidence.all(key)) {
            if (const auto* run = probed->get()) {
                read_run(out, *run, ws);
            } else {
                out.tool_error = true;
                out.tool_reason = problem_of(*probed, id + " did not run").reason;
            }
        }
    }
    return out;
}

constexpr std::size_t kMaxUseFindings = 20;

// Concurrent code the run does not compile: one note per cfg, never a failure (the run cannot
// test it) and never silently dropped.
void note_off(GateResult& r, const Scanned& s) {
    std::map<std::string, std::vector<const Use*>> by_cfg;
    for (const auto& u : s.off) {
        by_cfg[u.use.off_by].push_back(&u);
    }
    for (const auto& [cfg, uses] : by_cfg) {
        const auto& first = *uses.front();
        Finding f{"concurrency::not-compiled",
                  FindingLevel::note,
                  fmt::format("concurrent code ({}) in {} behind `cfg({})`, which the features this run checks leave "
                              "off: not judged; first at {}:{}",
                              first.use.kind, plural(static_cast<long>(uses.size()), "place"), cfg, first.file,
                              first.use.line),
                  first.file,
                  first.use.line,
                  std::nullopt};
        f.snippet = "cfg(" + cfg + ")";
        f.hint =
            "to judge it, enable the feature in the run: features = [..] in gatecheck.toml (or all_features = true)";
        r.findings.push_back(std::move(f));
    }
    r.metrics.emplace_back("uses_not_compiled", static_cast<double>(s.off.size()));
    r.metrics.emplace_back("tests_not_compiled", static_cast<double>(s.off_tests));
}

// " (N places behind features this run leaves off: not judged)", or "".
std::string off_summary(const Scanned& s) {
    return s.off.empty() ? ""
                         : fmt::format(" ({} behind features this run leaves off: not judged)",
                                       plural(static_cast<long>(s.off.size()), "place"));
}

std::string kinds_of(const std::vector<Use>& uses, GateResult& r) {
    std::map<std::string, long> kinds;
    for (const auto& u : uses) {
        ++kinds[u.use.kind];
    }
    std::vector<std::string> parts;
    for (const auto& [kind, n] : kinds) {
        r.metrics.emplace_back("uses_" + kind, static_cast<double>(n));
        parts.push_back(fmt::format("{} x{}", kind, n));
    }
    return fmt::format("{}", fmt::join(parts, ", "));
}

GateResult untested(GateResult r, const Scanned& s, const std::string& kinds) {
    r.status = GateStatus::fail;
    const bool parallel_only =
        std::all_of(s.uses.begin(), s.uses.end(), [](const Use& u) { return u.use.kind == "rayon"; });
    r.summary = fmt::format(
        "concurrent code ({}) in {}, but no test {}; first at {}:{}", kinds,
        plural(static_cast<long>(s.uses.size()), "place"),
        parallel_only
            ? "calls its parallel iterators"
            : "spawns threads, calls parallel iterators, uses loom or shuttle, or runs a multi-threaded runtime",
        s.uses.front().file, s.uses.front().use.line);
    for (std::size_t i = 0; i < s.uses.size() && i < kMaxUseFindings; ++i) {
        r.findings.push_back(use_finding(s.uses[i]));
    }
    return r;
}

// The exercising tests' results in the plain run, as metrics and findings; what failed.
std::vector<std::string> judge_tests(GateResult& r, const std::vector<Test>& tests) {
    std::map<std::string, long> by_status;
    std::vector<std::string> failed;
    for (const auto& t : tests) {
        ++by_status[t.status];
        if (t.status == "failed") {
            failed.push_back(t.test.name);
            r.findings.push_back(Finding{"concurrency::test-failed",
                                         FindingLevel::error,
                                         fmt::format("{} exercises concurrency and failed", test_label(t)),
                                         t.file,
                                         t.test.line,
                                         {}});
        }
        if (t.status != "not run") {
            // The list of exercising tests, as test cases (a passing gate has no findings).
            const auto outcome = parse_test_outcome(t.status);
            r.tests.push_back(
                TestCaseRecord{t.test.name, test_label(t), outcome.value_or(TestOutcome::failed), 0, "", ""});
        }
    }
    for (const char* status : {"passed", "failed", "ignored", "not run"}) {
        std::string name = std::string("concurrent_tests_") + status;
        std::replace(name.begin(), name.end(), ' ', '_');
        r.metrics.emplace_back(name, static_cast<double>(by_status[status]));
    }
    std::vector<std::string> problems;
    if (!failed.empty()) {
        problems.push_back(fmt::format("{} failed: {}", plural(static_cast<long>(failed.size()), "concurrency test"),
                                       fmt::join(failed, ", ")));
    }
    if (by_status["passed"] + by_status["failed"] == 0) {
        problems.push_back(fmt::format("none of the {} that exercise concurrency ran: {}",
                                       plural(static_cast<long>(tests.size()), "test"), test_names(tests)));
    }
    return problems;
}

// The exercising tests the plain run did not have (cfg'd out by features, filtered, not built).
std::string not_run(const std::vector<Test>& tests) {
    std::vector<std::string> names;
    for (const auto& t : tests) {
        if (t.status == "not run") {
            names.push_back(t.test.name);
        }
    }
    if (names.empty()) {
        return "";
    }
    const auto shown = std::min<std::size_t>(names.size(), 5);
    return fmt::format(" ({} not run, e.g. not built with these features: {}{})", names.size(),
                       fmt::join(names.begin(), names.begin() + static_cast<long>(shown), ", "),
                       names.size() > shown ? ", ..." : "");
}

class ConcurrencyTestsGate final : public Gate {
public:
    [[nodiscard]] const GateInfo& info() const override {
        const TestKeys& plain = keys::plain_tests;
        const TestKeys& tsan = keys::tsan_tests;
        static const GateInfo info{
            "concurrency-tests",
            "Testing",
            {"Concurrent code tested for race conditions"},
            "a lexical scan of src/ for concurrent code and of the tests for ones that spawn threads (loom, shuttle, "
            "multi_thread runtimes); their results in the plain test run; the test binaries built with "
            "-Zsanitizer=thread (`--target <host>`, <target-dir>/gatecheck/tsan), each ThreadSanitizer report in the "
            "crate's own code",
            {tsan.family("rustc-host"), tsan.family("test-build"), tsan.family("unit-test"),
             tsan.family("integration-test"), tsan.family("test-list"), keys::rust_sources.family},
            false,
            false,
            {plain.family("test-build"), plain.family("unit-test"), plain.family("integration-test")}};
        return info;
    }
    [[nodiscard]] GateResult evaluate(const GateInput& in) const override {
        GateResult r = start(info(), in.settings);
        // The plain test build first: the tests' results are its evidence, unknown is never a pass.
        const auto& build = in.evidence.get(keys::plain_tests.build_key());
        if (build.get() == nullptr) {
            return from_problem(std::move(r), problem_of(build, "the test build did not run"));
        }
        const auto& sources = in.evidence.get(keys::rust_sources);
        if (sources.get() == nullptr) {
            return from_problem(std::move(r), problem_of(sources, "the crate's sources were not read"));
        }
        auto s = scan_workspace(*sources.get());
        r.metrics.emplace_back("files_scanned", static_cast<double>(s.files));
        r.metrics.emplace_back("concurrent_uses", static_cast<double>(s.uses.size()));
        r.metrics.emplace_back("test_functions", static_cast<double>(s.test_functions));
        r.metrics.emplace_back("concurrent_tests", static_cast<double>(s.tests.size()));
        note_off(r, s);
        if (s.uses.empty()) {
            r.status = GateStatus::pass;
            r.summary = fmt::format("no concurrent code in {}{}", plural(s.files, "source file"), off_summary(s));
            return r;
        }
        const auto kinds = kinds_of(s.uses, r);
        if (s.tests.empty()) {
            auto out = untested(std::move(r), s, kinds);
            out.summary += off_summary(s);
            return out;
        }
        match_results(s.tests, in.evidence);
        auto problems = judge_tests(r, s.tests);
        return with_tsan(std::move(r), in, *sources.get(), s, kinds, std::move(problems));
    }

private:
    static GateResult with_tsan(GateResult r, const GateInput& in, const RustSources& sources, const Scanned& s,
                                const std::string& kinds, std::vector<std::string> problems) {
        const auto& build = in.evidence.get(keys::tsan_tests.build_key());
        const auto* ev = build.get();
        Races races;
        if (ev != nullptr) {
            const bool claims = std::any_of(s.uses.begin(), s.uses.end(),
                                            [](const Use& u) { return u.use.kind == "unsafe-send-sync"; });
            races = read_tsan(in.evidence, in.workspace, sources, claims);
            const auto errors = std::count_if(ev->diagnostics.begin(), ev->diagnostics.end(),
                                              [](const Diagnostic& d) { return d.level == "error"; });
            if (errors > 0 || !ev->build_script_failures.empty()) {
                problems.push_back("the tests do not build under ThreadSanitizer (see the sanitizer and build gates)");
            }
            r.metrics.emplace_back("tsan_tests_run", static_cast<double>(races.tests_run));
            r.metrics.emplace_back("tsan_races", static_cast<double>(races.own));
            r.metrics.emplace_back("tsan_reports_outside", static_cast<double>(races.outside));
            r.metrics.emplace_back("tsan_reports_safe_code", static_cast<double>(races.safe_only));
            r.metrics.emplace_back("tsan_reports_under_std_lock", static_cast<double>(races.under_std_lock));
            r.findings.insert(r.findings.begin(), races.lock_notes.begin(), races.lock_notes.end());
            r.findings.insert(r.findings.begin(), races.safe_notes.begin(), races.safe_notes.end());
            r.findings.insert(r.findings.begin(), races.problems.begin(), races.problems.end());
            r.findings.insert(r.findings.begin(), races.findings.begin(), races.findings.end());
        }
        if (races.own > 0) {
            std::vector<std::string> parts;
            for (const auto& [kind, n] : races.own_kinds) {
                parts.push_back(n == 1 ? kind : fmt::format("{} x{}", kind, n));
            }
            problems.insert(problems.begin(),
                            fmt::format("{} in the crate's own code ({})", plural(races.own, "ThreadSanitizer report"),
                                        fmt::join(parts, ", ")));
        }
        if (!races.problems.empty()) {
            problems.push_back(
                fmt::format("{} under ThreadSanitizer", plural(static_cast<long>(races.problems.size()), "failure")));
        }
        const auto tested = fmt::format("concurrent code ({}){}; {} exercise it", kinds, off_summary(s),
                                        plural(static_cast<long>(s.tests.size()), "test"));
        if (!problems.empty()) {
            r.status = GateStatus::fail;
            r.summary = fmt::format("{}; {}", fmt::join(problems, "; "), tested);
            return r;
        }
        if (ev == nullptr || races.tool_error) {
            const auto problem = ev == nullptr ? problem_of(build, "the ThreadSanitizer test build did not run")
                                               : ToolProblem{GateStatus::error, races.tool_reason, ""};
            r = from_problem(std::move(r), problem);
            r.summary = fmt::format("{}; ThreadSanitizer: {}", tested, problem.reason);
            return r;
        }
        r.status = GateStatus::pass;
        r.summary = fmt::format(
            "{}{}; ThreadSanitizer ran {}: no race in the crate's code ({} inside std or "
            "dependencies{}{} not counted: std is not instrumented)",
            tested, not_run(s.tests), plural(races.tests_run, "test"), plural(races.outside, "report"),
            races.safe_only > 0 ? fmt::format(" and {} on safe code only", races.safe_only) : "",
            races.under_std_lock > 0 ? fmt::format(" and {} under a std lock both accesses hold", races.under_std_lock)
                                     : "");
        return r;
    }
};

}  // namespace

std::unique_ptr<Gate> make_concurrency_tests_gate() {
    return std::make_unique<ConcurrencyTestsGate>();
}

}  // namespace gc::gates
