#pragma once
// The command line: parsing (CLI11) and the subcommands it dispatches to.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/result.hpp"
#include "core/version.hpp"
#include "engine/options.hpp"
#include "scaffold/scaffold.hpp"

namespace gc {

struct ListOptions {
    CommonOptions common;
    std::string path = ".";
};

struct ExitNow {
    int code = 0;  // --help, --version: already printed
};

using ParsedCommand = std::variant<CheckOptions, ListOptions, ExitNow, scaffold::NewOptions, scaffold::ModuleOptions,
                                   scaffold::InitOptions>;

Result<ParsedCommand> parse_command_line(int argc, const char* const* argv);

// Runs a parsed command; returns the process exit code, or the Error that stopped it.
Result<int> dispatch(const ParsedCommand& command);
Result<int> run_list(const ListOptions& options);

inline constexpr const char* kVersion = kGatecheckVersion;

}  // namespace gc
