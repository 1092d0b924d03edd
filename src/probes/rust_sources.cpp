#include "probes/rust_sources.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <utility>

#include <fmt/format.h>

#include "core/text.hpp"
#include "probes/async_context.hpp"
#include "probes/cargo_command.hpp"
#include "probes/cfg_features.hpp"
#include "probes/concurrency_scan.hpp"
#include "probes/lock_guards.hpp"
#include "probes/mod_declarations.hpp"
#include "probes/property_scan.hpp"
#include "probes/unsafe_regions.hpp"

namespace gc::probes {
namespace {

namespace fs = std::filesystem;

std::optional<std::string> read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (in.bad()) {
        return std::nullopt;
    }
    return text;
}

// The lines whose comment block right above (attributes and doc comments may sit in between,
// as clippy's undocumented_unsafe_blocks allows) holds a `SAFETY:` comment; code or a blank
// line ends a block.
std::vector<int> safety_commented_lines(std::string_view text) {
    static const std::regex safety(R"(//.*\bSAFETY:)", std::regex::icase);
    std::vector<int> out;
    std::istringstream in{std::string(text)};
    bool says_safety = false;
    int index = 0;
    for (std::string line; std::getline(in, line); ++index) {
        const auto code = std::string(trim(line));
        if (code.rfind("//", 0) == 0) {
            says_safety = says_safety || std::regex_search(code, safety);
        } else if (code.rfind("#[", 0) != 0) {
            says_safety = false;
        }
        if (says_safety) {
            out.push_back(index + 2);  // 1-based: the line below this one
        }
    }
    return out;
}

// An `async fn` / `async {` / `async move` on a line that is not a whole-line comment.
bool has_async_code(std::string_view text) {
    static const std::regex async_code(R"((^|[^\w])async\s+(fn\b|move\b|\{))");
    if (text.find("async") == std::string_view::npos) {
        return false;
    }
    std::istringstream lines{std::string(text)};
    for (std::string line; std::getline(lines, line);) {
        const auto code = line.find_first_not_of(" \t");
        if (code != std::string::npos && line.compare(code, 2, "//") != 0 && std::regex_search(line, async_code)) {
            return true;
        }
    }
    return false;
}

// tokio or async-std among the dependencies a Cargo.toml names.
bool names_async_runtime(const std::string& manifest) {
    static const std::regex runtime(R"((^|\n)\s*(\[[\w.-]*dependencies\.)?(tokio|async-std|async_std)\b\]?\s*[=\n])");
    return std::regex_search(manifest, runtime);
}

bool forbids_unsafe_code(const std::string& text) {
    static const std::regex forbid(R"(#!\[\s*forbid\s*\([^\])]*\bunsafe_code\b)");
    return std::regex_search(text, forbid);
}

// A file's module in its target below src/: src/bin/NAME.rs and src/bin/NAME/main.rs are
// roots too (the concurrency scan's naming).
std::string concurrency_module(const std::string& below_src) {
    if (below_src.rfind("bin/", 0) == 0) {
        const auto rest = below_src.substr(4);
        const auto slash = rest.find('/');
        return slash == std::string::npos ? "" : module_of(rest.substr(slash + 1));
    }
    return module_of(below_src);
}

// The module path of a file below src/ for the property scan: src/bin/X.rs and
// src/bin/X/main.rs are crate roots.
std::string property_module(const std::string& rel) {
    if (rel.starts_with("src/bin/")) {
        const std::string in_bin = rel.substr(8);
        const auto slash = in_bin.find('/');
        return slash == std::string::npos ? "" : module_path_of(in_bin.substr(slash + 1));
    }
    return module_path_of(rel.substr(4));
}

// Whether a directory of a package-relative path is target/ or hidden: the async scan leaves
// those out (build output, editors' and VCS's files).
bool under_skipped_dir(const fs::path& rel) {
    const auto dir = rel.parent_path();
    return std::any_of(dir.begin(), dir.end(), [](const fs::path& part) {
        const auto name = part.string();
        return name == "target" || (!name.empty() && name[0] == '.');
    });
}

class Walk {
public:
    Walk(const Workspace& ws, const TargetScope& scope) : ws_(ws), scope_(scope) {}

