#pragma once
// The command line: parsing (CLI11) and the subcommands it dispatches to.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/result.hpp"

namespace gc {

enum class ColorChoice { automatic, always, never };

struct CommonOptions {
    ColorChoice color = ColorChoice::automatic;
    int verbosity = 0;  // -1 with -q
};

struct CheckOptions {
    CommonOptions common;
    std::string path = ".";
    std::vector<std::string> packages;
    std::vector<std::string> gates;
    std::vector<std::string> skips;
    std::vector<std::string> reports;  // FORMAT or FORMAT=FILE
    std::optional<std::size_t> jobs;
    std::optional<std::int64_t> timeout_s;
};

struct ListOptions {
    CommonOptions common;
    std::string path = ".";
};

struct ExitNow {
    int code = 0;  // --help, --version: already printed
};

using ParsedCommand = std::variant<CheckOptions, ListOptions, ExitNow>;

Result<ParsedCommand> parse_command_line(int argc, const char* const* argv);

// Both return the process exit code; errors that stop the run come back as Error.
Result<int> run_check(const CheckOptions& options);
Result<int> run_list(const ListOptions& options);

bool use_color(ColorChoice choice, int fd);

inline constexpr const char* kVersion = "0.1.0";

}  // namespace gc
