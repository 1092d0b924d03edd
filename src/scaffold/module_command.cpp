// gatecheck module NAME: src/NAME.rs from the module part, declared in the crate root.
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "scaffold/existing_crate.hpp"
#include "scaffold/mod_declaration.hpp"
#include "scaffold/names.hpp"
#include "scaffold/scaffold.hpp"
#include "scaffold/variables.hpp"
#include "scaffold/write_plan.hpp"

namespace gc::scaffold {
namespace fs = std::filesystem;

namespace {

constexpr const char* kCommand = "gatecheck module";

Error refuse(const std::string& why) {
    return make_error(ErrorKind::input, fmt::format("{}: {}; nothing was written", kCommand, why));
}

Result<std::string> read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return refuse(fmt::format("cannot read {}", path.string()));
    }
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

Status check_crate(const ModuleOptions& options, const ExistingCrate& crate) {
    if (crate.root.empty()) {
        return refuse(fmt::format("{} has neither src/lib.rs nor src/main.rs", crate.dir.string()));
    }
    if (options.async && !crate.has_tokio) {
        return refuse(
            "--async modules test with #[tokio::test], and this crate has no tokio dependency "
            "(cargo add --dev tokio --features macros,rt-multi-thread)");
    }
    return Ok{};
}

}  // namespace

Result<int> run_module(const ModuleOptions& options) {
    if (auto problem = module_name_problem(options.name)) {
        return make_error(ErrorKind::usage, fmt::format("{}: {}", kCommand, *problem));
    }
    auto crate = read_existing_crate(options.path, kCommand);
    if (!crate) {
        return crate.error();
    }
    if (auto st = check_crate(options, *crate); !st) {
        return st.error();
    }
    auto root = read_text(crate->dir / crate->root);
    if (!root) {
        return root.error();
    }
    if (declares_module(*root, options.name)) {
        return refuse(fmt::format("{} already declares a module `{}`", crate->root.string(), options.name));
    }
    auto set =
        load_template_set(options.template_dir.empty() ? default_template_dir() : fs::path(options.template_dir));
    if (!set) {
        return set.error();
    }
    auto vars = base_variables(crate->name);
    vars["module"] = options.name;
    vars["Type"] = pascal_case(options.name);
    vars["async"] = options.async;
    auto files = render_part(*set, "module", vars);
    if (!files) {
        return files.error();
    }
    const bool in_lib = crate->root == "src/lib.rs";
    const auto decl = fmt::format("{}mod {};", in_lib ? "pub " : "", options.name);
    files->push_back({crate->root, insert_module(*root, options.name, decl)});
    WritePlan plan{
        kCommand, fs::absolute(crate->dir), std::move(*files), {crate->root}, options.force, options.dry_run, {},
        nullptr};
    auto written = execute(plan);
    if (!written) {
        return written.error();
    }
    if (!options.dry_run) {
        fmt::print("Added module `{}` to {}: `{}` in {}\n{}\n", options.name, crate->name, decl, crate->root.string(),
                   file_list(*written));
    }
    return 0;
}

}  // namespace gc::scaffold