    std::optional<ToolProblem> package(const Package& pkg) {
        PackageSources out;
        out.name = pkg.name;
        features_ = enabled_features(pkg, scope_);
        out.features.assign(features_.begin(), features_.end());
        properties_.clear();
        parents_.clear();
        crate_roots_.clear();
        for (const auto& t : pkg.targets) {
            crate_roots_.insert(fs::path(t.src_path).lexically_normal());
        }
        const auto manifest = read_text(pkg.manifest_path);
        if (!manifest) {
            return cannot_read(pkg.manifest_path);
        }
        out.async_runtime = names_async_runtime(*manifest);
        if (auto p = forbidding_roots(pkg, out)) {
            return p;
        }
        test_files_.clear();
        package_root_ = pkg.root().lexically_normal();
        if (auto p = target_sources(pkg, out)) {
            return p;
        }
        std::vector<std::pair<fs::path, TargetFile>> src;
        std::vector<std::pair<fs::path, TargetFile>> tests;
        if (auto p = walk(pkg, out, src, tests)) {
            return p;
        }
        for (auto* list : {&src, &tests}) {
            // fs::path order (by component), as the gates listed files before.
            std::sort(list->begin(), list->end(), [](const auto& a, const auto& b) { return a.first < b.first; });
            auto& into = list == &src ? out.src : out.tests;
            for (auto& [rel, file] : *list) {
                into.push_back(std::move(file));
            }
        }
        resolve_properties(out);
        mark_off_files(out);
        sources_.packages.push_back(std::move(out));
        return std::nullopt;
    }

    RustSources take() { return std::move(sources_); }

private:
    // The crate's own property macros, resolved among the files of one target (src/ is one; each
    // test target another), then each file's tests and trait impls kept.
    void resolve_properties(PackageSources& out) {
        std::map<std::string, std::vector<PropertyScan*>> by_target;
        for (const auto* files : {&out.src, &out.tests}) {
            for (const auto& f : *files) {
                if (const auto it = properties_.find(f.path); it != properties_.end()) {
                    by_target[f.test_target].push_back(&it->second);
                }
            }
        }
        for (auto& [target, scans] : by_target) {
            resolve_property_macros(scans);
        }
        for (auto* files : {&out.src, &out.tests}) {
            for (auto& f : *files) {
                if (const auto it = properties_.find(f.path); it != properties_.end()) {
                    f.property_tests = std::move(it->second.tests);
                    f.framework_impls.assign(it->second.trait_impls.begin(), it->second.trait_impls.end());
                }
            }
        }
    }

    // A file under src/ whose `mod` declaration (or an ancestor's) has a cfg that the enabled
    // features make false is not compiled: it and its uses and tests carry that cfg.
    void mark_off_files(PackageSources& out) {
        std::map<std::string, std::string> memo;
        for (auto& f : out.src) {
            f.off_by = off_by(f.path, memo, 0);
            if (f.off_by.empty() || !f.concurrency) {
                continue;
            }
            for (auto& u : f.concurrency->uses) {
                u.off_by = u.off_by.empty() ? f.off_by : u.off_by;
            }
            for (auto& t : f.concurrency->tests) {
                t.off_by = t.off_by.empty() ? f.off_by : t.off_by;
            }
        }
    }

    std::string off_by(const std::string& file, std::map<std::string, std::string>& memo, int depth) {
        if (const auto it = memo.find(file); it != memo.end()) {
            return it->second;
        }
        const auto parent = parents_.find(file);
        std::string out;
        if (parent != parents_.end() && depth < 64) {
            out = parent->second.second.empty() ? off_by(parent->second.first, memo, depth + 1) : parent->second.second;
        }
        return memo[file] = out;
    }

    // The `mod` declarations of a file under src/: each declared file's parent, and the cfg that
    // leaves it out with the enabled features ("" when none does).
    void note_modules(const fs::path& path, const std::string& shown, std::string_view text) {
        const auto normal = path.lexically_normal();
        const bool owns_dir = crate_roots_.count(normal) != 0 || normal.filename() == "mod.rs";
        for (const auto& decl : mod_declarations(text)) {
            std::string off;
            for (const auto& cfg : decl.cfgs) {
                if (off.empty() && eval_cfg(cfg, features_) == CfgTruth::no) {
                    off = cfg;
                }
            }
            for (const auto& candidate : module_candidates(normal, owns_dir, decl)) {
                std::error_code ec;
                if (fs::is_regular_file(candidate, ec)) {
                    parents_.emplace(ws_.relative(candidate.lexically_normal().string()), std::pair{shown, off});
                    break;
                }
            }
        }
    }

