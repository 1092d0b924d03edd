#include "cli/scaffold_cli.hpp"

namespace gc {
namespace {

// What every scaffolding command shares: refusing to overwrite unless forced, a dry run, and
// a team's own template set. `overwrites`: which files --force lets it overwrite.
template <class Options>
void add_write_options(CLI::App& cmd, Options& o, const std::string& overwrites, const std::string& also_listed = "") {
    cmd.add_flag("--force", o.force, "Overwrite " + overwrites);
    cmd.add_flag("--dry-run", o.dry_run, "List what would be written" + also_listed);
    cmd.add_option("--template", o.template_dir,
                   "Template directory with a templates.toml (default: gatecheck's bundled templates/)")
        ->option_text("DIR");
}

void add_new(CLI::App& app, ScaffoldCommands& c) {
    auto& o = c.new_options;
    c.new_cmd = app.add_subcommand("new",
                                   "Create a crate that passes every gate: lib (default) or bin, "
                                   "with docs, tests, a property test, a criterion bench, CI and config");
    c.new_cmd->add_option("path", o.path, "Directory of the new crate")->option_text("PATH")->required();
    c.new_cmd->add_option("--name", o.name, "Package name (default: the directory's name)")->option_text("NAME");
    auto* lib = c.new_cmd->add_flag("--lib", c.lib_flag, "A library (the default)");
    c.new_cmd->add_flag("--bin", o.bin, "A binary: src/main.rs on top of the library")->excludes(lib);
    c.new_cmd->add_flag("--async", o.async, "Turn the `async` feature (tokio) on by default");
    c.new_cmd->add_option("--edition", o.edition, "Rust edition: 2021 (default) or 2024")->option_text("YEAR");
    c.new_cmd->add_flag("--pinned", o.pinned,
                        "Write the versions templates.toml pins instead of resolving them with cargo add");
    add_write_options(*c.new_cmd, o, "files that already exist in PATH", ", and the cargo add commands");
}

void add_module(CLI::App& app, ScaffoldCommands& c) {
    auto& o = c.module_options;
    c.module_cmd = app.add_subcommand("module",
                                      "Add src/NAME.rs (a documented type and trait with tests) to a "
                                      "crate and declare it in lib.rs (or main.rs)");
    c.module_cmd->add_option("name", o.name, "Module name (snake_case)")->option_text("NAME")->required();
    c.module_cmd->add_option("--path", o.path, "The crate's directory (default: .)")->option_text("CRATE");
    c.module_cmd->add_flag("--async", o.async, "Add an async trait and a #[tokio::test] (the crate needs tokio)");
    add_write_options(*c.module_cmd, o, "src/NAME.rs if it exists");
}

void add_init(CLI::App& app, ScaffoldCommands& c) {
    auto& o = c.init_options;
    c.init_cmd = app.add_subcommand("init",
                                    "Add gatecheck.toml and CI workflows (GitHub Actions, GitLab) to an "
                                    "existing crate, touching nothing else");
    c.init_cmd->add_option("path", o.path, "The crate's directory (default: .)")->option_text("PATH");
    add_write_options(*c.init_cmd, o, "those files if they exist");
}

}  // namespace

void add_scaffold_commands(CLI::App& app, ScaffoldCommands& commands) {
    add_new(app, commands);
    add_module(app, commands);
    add_init(app, commands);
}

}  // namespace gc
