// advisories: Cargo.lock's crates.io packages against a local RustSec advisory database, as
// cargo-audit checks them, and the crate's cargo-fuzz targets. The one command is
// `cargo tree --depth 0`: it resolves the workspace and writes Cargo.lock when it is missing
// or stale (cargo-audit runs `cargo generate-lockfile` for that), and prints next to nothing.
// Reading the lockfile and the database is in-process work in its on_done.
#include <algorithm>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "cargo/lockfile.hpp"
#include "evidence/keys.hpp"
#include "probes/advisory_db.hpp"
#include "probes/cargo_command.hpp"
#include "probes/probe.hpp"

namespace gc::probes {
namespace {

// Empty: cargo-audit's own default place.
const ProbeSetting<std::string> kDatabase{"advisories", "db", ""};

namespace fs = std::filesystem;

// Where the database is: the gate's `db` setting, else cargo-audit's own default
// ($CARGO_HOME/advisory-db, with CARGO_HOME defaulting to ~/.cargo, as cargo's home crate does).
fs::path database_dir(const PlanContext& ctx) {
    if (auto configured = ctx.needs.setting(kDatabase); !configured.empty()) {
        return configured;
    }
    if (const auto it = ctx.env.find("CARGO_HOME"); it != ctx.env.end() && !it->second.empty()) {
        return fs::path(it->second) / "advisory-db";
    }
    const auto home = ctx.env.find("HOME");
    return home == ctx.env.end() ? fs::path{} : fs::path(home->second) / ".cargo" / "advisory-db";
}

ToolProblem no_database(const fs::path& dir) {
    const auto where = dir.empty() ? std::string("~/.cargo/advisory-db") : dir.string();
    return ToolProblem{GateStatus::unavailable, fmt::format("no RustSec advisory database at {}", where),
                       fmt::format("git clone https://github.com/rustsec/advisory-db {} (or set [gates.advisories] "
                                   "db = \"PATH\" to a copy)",
                                   where)};
}

// cargo-fuzz's layout: `fuzz/fuzz_targets/*.rs` next to each selected package's manifest.
std::vector<std::string> fuzz_targets(const Workspace& ws) {
    std::vector<std::string> out;
    for (const auto* pkg : ws.selected_packages()) {
        std::error_code ec;
        for (fs::directory_iterator it(pkg->root() / "fuzz" / "fuzz_targets", ec), end; !ec && it != end;
             it.increment(ec)) {
            if (it->path().extension() == ".rs" && it->is_regular_file()) {
                out.push_back(ws.relative(it->path().string()));
            }
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

Result<std::string> read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return make_error(ErrorKind::input, fmt::format("{} cannot be read", path.string()));
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

Probed<AdvisoryEvidence> audit(const Workspace& ws, const fs::path& db_dir) {
    if (db_dir.empty() || !fs::is_directory(db_dir)) {
        return no_database(db_dir);
    }
    auto db = load_advisory_db(db_dir);
    if (!db) {
        return error_problem(fmt::format("the advisory database does not parse: {}", db.error().message));
    }
    const auto lock_path = ws.root / "Cargo.lock";
    auto text = read_text(lock_path);
    if (!text) {
        return error_problem(text.error().message);
    }
    const auto shown = ws.relative(lock_path.string());
    auto packages = parse_cargo_lock(*text, shown);
    if (!packages) {
        return error_problem(packages.error().message);
    }
    auto ev = audit_packages(*db, *packages, shown);
    if (!ev) {
        return error_problem(ev.error().message);
    }
    ev->fuzz_targets = fuzz_targets(ws);
    return std::move(*ev);
}

class AdvisoriesProbe final : public Probe {
public:
    [[nodiscard]] const ProbeInfo& info() const override {
        static const ProbeInfo info{
            "advisories", {keys::advisories.family}, tools::cargo, {ProbeSettingUse::of(kDatabase)}};
        return info;
    }
    [[nodiscard]] std::vector<Task> plan(const PlanContext& ctx) const override {
        std::vector<std::string> args{"tree", "--depth", "0", "--prefix", "none"};
        const auto pkgs = package_args(ctx.ws);
        args.insert(args.end(), pkgs.begin(), pkgs.end());
        Task t;
        t.id = keys::advisories.family;
        t.command = cargo_command(ctx.ws, args, ctx.needs.timeout(keys::advisories.family));
        t.sink = std::make_shared<TailSink>();
        t.on_done = [ctx, cmd = t.command, db = database_dir(ctx)](const process::Completed& res) {
            if (auto p = tool_problem(res, cmd)) {
                ctx.evidence.put(keys::advisories, *p);
            } else if (res.exit_code != 0) {
                ctx.evidence.put(keys::advisories, error_problem(fmt::format("`{}` could not resolve the lockfile: {}",
                                                                             cmd.display(), stderr_excerpt(res.err))));
            } else {
                ctx.evidence.put(keys::advisories, audit(ctx.ws, db));
            }
            return std::vector<Task>{};
        };
        return {std::move(t)};
    }
};

}  // namespace

std::unique_ptr<Probe> make_advisories_probe() {
    return std::make_unique<AdvisoriesProbe>();
}

}  // namespace gc::probes