    // A file that a test target compiles: the target, whether it is the root, and the root's
    // directory (module paths are relative to it).
    struct TestMember {
        std::string target;
        bool root = false;
        fs::path root_dir;
    };

    // The package's test and bench targets (cargo metadata) and the files each declares with
    // `mod`, followed from its root; the test targets' files remembered for the walk.
    std::optional<ToolProblem> target_sources(const Package& pkg, PackageSources& out) {
        constexpr std::size_t kMaxModules = 2000;  // per target: a bound, not a limit any crate meets
        for (const auto& t : pkg.targets) {
            const auto kind = t.kind();
            if (kind != "test" && kind != "bench") {
                continue;
            }
            const auto root = fs::path(t.src_path).lexically_normal();
            TargetSources ts{kind, t.name, ws_.relative(root.string())};
            const bool test = kind == "test";
            if (test) {
                test_files_.emplace(root, TestMember{t.name, true, root.parent_path()});
            }
            std::vector<std::pair<fs::path, bool>> todo{{root, true}};
            std::set<fs::path> seen{root};
            while (!todo.empty() && seen.size() < kMaxModules) {
                const auto [file, owns_dir] = todo.back();
                todo.pop_back();
                std::error_code ec;
                if (file == root && !fs::exists(file, ec)) {
                    break;  // a root cargo metadata names but that is not there: cargo's error to report
                }
                const auto text = read_text(file);
                if (!text) {
                    return cannot_read(file);
                }
                for (const auto& decl : mod_declarations(*text)) {
                    for (auto candidate : module_candidates(file, owns_dir, decl)) {
                        candidate = candidate.lexically_normal();
                        std::error_code ec;
                        if (!fs::is_regular_file(candidate, ec)) {
                            continue;  // rustc tries the next place; a module nowhere is rustc's error
                        }
                        if (seen.insert(candidate).second) {
                            ts.modules.push_back(ws_.relative(candidate.string()));
                            if (test) {
                                test_files_.emplace(candidate, TestMember{t.name, false, root.parent_path()});
                            }
                            todo.emplace_back(candidate, candidate.filename() == "mod.rs");
                        }
                        break;
                    }
                }
            }
            out.targets.push_back(std::move(ts));
        }
        return std::nullopt;
    }

    std::optional<ToolProblem> forbidding_roots(const Package& pkg, PackageSources& out) const {
        for (const auto& t : pkg.targets) {
            if (!t.is_library()) {
                continue;
            }
            const auto text = read_text(t.src_path);
            if (!text) {
                return cannot_read(t.src_path);
            }
            if (forbids_unsafe_code(*text)) {
                out.forbid_unsafe_roots.push_back(ws_.relative(t.src_path));
            }
        }
        return std::nullopt;
    }

    // Every .rs file below the package's directory, once: src/ and tests/ in full, the rest
    // without target/ and hidden directories.
    std::optional<ToolProblem> walk(const Package& pkg, PackageSources& out,
                                    std::vector<std::pair<fs::path, TargetFile>>& src,
                                    std::vector<std::pair<fs::path, TargetFile>>& tests) {
        const auto root = pkg.root();
        std::error_code ec;
        fs::recursive_directory_iterator it(root, ec);
        for (const fs::recursive_directory_iterator end; !ec && it != end; it.increment(ec)) {
            const auto rel = it->path().lexically_relative(root);
            const auto top = rel.begin()->string();
            const bool target_tree = top == "src" || top == "tests";
            const auto name = it->path().filename().string();
            // An entry whose type cannot be read (a dangling symlink) is neither a directory
            // nor a source: only a directory that cannot be listed stops the walk.
            std::error_code type_ec;
            if (!target_tree && it->is_directory(type_ec) && (name == "target" || (!name.empty() && name[0] == '.'))) {
                it.disable_recursion_pending();
                continue;
            }
            if (it->path().extension() != ".rs" || !it->is_regular_file(type_ec)) {
                continue;
            }
            // A test target's file outside tests/ (`[[test]] path = "it/main.rs"`) is one of its files too.
            const bool test_file = top == "tests" || test_files_.count(it->path().lexically_normal()) != 0;
            auto problem = file(it->path(), rel, out, top == "src" ? &src : test_file ? &tests : nullptr);
            if (problem) {
                return problem;
            }
        }
        if (ec) {
            return error_problem(fmt::format("cannot list the sources under {}: {}", root.string(), ec.message()));
        }
        return std::nullopt;
    }

