#pragma once
// The crate's own Rust sources, read once by the rust-sources probe
// (probes/rust_sources_probe.cpp) and scanned for what the source-reading gates need (async,
// thread-safety, unsafe, concurrency-tests, property-tests), so that those gates stay pure
// functions of the evidence. Only what the scans found is kept, never the texts: the gates ask
// about places other evidence names (a clippy diagnostic's line and column, a ThreadSanitizer
// stack frame), and each such question is a lookup here.
#include <compare>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace gc {

struct LineRange {
    int first = 0;  // 1-based, inclusive
    int last = 0;
    [[nodiscard]] bool contains(int line) const { return line >= first && line <= last; }
};

// A place in a file as rustc counts it: 1-based line, 1-based byte column.
struct SourcePos {
    int line = 0;
    int column = 0;
    // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 misreads the defaulted <=>
    auto operator<=>(const SourcePos&) const = default;
};

// A `{ .. }` that decides whether the code in it runs as async code: an async fn, block or
// closure (`async`), or a plain fn, closure, impl, mod or trait (not `async`), which ends the
// search outwards. Braces that decide nothing (an `if`, a struct) are not kept.
struct AsyncScope {
    SourcePos open;   // the `{`
    SourcePos close;  // the matching `}`; {INT_MAX, INT_MAX} when the file ends first
    bool async = false;
};

// One concurrent construct in non-test code: a kind ("thread-spawn", "arc", "lock",
// "atomic", "channel", "unsafe-send-sync", "async-spawn", "rayon") at a 1-based line.
struct ConcurrentUse {
    std::string kind{};
    int line = 0;
    std::string text{};  // the line, trimmed, for the report
    // The `#[cfg(..)]` predicate that leaves it out with the run's features (`feature = "rayon"`),
    // on the item around it or on the `mod` that declares its file; "" when it is compiled (or
    // its cfg is one the scan cannot judge).
    std::string off_by{};
};

// One test function: its libtest name relative to the file's module, and whether it
// exercises concurrency (spawns threads, runs loom or shuttle, or a multi-threaded runtime).
struct ScannedTest {
    std::string name{};  // "tests::counts_from_threads" with module_path "" and `mod tests`
    int line = 0;        // of the `fn`
    bool concurrent = false;
    std::string how{};     // what made it concurrent: "thread::spawn", "multi_thread", ...
    std::string off_by{};  // as ConcurrentUse::off_by: a test the run's features do not build
};

struct SourceScan {
    std::vector<ConcurrentUse> uses{};
    std::vector<ScannedTest> tests{};
};

struct PropertyTest {
    std::string name;       // libtest's name inside the file's module: "tests::reverse_twice"
    std::string framework;  // "proptest", "quickcheck", "bolero", "arbitrary"
    int line = 0;
    // Inside a `macro_rules!` body: a template whose expansions are tests wherever the macro
    // is invoked, so it matches any test whose last path segment is its name.
    bool templated = false;
    // Generated through a `macro_rules!` of the crate that wraps a framework's macro (indexmap's
    // `quickcheck_limit! { fn prop(..) -> bool {..} }`): that macro's name; "" otherwise.
    std::string via_macro{};
};

// A line that reaches data through a guard of a std lock: the guard a `let` bound from
// `RECV.lock()`, `.read()` or `.write()` followed by the std `LockResult`'s unwrap, expect,
// unwrap_or_else or `?` (parking_lot's and spin's locks return the guard itself and never
// match), named on a later line of its block before any `drop` or shadowing; or the line of
// such a call whose guard is a temporary (`*m.lock().unwrap()`).
struct GuardedLine {
    int line = 0;
    std::string lock{};    // the receiver, whitespace removed: "self.sum", "STATE"
    std::string method{};  // "lock", "read", "write"
};

// What one file says wherever it is compiled from: the answers to questions about its places.
struct RustSource {
    std::vector<AsyncScope> async_scopes;   // in the order of their `{`
    std::vector<LineRange> unsafe_regions;  // unsafe blocks and the bodies of unsafe fn/impl/trait
    // The lines right below a comment block (attributes and doc comments may sit in between)
    // that holds a `// SAFETY:` comment, ascending.
    std::vector<int> safety_commented_lines;
    std::vector<GuardedLine> guarded_lines{};  // ascending by line

