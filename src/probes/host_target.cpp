#include "probes/host_target.hpp"

#include <sstream>

#include <fmt/format.h>

#include "probes/cargo_command.hpp"

namespace gc {

Probed<std::string> judge_host(const process::Completed& res, const process::Command& cmd, const Flavour& flavour) {
    if (auto p = tool_problem(res, cmd)) {
        return *p;
    }
    const auto excerpt = stderr_excerpt(res.err);
    if (res.exit_code != 0) {
        if (res.err.find("not supported for this target") != std::string::npos) {
            return ToolProblem{GateStatus::unavailable,
                               fmt::format("the `{}` flavour cannot build for this host: {}", flavour.name, excerpt),
                               ""};
        }
        if (res.err.find("unknown print request") != std::string::npos) {
            return ToolProblem{
                GateStatus::unavailable,
                fmt::format("rustc is too old for the `{}` flavour (`--print host-tuple` needs 1.84): {}", flavour.name,
                            excerpt),
                "rustup update stable"};
        }
        return error_problem(fmt::format("`{}` failed: {}", cmd.display(), excerpt));
    }
    std::istringstream lines(res.out);
    std::string host;
    std::getline(lines, host);
    if (host.empty() || host.find(' ') != std::string::npos) {
        return error_problem(fmt::format("`{}` printed no host tuple", cmd.display()));
    }
    if (!flavour.required_cfg.empty()) {
        bool found = false;
        for (std::string cfg; std::getline(lines, cfg);) {
            found = found || cfg == flavour.required_cfg;
        }
        if (!found) {
            return ToolProblem{GateStatus::unavailable,
                               fmt::format("rustc does not report `{}` with the `{}` flavour's flags on {}",
                                           flavour.required_cfg, flavour.name, host),
                               ""};
        }
    }
    return host;
}

}  // namespace gc
