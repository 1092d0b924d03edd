// `gatecheck list`: every gate with its id, phase, the checklist items it proves, and
// whether its tools are available here (an attestation says it is a person's review); then the
// checklist items no gate proves yet.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <map>

#include <fmt/format.h>

#include "cli/cli.hpp"
#include "core/exit_codes.hpp"
#include "gates/gate.hpp"
#include "probes/cargo_command.hpp"
#include "probes/parsers.hpp"
#include "probes/probe.hpp"
#include "report/checklist.hpp"

namespace gc {
namespace {

struct Tool {
    std::string name;
    std::vector<std::string> argv;
    std::string fix;
};

// The tools behind each probe kind, checked with a harmless --version each.
const std::vector<Tool>& tools() {
    static const std::vector<Tool> all{
        {"cargo", {"cargo", "--version"}, "install a Rust toolchain (rustup)"},
        {"clippy", {"cargo", "clippy", "--version"}, "rustup component add clippy"},
        {"rustfmt", {"cargo", "fmt", "--version"}, "rustup component add rustfmt"},
        {"rustdoc", {"rustdoc", "--version"}, "install a Rust toolchain (rustup)"},
        // Debian's package; the coverage gate's `llvm_bin` setting can point elsewhere.
        {"llvm-19", {"llvm-profdata-19", "--version"}, "apt-get install llvm-19"},
        // The default toolchain's only: `check` also tries +nightly (probes/miri_probe.cpp).
        {"miri", {"cargo", "miri", "--version"}, "rustup +nightly component add miri"},
        {"valgrind", {"valgrind", "--version"}, "apt-get install valgrind"},
        // Counting user-space clock ticks needs permission too (kernel.perf_event_paranoid <= 2).
        {"perf", {"perf", "stat", "-e", "cpu-clock:u", "true"}, "apt-get install linux-perf"},
    };
    return all;
}

// The programs behind a gate: cargo, and the tool of each probe it reads. An attestation
// without machine evidence needs none: a person proves it.
std::vector<std::string> tools_for(const GateInfo& info) {
    std::vector<std::string> out;
    if (!info.attestation || !info.probes.empty()) {
        out.emplace_back("cargo");
    }
    for (const auto& family : info.probes) {
        for (const auto* probe : probe_registry()) {
            const auto& families = probe->info().families;
            const auto& tool = probe->info().tool;
            if (std::find(families.begin(), families.end(), family) != families.end() &&
                std::find(out.begin(), out.end(), tool) == out.end()) {
                out.push_back(tool);
            }
        }
        // The bench-profiling probe runs one tool per family beside cargo.
        for (const auto& [fam, tool] : {std::pair{"dhat", "valgrind"}, std::pair{"perf", "perf"}}) {
            if (family == fam && std::find(out.begin(), out.end(), tool) == out.end()) {
                out.emplace_back(tool);
            }
        }
    }
    return out;
}

// The directory whose toolchain (rust-toolchain.toml, rustup overrides) the tools are asked
// about; a path that does not exist is an error, as it is for `check`.
Result<std::filesystem::path> toolchain_dir(const std::string& path) {
    std::error_code ec;
    const auto st = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(st)) {
        return make_error(ErrorKind::input, fmt::format("{}: no such file or directory", path));
    }
    if (std::filesystem::is_directory(st)) {
        return std::filesystem::path(path);
    }
    const auto parent = std::filesystem::path(path).parent_path();  // a Cargo.toml: its crate
    return parent.empty() ? std::filesystem::path(".") : parent;
}

}  // namespace

Result<int> run_list(const ListOptions& options) {
    const auto dir = toolchain_dir(options.path);
    if (!dir) {
        return dir.error();
    }
    const auto runner = process::make_system_runner();
    std::map<std::string, std::string> state;  // tool -> "" when available, else why not
    for (const auto& t : tools()) {
        process::Command cmd;
        cmd.argv = t.argv;
        cmd.cwd = *dir;
        cmd.timeout = std::chrono::seconds(60);
        const auto res = runner->run(cmd, nullptr);
        if (auto p = tool_problem(res, cmd)) {
            state[t.name] = fmt::format("{} (fix: {})", p->reason, p->fix.empty() ? t.fix : p->fix);
        } else if (!res.succeeded()) {
            state[t.name] = fmt::format("`{}` {} (fix: {})", cmd.display(), res.describe(cmd), t.fix);
        } else {
            state[t.name] = "";
        }
    }
    const bool color = use_color(options.common.color, STDOUT_FILENO);
    const auto ok = [&](const std::string& s) { return color ? "\x1b[32m" + s + "\x1b[0m" : s; };
    const auto bad = [&](const std::string& s) { return color ? "\x1b[31m" + s + "\x1b[0m" : s; };

    std::string out;
    for (const auto* g : gate_catalogue()) {
        const auto& info = g->info();
        std::string tool_line;
        for (const auto& t : tools_for(info)) {
            const auto& why = state[t];
            tool_line +=
                (tool_line.empty() ? "" : ", ") + (why.empty() ? ok(t + " available") : bad(t + " unavailable"));
        }
        if (info.attestation) {
            tool_line = fmt::format("attestation (a person's review){}{}", tool_line.empty() ? "" : ", ", tool_line);
        }
        out += fmt::format("{:<18} {:<15} {}\n", info.id, info.phase, tool_line);
        for (const auto& item : info.checklist) {
            out += fmt::format("{:<18} proves: {}\n", "", item);
        }
        out += fmt::format("{:<18} evidence: {}\n", "", info.evidence);
        for (const auto& s : info.settings_doc) {
            out += fmt::format("{:<18} setting: {}\n", "", s);
        }
        for (const auto& t : tools_for(info)) {
            if (!state[t].empty()) {
                out += fmt::format("{:<18} {}: {}\n", "", t, state[t]);
            }
        }
    }
    std::string unproved;
    for (const auto& item : checklist_items()) {
        bool proved = false;
        for (const auto* g : gate_catalogue()) {
            for (const auto& c : g->info().checklist) {
                proved = proved || c == item.text;
            }
        }
        if (!proved) {
            unproved += fmt::format("  [{}] {}\n", item.phase, item.text);
        }
    }
    out += unproved.empty()
               ? "\nEvery checklist item is proved by a gate or a person's attestation.\n"
               : "\nChecklist items no gate proves yet (reported as not-checked, never pass):\n" + unproved;
    std::fwrite(out.data(), 1, out.size(), stdout);
    return std::fflush(stdout) == 0 && std::ferror(stdout) == 0 ? kExitPass : kExitUsage;
}

}  // namespace gc