    // The std lock guard the code on `line` accesses data through, if any.
    [[nodiscard]] const GuardedLine* guarded(int line) const {
        for (const auto& g : guarded_lines) {
            if (g.line == line) {
                return &g;
            }
        }
        return nullptr;
    }

    // Whether the innermost function-like scope around `at` is async code.
    [[nodiscard]] bool in_async_code(SourcePos at) const {
        const AsyncScope* innermost = nullptr;
        for (const auto& s : async_scopes) {
            if (s.open < at && at <= s.close) {
                innermost = &s;  // scopes nest, so the last one that holds `at` is innermost
            }
        }
        return innermost != nullptr && innermost->async;
    }
    [[nodiscard]] bool runs_unsafe(int line) const {
        for (const auto& r : unsafe_regions) {
            if (r.contains(line)) {
                return true;
            }
        }
        return false;
    }
    [[nodiscard]] bool safety_comment_above(int line) const {
        for (const int l : safety_commented_lines) {
            if (l == line) {
                return true;
            }
        }
        return false;
    }
};

// A file under a package's src/ or tests/, read as a module of that package's targets.
struct TargetFile {
    std::string path;  // relative to the workspace root
    // Under tests/: the integration test target (cargo metadata's) whose root it is or that
    // declares it with `mod`; "" under src/. A file under tests/ that no test target compiles
    // (`autotests = false`, a helper no test declares) is not listed at all.
    std::string test_target;
    // The concurrency scan of src/** and of each test target's root file.
    std::optional<SourceScan> concurrency;
    std::vector<PropertyTest> property_tests;
    // The property frameworks whose `Arbitrary` trait the file implements or derives
    // (`impl Arbitrary for ..`): a dependency used for that is not an unused test framework.
    std::vector<std::string> framework_impls{};
    // The `#[cfg(..)]` on a `mod` declaration on the way from the crate root to this file that is
    // false with the run's features: the whole file is left out (its uses and tests carry it too).
    std::string off_by{};
};

// A test or bench target of a package, from cargo metadata, and the files it is made of: its
// root and the files it declares with `mod` (`#[path]` followed), recursively.
struct TargetSources {
    std::string kind;  // "test", "bench"
    std::string name;
    std::string root;                    // relative to the workspace root
    std::vector<std::string> modules{};  // relative to the workspace root, the root left out
};

struct PackageSources {
    std::string name;
    bool async_runtime = false;  // its Cargo.toml names tokio or async-std as a dependency
    // An `async fn`, `async move` or `async {` on a line that is not a whole-line comment, in a
    // .rs file below the package's directory (target/ and hidden directories left out).
    bool async_code = false;
    std::vector<std::string> forbid_unsafe_roots;  // library roots with #![forbid(unsafe_code)]
    // The features the run's flags enable for this package, as the scans judged `#[cfg(feature)]`.
    std::vector<std::string> features{};
    std::vector<TargetFile> src;           // src/**, in path order
    std::vector<TargetFile> tests;         // the test targets' files under tests/, in path order
    std::vector<TargetSources> targets{};  // its test and bench targets, in cargo's order

    // The other test or bench target of this package that declares `root` as a module; null
    // when none does.
    [[nodiscard]] const TargetSources* declared_by(const std::string& root) const {
        for (const auto& t : targets) {
            for (const auto& m : t.modules) {
                if (m == root && t.root != root) {
                    return &t;
                }
            }
        }
        return nullptr;
    }
    [[nodiscard]] const TargetSources* target(const std::string& kind, const std::string& name) const {
        for (const auto& t : targets) {
            if (t.kind == kind && t.name == name) {
                return &t;
            }
        }
        return nullptr;
    }
};

struct RustSources {
    std::vector<PackageSources> packages;     // the selected packages, in the workspace's order
    std::map<std::string, RustSource> files;  // every file read, by path relative to the workspace root

    // The file at a path relative to the workspace root; null when the walk did not read it
    // (outside the selected packages' directories, under target/, a dependency's).
    [[nodiscard]] const RustSource* find(const std::string& path) const {
        const auto it = files.find(path);
        return it == files.end() ? nullptr : &it->second;
    }
};

}  // namespace gc
