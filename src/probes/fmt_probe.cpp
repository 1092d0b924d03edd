// fmt: `cargo fmt --check -v`, the files rustfmt would change. Its exit code must agree with
// the diff it printed (1 with files, 0 without), and -v's list of the files it was given must
// name every target of the selected packages: a silent exit 0 is no proof that rustfmt ran.
#include <string_view>

#include <fmt/format.h>

#include "evidence/keys.hpp"
#include "probes/cargo_command.hpp"
#include "probes/evidence_task.hpp"
#include "probes/probe.hpp"

namespace gc::probes {
namespace {

// Rust source is UTF-8, so is all rustfmt prints: other bytes mean its output was corrupted.
bool valid_utf8(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        const std::size_t extra = c < 0x80U            ? 0
                                  : (c >> 5U) == 0x6U  ? 1
                                  : (c >> 4U) == 0xeU  ? 2
                                  : (c >> 3U) == 0x1eU ? 3
                                                       : 9;
        if (extra == 9 || (extra > 0 && i + extra >= text.size())) {
            return false;
        }
        for (std::size_t k = 1; k <= extra; ++k) {
            if ((static_cast<unsigned char>(text[i + k]) >> 6U) != 0x2U) {
                return false;
            }
        }
        i += extra + 1;
    }
    return true;
}

Probed<FmtEvidence> judge_fmt(const process::Completed& res, const process::Command& cmd, const Workspace& ws) {
    if (auto p = tool_problem(res, cmd)) {
        return *p;
    }
    // Every line rustfmt and cargo fmt -v print ends with a newline: without one, it was cut.
    if ((!res.out.empty() && res.out.back() != '\n') || !valid_utf8(res.out)) {
        return error_problem(fmt::format("`{}` printed output that was cut short or is not UTF-8", cmd.display()));
    }
    auto parsed = parse_fmt_check(res.out, ws);
    if (!parsed) {
        return error_problem(parsed.error().message);
    }
    const bool agree = (res.exit_code == 0 && parsed->files.empty()) || (res.exit_code == 1 && !parsed->files.empty());
    if (!agree) {
        return error_problem(fmt::format("`{}` {} and reported {} unformatted files: {}", cmd.display(),
                                         res.describe(cmd), parsed->files.size(), stderr_excerpt(res.err)));
    }
    for (const auto* pkg : ws.selected_packages()) {
        for (const auto& t : pkg->targets) {
            if (res.out.find(fmt::format("\"{}\"", t.src_path)) == std::string::npos) {
                return error_problem(fmt::format("`{}` {} without naming {} among the files it checked", cmd.display(),
                                                 res.describe(cmd), ws.relative(t.src_path)));
            }
        }
    }
    return std::move(*parsed);
}

class FmtProbe final : public Probe {
public:
    [[nodiscard]] const ProbeInfo& info() const override {
        static const ProbeInfo info{"fmt", {keys::fmt.family}, tools::rustfmt};
        return info;
    }
    [[nodiscard]] std::vector<Task> plan(const PlanContext& ctx) const override {
        // cargo fmt has its own flags: --all, and -p by name among the members only.
        std::vector<std::string> args{"fmt", "--check", "-v", "--manifest-path", (ctx.ws.root / "Cargo.toml").string()};
        if (ctx.ws.selected.size() == ctx.ws.members.size()) {
            args.emplace_back("--all");
        } else {
            for (const auto* p : ctx.ws.selected_packages()) {
                args.insert(args.end(), {"-p", p->name});
            }
        }
        return {evidence_task(ctx, keys::fmt, "", cargo_command(ctx.ws, args, ctx.needs.timeout(keys::fmt.family)),
                              [&ws = ctx.ws](const auto& res, const auto& cmd) { return judge_fmt(res, cmd, ws); })};
    }
};

}  // namespace

std::unique_ptr<Probe> make_fmt_probe() {
    return std::make_unique<FmtProbe>();
}

}  // namespace gc::probes
