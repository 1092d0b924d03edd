// clippy: `cargo clippy --all-targets --keep-going -- <lints>` (or the configured scope), run once with the union of
// the lints every selected gate asked for; each gate then reads its own view of it.
#include "probes/cargo_command.hpp"
#include "probes/catalog.hpp"
#include "probes/keys.hpp"

namespace gc::probes {
namespace {

class ClippyProbe final : public Probe {
public:
    [[nodiscard]] const ProbeInfo& info() const override {
        static const ProbeInfo info{"clippy", {keys::clippy.family}, "clippy"};
        return info;
    }
    [[nodiscard]] std::vector<Task> plan(const PlanContext& ctx) const override {
        std::vector<std::string> args{"clippy"};
        const auto scope = scope_args(ctx.ws, ctx.needs.scope, Targets::all);
        args.insert(args.end(), scope.begin(), scope.end());
        args.insert(args.end(), {"--keep-going", "--message-format=json"});
        const auto pkgs = package_args(ctx.ws);
        args.insert(args.end(), pkgs.begin(), pkgs.end());
        args.emplace_back("--");
        const auto flags = lint_flags(ctx.needs.lints);
        args.insert(args.end(), flags.begin(), flags.end());
        Task t;
        t.id = keys::clippy.family;
        t.command = cargo_command(ctx.ws, args, ctx.needs.timeout(keys::clippy.family));
        t.lock = ctx.ws.target_dir.string();
        auto sink = std::make_shared<ParserSink<CargoMessageParser>>(ctx.ws);
        t.sink = sink;
        t.on_done = [ctx, sink, flags, cmd = t.command](const process::Completed& res) {
            auto judged = judge_compile(res, cmd, sink->parser.result());
            if (auto* ev = judged.get()) {
                ev->lints = flags;
            }
            ctx.evidence.put(keys::clippy, std::move(judged));
            return std::vector<Task>{};
        };
        return {std::move(t)};
    }
};

}  // namespace

std::unique_ptr<Probe> make_clippy_probe() {
    return std::make_unique<ClippyProbe>();
}

}  // namespace gc::probes
