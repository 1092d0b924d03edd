// property-tests: the tests that use a property framework (proptest, quickcheck, bolero,
// arbitrary), found in the crate's own test code by the rust-sources probe (probes/property_scan.hpp), kept only
// when the package depends on that framework (the dependency graph, dev-dependencies
// included), and judged by the plain test run the unit and integration gates already have:
// this gate adds no test run.
#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "evidence/keys.hpp"
#include "gates/common.hpp"
#include "gates/gate.hpp"

namespace gc::gates {
namespace {

// The crates that provide each framework's macros, attributes or runners.
const std::map<std::string, std::string>& framework_crates() {
    static const std::map<std::string, std::string> crates{
        {"proptest", "proptest"},     {"test-strategy", "proptest"},
        {"quickcheck", "quickcheck"}, {"quickcheck_macros", "quickcheck"},
        {"bolero", "bolero"},         {"arbitrary", "arbitrary"}};
    return crates;
}

// The frameworks a package depends on directly (normal, build or dev), by framework name.
std::set<std::string> frameworks_of(const DependencyGraph& graph, const Package& pkg) {
    std::set<std::string> out;
    const auto deps = graph.deps.find(pkg.id);
    if (deps == graph.deps.end()) {
        return out;
    }
    for (const auto& edge : deps->second) {
        const auto p = graph.packages.find(edge.to);
        if (p == graph.packages.end()) {
            continue;
        }
        const auto f = framework_crates().find(p->second.name);
        if (f != framework_crates().end()) {
            out.insert(f->second);
        }
    }
    return out;
}

// A property test found in the source, where it is, and which test binaries can hold it.
struct Found {
    PropertyTest test;
    std::string file;      // relative to the workspace root
    std::string test_dir;  // "" for src/ (lib and bin unit tests), else the tests/ target name
};

// The package's property tests in src/, then tests/, each file in path order (the rust-sources
// probe read them).
std::vector<Found> scan_package(const RustSources& sources, const Package& pkg) {
    std::vector<Found> out;
    for (const auto& p : sources.packages) {
        if (p.name != pkg.name) {
            continue;
        }
        for (const auto* files : {&p.src, &p.tests}) {
            for (const auto& file : *files) {
                for (const auto& t : file.property_tests) {
                    out.push_back(Found{t, file.path, file.test_target});
                }
            }
        }
    }
    return out;
}

// One property test as the test run saw it (no case: it did not run).
struct Entry {
    const Found* found = nullptr;
    std::string name;    // libtest's full name
    std::string target;  // "pkg (lib pkg)"
    const TestCase* result = nullptr;
};

std::string target_of(const TestBinary& b) {
    return fmt::format("{} ({} {})", b.package, b.kind, b.target);
}

bool holds(const TestBinary& b, const Package& pkg, const Found& f) {
    if (b.package != pkg.name) {
        return false;
    }
    return f.test_dir.empty() ? (b.kind == "lib" || b.kind == "bin") : (b.kind == "test" && b.target == f.test_dir);
}

bool names(const Found& f, const std::string& test) {
    if (!f.test.templated) {
        return test == f.test.name;
    }
    return test == f.test.name || test.ends_with("::" + f.test.name);
}

void match(std::vector<Entry>& out, const Found& f, const Package& pkg, const std::vector<const TestRun*>& runs) {
    const auto before = out.size();
    for (const auto* run : runs) {
        if (!holds(run->binary, pkg, f)) {
            continue;
        }
        for (const auto& t : run->tests) {
            const bool seen = std::any_of(out.begin(), out.end(), [&](const Entry& e) { return e.result == &t; });
            if (names(f, t.name) && !seen) {
                out.push_back(Entry{&f, t.name, target_of(run->binary), &t});
            }
        }
    }
    if (out.size() == before) {
        out.push_back(Entry{&f, f.test.name, pkg.name, nullptr});
    }
}

// The shrunk input a failing property test printed: proptest's "minimal failing input: ..."
// or quickcheck's "[quickcheck] TEST FAILED... Arguments: (...)".
std::string counterexample(const TestCase& t) {
    const std::string text = t.message + "\n" + t.output;
    for (const std::string marker : {"minimal failing input: ", "Arguments: "}) {
        const auto at = text.find(marker);
        if (at != std::string::npos) {
            const auto start = at + marker.size();
            return text.substr(start, text.find('\n', start) - start);
        }
    }
    return "";
}

std::string outcome(const Entry& e) {
    if (e.result == nullptr) {
        return "not run";
    }
    switch (e.result->result) {
        case TestCase::Result::passed:
            return "passed";
        case TestCase::Result::failed:
            return "failed";
        case TestCase::Result::ignored:
            return "ignored";
    }
    return "not run";
}

Finding entry_finding(const Entry& e) {
    const auto& f = *e.found;
    Finding out{"property-tests::test",
                FindingLevel::note,
                fmt::format("{} property test {} {} ({})", f.test.framework, e.name, outcome(e), e.target),
                f.file,
                f.test.line,
                std::nullopt};
    out.snippet = f.test.framework + " " + e.name;
    if (!f.test.via_macro.empty()) {
        out.message += fmt::format(", through the crate's macro {}!", f.test.via_macro);
    }
    if (e.result == nullptr) {
        out.rule = "property-tests::not-run";
        out.level = FindingLevel::warning;
        out.message = fmt::format("{} property test {} did not run: no test binary of {} reported it", f.test.framework,
                                  e.name, e.target);
    } else if (e.result->result == TestCase::Result::failed) {
        out.rule = "property-tests::failed";
        out.level = FindingLevel::error;
        const auto input = counterexample(*e.result);
        out.message = fmt::format("{} property test {} failed ({}){}", f.test.framework, e.name, e.target,
                                  input.empty() ? "" : "; minimal counterexample: " + input);
    }
    return out;
}

struct Tally {
    long passed = 0;
    long failed = 0;
    long ignored = 0;
    long not_run = 0;
    std::map<std::string, long> by_framework;
};

Tally tally(const std::vector<Entry>& entries) {
    Tally t;
    for (const auto& e : entries) {
        ++t.by_framework[e.found->test.framework];
        const std::string o = outcome(e);
        ++(o == "passed" ? t.passed : o == "failed" ? t.failed : o == "ignored" ? t.ignored : t.not_run);
    }
    return t;
}

// A framework a package depends on that none of its tests uses.
Finding unused_finding(const Package& pkg, const std::string& framework, const Workspace& ws) {
    Finding f{"property-tests::framework-unused",
              FindingLevel::warning,
              fmt::format("{} depends on {} but no test of it uses {}", pkg.name, framework, framework),
              ws.relative(pkg.manifest_path.string()),
              std::nullopt,
              std::nullopt};
    f.snippet = pkg.name + " " + framework;
    return f;
}

// A framework the package depends on to implement its `Arbitrary` trait (indexmap's optional
// `arbitrary`), not to run tests: no unused test framework.
Finding impls_finding(const Package& pkg, const std::string& framework, const std::string& file) {
    Finding f{"property-tests::trait-impls",
              FindingLevel::note,
              fmt::format("{} depends on {} to implement its Arbitrary trait ({}), not for tests of its own", pkg.name,
                          framework, file),
              file,
              std::nullopt,
              std::nullopt};
    f.snippet = pkg.name + " " + framework + " impls";
    return f;
}

// The first file of the package that implements each framework's `Arbitrary`.
std::map<std::string, std::string> trait_impls(const RustSources& sources, const Package& pkg) {
    std::map<std::string, std::string> out;
    for (const auto& p : sources.packages) {
        if (p.name != pkg.name) {
            continue;
        }
        for (const auto* files : {&p.src, &p.tests}) {
            for (const auto& file : *files) {
                for (const auto& fw : file.framework_impls) {
                    out.emplace(fw, file.path);
                }
            }
        }
    }
    return out;
}

// A framework's macro or attribute in a package that does not depend on it: not a property
// test (it cannot compile as one), but worth saying where.
Finding unlinked_finding(const Found& f, const Package& pkg) {
    Finding out{"property-tests::no-framework",
                FindingLevel::note,
                fmt::format("{} looks like a {} test, but {} does not depend on {}: not counted", f.test.name,
                            f.test.framework, pkg.name, f.test.framework),
                f.file,
                f.test.line,
                std::nullopt};
    out.snippet = f.test.framework + " " + f.test.name;
    return out;
}

struct Scan {
    std::vector<Found> found;  // kept: the package depends on the framework
    std::vector<Entry> entries;
    std::vector<Finding> findings;  // unused frameworks, macros without their framework
    std::vector<std::string> unused;
};

void scan_workspace(Scan& s, const Workspace& ws, const RustSources& sources, const DependencyGraph& graph,
                    const std::vector<const TestRun*>& runs) {
    for (const auto* pkg : ws.selected_packages()) {
        const auto frameworks = frameworks_of(graph, *pkg);
        std::set<std::string> used;
        const auto first = s.found.size();
        for (auto& f : scan_package(sources, *pkg)) {
            if (frameworks.count(f.test.framework) == 0) {
                s.findings.push_back(unlinked_finding(f, *pkg));
                continue;
            }
            used.insert(f.test.framework);
            s.found.push_back(std::move(f));
        }
        for (std::size_t i = first; i < s.found.size(); ++i) {
            match(s.entries, s.found[i], *pkg, runs);
        }
        const auto impls = trait_impls(sources, *pkg);
        for (const auto& fw : frameworks) {
            if (used.count(fw) == 0 && impls.count(fw) != 0) {
                s.findings.push_back(impls_finding(*pkg, fw, impls.at(fw)));
            } else if (used.count(fw) == 0) {
                s.findings.insert(s.findings.begin(), unused_finding(*pkg, fw, ws));
                s.unused.push_back(fmt::format("{} depends on {} but no test uses it", pkg->name, fw));
            }
        }
    }
}

GateResult conclude(GateResult r, const Scan& s) {
    const Tally t = tally(s.entries);
    const long total = static_cast<long>(s.entries.size());
    std::vector<std::string> per;
    for (const auto& [fw, n] : t.by_framework) {
        per.push_back(fmt::format("{} {}", fw, n));
    }
    r.metrics = {{"property_tests", total}, {"passed", t.passed},   {"failed", t.failed},
                 {"ignored", t.ignored},    {"not_run", t.not_run}, {"unused_frameworks", s.unused.size()}};
    for (const auto& [fw, n] : t.by_framework) {
        r.metrics.emplace_back(fw, static_cast<double>(n));
    }
    const std::string unused = s.unused.empty() ? "" : fmt::format(" ({})", fmt::join(s.unused, "; "));
    if (total == 0) {
        r.status = GateStatus::fail;
        r.summary = "no property-based tests" + unused;
        Finding none{"property-tests::none",
                     FindingLevel::error,
                     "no test uses a property framework (proptest, quickcheck, arbitrary, bolero)",
                     "",
                     std::nullopt,
                     std::nullopt};
        none.hint =
            "add proptest or quickcheck tests for the crate's complex logic (proptest! { ... } in a test module)";
        r.findings.push_back(std::move(none));
        return r;
    }
    const std::string counts =
        fmt::format("{} ({}): {} passed, {} failed, {} ignored, {} not run", plural(total, "property test"),
                    fmt::join(per, ", "), t.passed, t.failed, t.ignored, t.not_run);
    if (t.failed > 0 || t.passed == 0) {
        r.status = GateStatus::fail;
    } else {
        r.status = t.not_run > 0 || t.ignored > 0 || !s.unused.empty() ? GateStatus::warn : GateStatus::pass;
    }
    r.summary = counts + unused;
    return r;
}

class PropertyTestsGate final : public Gate {
public:
    [[nodiscard]] const GateInfo& info() const override {
        static const GateInfo info{
            "property-tests",
            "Testing",
            {"Property-based tests for complex logic"},
            "the crate's own test code (src/, tests/) read for proptest, quickcheck, bolero and arbitrary tests, "
            "kept when the package depends on the framework (cargo metadata), with their results from the unit and "
            "integration test runs (no extra run)",
            // The graph, and the plain test runs only read: they are the unit-tests and
            // integration-tests gates' and keep those gates' time limits when they are enabled;
            // selected alone, this gate still has them run (under its own limit).
            {keys::dependency_graph.family, keys::rust_sources.family},
            false,
            true,
            {keys::plain_tests.family("test-build"), keys::plain_tests.family("unit-test"),
             keys::plain_tests.family("integration-test")}};
        return info;
    }
    [[nodiscard]] GateResult evaluate(const GateInput& in) const override {
        GateResult r = start(info(), in.settings);
        const auto& graph = in.evidence.get(keys::dependency_graph);
        if (graph.get() == nullptr) {
            return from_problem(std::move(r), problem_of(graph, "the dependency graph was not read"));
        }
        const TestKeys& plain = keys::plain_tests;
        const auto& build = in.evidence.get(plain.build_key());
        if (build.get() == nullptr) {
            return from_problem(std::move(r), problem_of(build, "the test build did not run"));
        }
        std::vector<const TestRun*> runs;
        for (const auto& key : {plain.unit_key(), plain.integration_key()}) {
            for (const auto& [id, probed] : in.evidence.all(key)) {
                if (probed->problem() != nullptr) {
                    return from_problem(std::move(r), *probed->problem());
                }
                if (const auto* run = probed->get()) {
                    runs.push_back(run);
                }
            }
        }
        const auto& sources = in.evidence.get(keys::rust_sources);
        if (sources.get() == nullptr) {
            return from_problem(std::move(r), problem_of(sources, "the crate's sources were not read"));
        }
        Scan s;
        scan_workspace(s, in.workspace, *sources.get(), *graph.get(), runs);
        for (const auto& e : s.entries) {
            s.findings.push_back(entry_finding(e));
        }
        // Failures first, then what did not run, then the inventory.
        std::stable_sort(s.findings.begin(), s.findings.end(),
                         [](const Finding& a, const Finding& b) { return a.level < b.level; });
        r.findings = s.findings;
        return conclude(std::move(r), s);
    }
};

}  // namespace

std::unique_ptr<Gate> make_property_tests_gate() {
    return std::make_unique<PropertyTestsGate>();
}

}  // namespace gc::gates
