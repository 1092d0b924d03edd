// rust-sources: the selected packages' own .rs files, read once and scanned for the gates that
// judge source text (async, thread-safety, unsafe, concurrency-tests, property-tests), so those
// gates stay pure functions of the evidence (probes/rust_sources.hpp says which files).
//
// It runs no program, and a scheduler task is one command: the walk is done while planning, on
// the engine's thread, before any task starts, and plans no task. It reads a few hundred files
// at most (milliseconds) and needs no other probe's evidence; a task around it would need a
// stand-in command. Hence no tool in its ProbeInfo and no entry in the report's probe list.
#include "evidence/keys.hpp"
#include "probes/probe.hpp"
#include "probes/rust_sources.hpp"

namespace gc::probes {
namespace {

class RustSourcesProbe final : public Probe {
public:
    [[nodiscard]] const ProbeInfo& info() const override {
        static const ProbeInfo info{"rust-sources", {keys::rust_sources.family}, Tool{}};
        return info;
    }
    [[nodiscard]] std::vector<Task> plan(const PlanContext& ctx) const override {
        ctx.evidence.put(keys::rust_sources, read_rust_sources(ctx.ws, ctx.needs.scope));
        return {};
    }
};

}  // namespace

std::unique_ptr<Probe> make_rust_sources_probe() {
    return std::make_unique<RustSourcesProbe>();
}

}  // namespace gc::probes
