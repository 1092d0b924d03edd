// gatecheck init [PATH]: the init part (gatecheck.toml, CI files) added to an existing crate.
#include <fmt/format.h>

#include "scaffold/existing_crate.hpp"
#include "scaffold/scaffold.hpp"
#include "scaffold/variables.hpp"
#include "scaffold/write_plan.hpp"

namespace gc::scaffold {
namespace fs = std::filesystem;

Result<int> run_init(const InitOptions& options) {
    auto crate = read_existing_crate(options.path, "gatecheck init");
    if (!crate) {
        return crate.error();
    }
    auto set =
        load_template_set(options.template_dir.empty() ? default_template_dir() : fs::path(options.template_dir));
    if (!set) {
        return set.error();
    }
    auto vars = base_variables(crate->name);
    vars["has_benches"] = false;  // the generated benchmark targets name new's benches only
    auto files = render_part(*set, "init", vars);
    if (!files) {
        return files.error();
    }
    WritePlan plan{
        "gatecheck init", fs::absolute(crate->dir), std::move(*files), {}, options.force, options.dry_run, {}, nullptr};
    auto written = execute(plan);
    if (!written) {
        return written.error();
    }
    if (!options.dry_run) {
        fmt::print("gatecheck init: added to {} (nothing else was changed):\n{}\nNext: gatecheck {}\n", crate->name,
                   file_list(*written), options.path);
    }
    return 0;
}

}  // namespace gc::scaffold
