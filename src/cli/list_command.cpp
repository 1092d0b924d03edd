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

// Every program the probes run (their ProbeInfo), once each, in the registry's order. A probe
// that runs none (rust-sources reads files in-process) has a Tool without a name.
std::vector<Tool> probe_tools() {
    std::vector<Tool> all;
    const auto add = [&all](const Tool& t) {
        if (!t.name.empty() &&
            std::none_of(all.begin(), all.end(), [&t](const Tool& known) { return known.name == t.name; })) {
            all.push_back(t);
        }
    };
    for (const auto* probe : probe_registry()) {
        add(probe->info().tool);
        for (const auto& [family, tool] : probe->info().family_tools) {
            add(tool);
        }
    }
    return all;
}

// The programs behind a gate: cargo, and the program of each probe family it reads. An
// attestation without machine evidence needs none: a person proves it.
std::vector<std::string> tools_for(const GateInfo& info) {
    std::vector<std::string> out;
    const auto add = [&out](const std::string& name) {
        if (!name.empty() && std::find(out.begin(), out.end(), name) == out.end()) {
            out.push_back(name);
        }
    };
    if (!info.attestation || !info.probes.empty()) {
        add(tools::cargo.name);
    }
    for (const auto& family : info.probes) {
        for (const auto* probe : probe_registry()) {
            const auto& families = probe->info().families;
            if (std::find(families.begin(), families.end(), family) != families.end()) {
                add(probe->info().tool_of(family).name);
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
    for (const auto& t : probe_tools()) {
        process::Command cmd;
        cmd.argv = t.check;
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
        for (const auto& s : g->settings()) {
            out += fmt::format("{:<18} setting: {}\n", "", describe(s));
        }
        if (info.attestation) {
            out += fmt::format(
                "{:<18} setting: [attestations.{}]: by, date, note, max_age_days (optional expiry), "
                "required (default false): docs/CONFIG.md\n",
                "", info.id);
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
