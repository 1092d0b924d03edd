// fmt: `cargo fmt --check`, one finding per unformatted file.
#include <fmt/format.h>

#include "evidence/keys.hpp"
#include "gates/common.hpp"
#include "gates/gate.hpp"

namespace gc::gates {
namespace {

class FmtGate final : public Gate {
public:
    [[nodiscard]] const GateInfo& info() const override {
        static const GateInfo info{"fmt",
                                   "Best practices",
                                   {"Follow Rust idioms and community conventions"},
                                   "cargo fmt --check: one finding per file rustfmt would change",
                                   {keys::fmt.family}};
        return info;
    }
    [[nodiscard]] GateResult evaluate(const GateInput& in) const override {
        GateResult r = start(info(), in.settings);
        const auto& probed = in.evidence.get(keys::fmt);
        const auto* ev = probed.get();
        if (ev == nullptr) {
            return from_problem(std::move(r), problem_of(probed, "cargo fmt did not run"));
        }
        for (const auto& f : ev->files) {
            r.findings.push_back(
                Finding{"rustfmt", FindingLevel::warning,
                        fmt::format("not formatted: rustfmt would change {}", plural(f.hunks, "place")), f.file,
                        f.first_line, 1});
        }
        const auto n = static_cast<long>(ev->files.size());
        r.metrics = {{"unformatted_files", n}};
        if (n > 0) {
            r.status = GateStatus::fail;
            r.summary = fmt::format("{} not formatted (run `cargo fmt`)", plural(n, "file"));
        } else {
            r.summary = "every file is formatted";
        }
        return r;
    }
};

}  // namespace

std::unique_ptr<Gate> make_fmt_gate() {
    return std::make_unique<FmtGate>();
}

}  // namespace gc::gates
