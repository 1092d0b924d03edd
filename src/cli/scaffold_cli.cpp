#include "cli/scaffold_cli.hpp"

namespace gc {
namespace {

void add_template_option(CLI::App& cmd, std::string& dir) {
    cmd.add_option("--template", dir,
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
    c.new_cmd->add_flag("--force", o.force, "Overwrite files that already exist in PATH");
    c.new_cmd->add_flag("--dry-run", o.dry_run, "List what would be written, and the cargo add commands");
    c.new_cmd->add_flag("--pinned", o.pinned,
                        "Write the versions templates.toml pins instead of resolving them with cargo add");
    add_template_option(*c.new_cmd, o.template_dir);
}

void add_module(CLI::App& app, ScaffoldCommands& c) {
    auto& o = c.module_options;
    c.module_cmd = app.add_subcommand("module",
                                      "Add src/NAME.rs (a documented type and trait with tests) to a "
                                      "crate and declare it in lib.rs (or main.rs)");
    c.module_cmd->add_option("name", o.name, "Module name (snake_case)")->option_text("NAME")->required();
    c.module_cmd->add_option("--path", o.path, "The crate's directory (default: .)")->option_text("CRATE");
    c.module_cmd->add_flag("--async", o.async, "Add an async trait and a #[tokio::test] (the crate needs tokio)");
    c.module_cmd->add_flag("--force", o.force, "Overwrite src/NAME.rs if it exists");
    c.module_cmd->add_flag("--dry-run", o.dry_run, "List what would be written");
    add_template_option(*c.module_cmd, o.template_dir);
}

void add_init(CLI::App& app, ScaffoldCommands& c) {
    auto& o = c.init_options;
    c.init_cmd = app.add_subcommand("init",
                                    "Add gatecheck.toml and CI workflows (GitHub Actions, GitLab) to an "
                                    "existing crate, touching nothing else");
    c.init_cmd->add_option("path", o.path, "The crate's directory (default: .)")->option_text("PATH");
    c.init_cmd->add_flag("--force", o.force, "Overwrite those files if they exist");
    c.init_cmd->add_flag("--dry-run", o.dry_run, "List what would be written");
    add_template_option(*c.init_cmd, o.template_dir);
}

}  // namespace

void add_scaffold_commands(CLI::App& app, ScaffoldCommands& commands) {
    add_new(app, commands);
    add_module(app, commands);
    add_init(app, commands);
}

}  // namespace gc