    std::optional<ToolProblem> file(const fs::path& path, const fs::path& rel_path, PackageSources& out,
                                    std::vector<std::pair<fs::path, TargetFile>>* target) {
        const auto text = read_text(path);
        if (!text) {
            return cannot_read(path);
        }
        const auto shown = ws_.relative(path.string());
        if (sources_.files.count(shown) == 0) {
            sources_.files.emplace(shown, scan_rust_source(*text));
        }
        if (!out.async_code && !under_skipped_dir(rel_path) && has_async_code(*text)) {
            out.async_code = true;
        }
        if (target == nullptr) {
            return std::nullopt;
        }
        const auto rel = rel_path.generic_string();
        if (rel.starts_with("src/")) {
            properties_.insert_or_assign(shown, scan_properties(*text, property_module(rel)));
            TargetFile f{shown, "", std::nullopt, {}};
            f.concurrency = scan_source(*text, concurrency_module(rel.substr(4)), false, &features_);
            note_modules(path, shown, *text);
            target->emplace_back(rel_path, std::move(f));
            return std::nullopt;
        }
        // Under tests/: only what a test target compiles, as cargo metadata and the `mod`
        // declarations from its root say (`autotests = false` leaves the others out).
        const auto member = test_files_.find(path.lexically_normal());
        const auto m = member != test_files_.end() ? std::optional<TestMember>(member->second) : in_target_dir(rel);
        if (!m) {
            return std::nullopt;
        }
        const auto module =
            m->root ? std::string()
                    : module_path_of(path.lexically_normal().lexically_relative(m->root_dir).generic_string());
        properties_.insert_or_assign(shown, scan_properties(*text, module));
        TargetFile f{shown, m->target, std::nullopt, {}};
        if (m->root) {
            f.concurrency = scan_source(*text, "", true, &features_);
        }
        target->emplace_back(rel_path, std::move(f));
        return std::nullopt;
    }

    // tests/T/** of a test target T rooted at tests/T.rs or tests/T/main.rs that its `mod`
    // declarations did not reach (an inline `mod T { mod x; }`, a macro): T's, as cargo's
    // layout says.
    [[nodiscard]] std::optional<TestMember> in_target_dir(const std::string& rel) const {
        const auto slash = rel.find('/', 6);
        if (slash == std::string::npos) {
            return std::nullopt;
        }
        const auto name = rel.substr(6, slash - 6);
        const auto dir = package_root_ / "tests" / name;
        for (const auto& file : {dir / "main.rs", package_root_ / "tests" / (name + ".rs")}) {
            const auto it = test_files_.find(file);
            if (it != test_files_.end() && it->second.root && it->second.target == name) {
                return TestMember{name, false, dir};
            }
        }
        return std::nullopt;
    }

    static ToolProblem cannot_read(const fs::path& path) {
        std::error_code ec;
        const auto why = fs::exists(path, ec) ? "it cannot be read" : "it does not exist";
        return error_problem(fmt::format("cannot read the crate's source {}: {}", path.string(), why));
    }

    const Workspace& ws_;
    const TargetScope& scope_;
    std::set<std::string> features_;                                      // the current package's enabled features
    std::map<std::string, PropertyScan> properties_;                      // by file, until resolved per target
    std::map<std::string, std::pair<std::string, std::string>> parents_;  // src file -> (declaring file, cfg off)
    std::set<fs::path> crate_roots_;
    RustSources sources_;
    std::map<fs::path, TestMember> test_files_;  // the current package's; the first target wins
    fs::path package_root_;
};

}  // namespace

RustSource scan_rust_source(std::string_view text) {
    return RustSource{async_scopes(text), unsafe_regions(text), safety_commented_lines(text), guarded_lines(text)};
}

Probed<RustSources> read_rust_sources(const Workspace& ws, const TargetScope& scope) {
    Walk walk(ws, scope);
    for (const auto* pkg : ws.selected_packages()) {
        if (auto problem = walk.package(*pkg)) {
            return *problem;
        }
    }
    return walk.take();
}

}  // namespace gc::probes
