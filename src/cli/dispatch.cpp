// From a parsed command line to the module that does the work.
#include "cli/cli.hpp"
#include "engine/engine.hpp"

namespace gc {

Result<int> dispatch(const ParsedCommand& command) {
    if (const auto* exit_now = std::get_if<ExitNow>(&command)) {
        return exit_now->code;
    }
    if (const auto* list = std::get_if<ListOptions>(&command)) {
        return run_list(*list);
    }
    if (const auto* options = std::get_if<scaffold::NewOptions>(&command)) {
        const auto runner = process::make_system_runner();
        return scaffold::run_new(*options, *runner);
    }
    if (const auto* options = std::get_if<scaffold::ModuleOptions>(&command)) {
        return scaffold::run_module(*options);
    }
    if (const auto* options = std::get_if<scaffold::InitOptions>(&command)) {
        return scaffold::run_init(*options);
    }
    const auto runner = process::make_system_runner();
    return run_check(std::get<CheckOptions>(command), default_registries(), *runner);
}

}  // namespace gc
