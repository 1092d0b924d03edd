// gatecheck new PATH: a crate rendered from the lib (or bin) part, its dependencies resolved
// by cargo add in the staging directory, then moved into place.
#include <algorithm>

#include <fmt/format.h>

#include "scaffold/dependencies.hpp"
#include "scaffold/enclosing_workspace.hpp"
#include "scaffold/names.hpp"
#include "scaffold/scaffold.hpp"
#include "scaffold/staging.hpp"
#include "scaffold/template_set.hpp"
#include "scaffold/variables.hpp"
#include "scaffold/write_plan.hpp"

namespace gc::scaffold {
namespace fs = std::filesystem;

namespace {

Result<std::string> package_name(const NewOptions& options, const fs::path& target) {
    const std::string name = options.name.value_or(target.filename().string());
    if (auto problem = package_name_problem(name, options.bin ? TargetKind::bin : TargetKind::lib)) {
        const char* hint = !options.name ? " (use --name to choose another name than the directory's)" : "";
        return make_error(ErrorKind::usage, fmt::format("gatecheck new: {}{}", *problem, hint));
    }
    return name;
}

Variables new_variables(const NewOptions& options, const std::string& name) {
    auto vars = base_variables(name);
    vars["edition"] = options.edition;
    vars["async"] = options.async;
    vars["bin"] = options.bin;
    vars["has_benches"] = true;
    return vars;
}

std::vector<std::string> crate_names(const TemplateSet& set) {
    std::vector<std::string> names;
    for (const auto& [name, pinned] : set.pinned) {
        names.push_back(name);
    }
    return names;
}

// The versions: pinned, or resolved by cargo add (nothing to resolve for a dry run, which
// lists the command instead).
Result<Versions> choose_versions(const NewOptions& options, const TemplateSet& set, const fs::path& target,
                                 process::Runner& runner) {
    if (options.pinned || options.dry_run) {
        return Versions(set.pinned.begin(), set.pinned.end());
    }
    return resolve_versions(crate_names(set), existing_ancestor(target.parent_path()), runner);
}

void add_versions(Variables& vars, const Versions& versions, bool pinned) {
    for (const auto& [crate, version] : versions) {
        std::string name = crate;
        std::replace(name.begin(), name.end(), '-', '_');
        vars["version_" + name] = version;
    }
    vars["versions_from"] = std::string(pinned ? "pinned by gatecheck new --pinned (templates.toml)"
                                               : "resolved by `cargo add` against your registry when the crate "
                                                 "was generated");
}

}  // namespace

Result<int> run_new(const NewOptions& options, process::Runner& runner) {
    if (options.edition != "2021" && options.edition != "2024") {
        return make_error(ErrorKind::usage, fmt::format("--edition {}: expected 2021 or 2024", options.edition));
    }
    const auto target = fs::absolute(options.path).lexically_normal();
    auto name = package_name(options, target.has_filename() ? target : target.parent_path());
    if (!name) {
        return name.error();
    }
    auto set =
        load_template_set(options.template_dir.empty() ? default_template_dir() : fs::path(options.template_dir));
    if (!set) {
        return set.error();
    }
    // Rendered once before cargo add runs, so a broken template costs no registry look-up.
    auto vars = new_variables(options, *name);
    add_versions(vars, set->pinned, true);
    auto first = render_part(*set, options.bin ? "bin" : "lib", vars);
    if (!first) {
        return first.error();
    }
    if (auto st = check_conflicts({"gatecheck new", target, std::move(*first), {}, options.force, false, {}, nullptr});
        !st) {
        return st.error();
    }
    auto versions = choose_versions(options, *set, target, runner);
    if (!versions) {
        return versions.error();
    }
    add_versions(vars, *versions, options.pinned);
    auto files = render_part(*set, options.bin ? "bin" : "lib", vars);
    if (!files) {
        return files.error();
    }
    std::vector<std::string> notes;
    if (!options.pinned) {
        std::string line = "would resolve versions with:";
        for (const auto& arg : cargo_add_argv(crate_names(*set))) {
            line += " " + arg;
        }
        notes.push_back(line + " (in a scratch crate)");
    }
    const WritePlan plan{"gatecheck new", target, std::move(*files), {}, options.force, options.dry_run,
                         notes,           nullptr};
    auto written = execute(plan);
    if (!written) {
        return written.error();
    }
    if (!options.dry_run) {
        fmt::print("Created {} crate `{}` (edition {}{}) in {}:\n{}\nNext: cd {} && gatecheck\n",
                   options.bin ? "binary" : "library", *name, options.edition, options.async ? ", async" : "",
                   target.string(), file_list(*written), target.string());
        if (const auto warning = unlisted_in_workspace(target)) {
            fmt::print(stderr, "warning: {}\n", *warning);
        }
    }
    return 0;
}

}  // namespace gc::scaffold
