#pragma once
// The scaffolding subcommands' options (`new`, `module`, `init`) on the CLI11 app.
#include <CLI/CLI.hpp>

#include "scaffold/scaffold.hpp"

namespace gc {

struct ScaffoldCommands {
    scaffold::NewOptions new_options;
    scaffold::ModuleOptions module_options;
    scaffold::InitOptions init_options;
    bool lib_flag = false;  // --lib: the default, accepted for cargo new's sake
    CLI::App* new_cmd = nullptr;
    CLI::App* module_cmd = nullptr;
    CLI::App* init_cmd = nullptr;
};

// Adds the three subcommands; their options are written into `commands`.
void add_scaffold_commands(CLI::App& app, ScaffoldCommands& commands);

}  // namespace gc
