// advisories: RustSec advisories that apply to Cargo.lock's packages, judged as cargo-audit
// judges them (vulnerabilities fail; informational advisories warn; withdrawn ones are not
// reported), and the cargo-fuzz targets the crate has.
#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "evidence/keys.hpp"
#include "gates/common.hpp"
#include "gates/diagnostic_findings.hpp"
#include "gates/gate.hpp"

namespace gc::gates {
namespace {

std::string ranges(const AdvisoryMatch& m) {
    std::string out =
        m.patched.empty() ? "no patched version" : fmt::format("patched: {}", fmt::join(m.patched, " or "));
    if (!m.unaffected.empty()) {
        out += fmt::format("; unaffected: {}", fmt::join(m.unaffected, " or "));
    }
    return out;
}

Finding to_finding(const AdvisoryMatch& m, const std::string& lockfile, bool deny_informational) {
    const bool fails = !m.informational() || deny_informational;
    Finding f{m.id,
              fails ? FindingLevel::error : FindingLevel::warning,
              fmt::format("{} {}: {} ({}; {}){}", m.package, m.version, m.title, m.kind, ranges(m),
                          m.url.empty() ? "" : " " + m.url),
              lockfile,
              m.lock_line > 0 ? std::optional<int>(m.lock_line) : std::nullopt,
              std::nullopt};
    f.snippet = m.package;  // the same advisory on the same crate stays one finding across upgrades
    f.hint = m.patched.empty() ? fmt::format("no fixed {} exists: replace it or accept the risk", m.package)
                               : fmt::format("cargo update -p {} (to a patched version)", m.package);
    return f;
}

std::string count(long n, const char* one, const char* many) {
    return fmt::format("{} {}", n, n == 1 ? one : many);
}

std::string database_line(const AdvisoryEvidence& ev) {
    return fmt::format("{} advisories in {} ({})", ev.advisories, ev.db_path,
                       ev.db_commit.empty() ? "newest " + ev.db_newest : "commit " + ev.db_commit.substr(0, 12));
}

// The first few by name: a workspace on many git dependencies keeps a one-line summary.
std::string unchecked_line(const AdvisoryEvidence& ev) {
    if (ev.unchecked.empty()) {
        return "";
    }
    const auto shown = std::min<std::size_t>(ev.unchecked.size(), 3);
    return fmt::format(", {} not from crates.io not checked ({}{})",
                       plural(static_cast<long>(ev.unchecked.size()), "package"),
                       fmt::join(ev.unchecked.begin(), ev.unchecked.begin() + static_cast<std::ptrdiff_t>(shown), ", "),
                       shown < ev.unchecked.size() ? ", ..." : "");
}

std::string fuzz_line(const AdvisoryEvidence& ev) {
    if (ev.fuzz_targets.empty()) {
        return "no fuzz targets";
    }
    return fmt::format("{}: {}", plural(static_cast<long>(ev.fuzz_targets.size()), "fuzz target"),
                       fmt::join(ev.fuzz_targets, ", "));
}

class AdvisoriesGate final : public Gate {
public:
    [[nodiscard]] const GateInfo& info() const override {
        static const GateInfo info{
            "advisories",
            "Security",
            {"Security testing completed"},
            "every crates.io package of Cargo.lock against a local RustSec advisory database (as cargo audit "
            "checks it), and the cargo-fuzz targets (fuzz/fuzz_targets/*.rs)",
            {keys::advisories.family}};
        return info;
    }
    [[nodiscard]] std::vector<SettingSpec> settings() const override {
        return {{"db", SettingSpec::Type::path, std::string{},
                 "the advisory database (none: cargo-audit's $CARGO_HOME/advisory-db)"},
                {"deny_informational", SettingSpec::Type::boolean, false,
                 "unmaintained / unsound / notice advisories fail the gate"}};
    }
    [[nodiscard]] GateResult evaluate(const GateInput& in) const override {
        GateResult r = start(info(), in.settings);
        const auto& probed = in.evidence.get(keys::advisories);
        const auto* ev = probed.get();
        if (ev == nullptr) {
            return from_problem(std::move(r), problem_of(probed, "the advisory check did not run"));
        }
        const bool deny = in.settings.flag("deny_informational");
        long vulnerabilities = 0;
        for (const auto& m : ev->matches) {
            vulnerabilities += m.informational() ? 0 : 1;
            r.findings.push_back(to_finding(m, ev->lockfile, deny));
        }
        const auto informational = static_cast<long>(ev->matches.size()) - vulnerabilities;
        r.metrics = {{"packages_checked", ev->checked},
                     {"advisories", ev->advisories},
                     {"withdrawn", ev->withdrawn},
                     {"vulnerabilities", vulnerabilities},
                     {"informational", informational},
                     {"unchecked", static_cast<double>(ev->unchecked.size())},
                     {"fuzz_targets", static_cast<double>(ev->fuzz_targets.size())}};
        const bool fails = vulnerabilities > 0 || (deny && informational > 0);
        r.status = fails ? GateStatus::fail : (informational > 0 ? GateStatus::warn : GateStatus::pass);
        r.summary = fmt::format("{}, {} in {} crates.io packages{}; {}; {}",
                                count(vulnerabilities, "vulnerability", "vulnerabilities"),
                                count(informational, "informational advisory", "informational advisories"), ev->checked,
                                unchecked_line(*ev), database_line(*ev), fuzz_line(*ev));
        return r;
    }
};

}  // namespace

std::unique_ptr<Gate> make_advisories_gate() {
    return std::make_unique<AdvisoriesGate>();
}

}  // namespace gc::gates
