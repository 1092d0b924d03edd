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
    const auto runner = process::make_system_runner();
    return run_check(std::get<CheckOptions>(command), default_registries(), *runner);
}

}  // namespace gc
