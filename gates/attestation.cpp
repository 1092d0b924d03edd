// Attestations: checklist items only a person can judge. One class, four parameter sets. The
// configuration's record ([attestations.ID]) is the final word: valid, the item is
// `attested` (a person's word, never `pass`); missing or expired, it is `manual`, with what a
// person still has to do. crypto-review alone has machine evidence: without a cryptographic
// crate in the dependency graph there is nothing to review (`not-applicable`).
#include <array>
#include <optional>

#include <fmt/format.h>

#include "evidence/keys.hpp"
#include "gates/common.hpp"
#include "gates/crypto_crates.hpp"
#include "gates/gate.hpp"

namespace gc::gates {
namespace {

// What machine evidence says about whether the review is needed at all.
struct Applicability {
    std::optional<ToolProblem> problem;  // the evidence could not be read
    bool applies = true;
    std::string why;  // the evidence in words, for the summary and the to-do
    std::vector<Finding> findings{};
    std::vector<Metric> metrics{};
};

struct AttestationSpec {
    std::string_view id;
    std::string_view phase;
    std::string_view item;
    std::string_view review;  // what a person does before recording it
    std::string_view evidence;
    Applicability (*applies)(const GateInput&) = nullptr;  // none: always needed
    std::vector<std::string> probes{};
};

std::vector<std::string> selected_ids(const Workspace& ws) {
    std::vector<std::string> ids;
    for (const auto* p : ws.selected_packages()) {
        ids.push_back(p->id);
    }
    return ids;
}

Applicability crypto_applicability(const GateInput& in) {
    const auto& probed = in.evidence.get(keys::dependency_graph);
    const auto* graph = probed.get();
    if (graph == nullptr) {
        return {problem_of(probed, "cargo metadata (the dependency graph) did not run"), true, ""};
    }
    const auto roots = selected_ids(in.workspace);
    const auto reached = shipped_packages(*graph, roots);
    const auto uses = crypto_uses(*graph, roots);
    Applicability a;
    a.metrics = {{"packages", static_cast<double>(reached.size())},
                 {"cryptographic_crates", static_cast<double>(uses.size())}};
    if (uses.empty()) {
        a.applies = false;
        a.why = fmt::format(
            "no cryptographic crate in the dependency graph ({}: the checked ones and their normal and build "
            "dependencies, every feature)",
            plural(static_cast<long>(reached.size()), "package"));
        return a;
    }
    std::string names;
    for (const auto& u : uses) {
        const auto name = fmt::format("{} {}", u.package->name, u.package->version);
        names += (names.empty() ? "" : ", ") + name;
        a.findings.push_back(Finding{"crypto-crate", FindingLevel::note,
                                     fmt::format("{} is cryptographic ({})", name, u.path), "", std::nullopt,
                                     std::nullopt});
    }
    a.why = fmt::format("uses {}", names);
    return a;
}

const std::array<AttestationSpec, 4>& specs() {
    static const std::array<AttestationSpec, 4> all{{
        {"cpu-profile", "Performance", "CPU profiling shows no unexpected hotspots",
         "profile the crate's performance-critical paths (perf, cargo flamegraph) and check that no function "
         "takes unexpected time",
         "a person's review, recorded as [attestations.cpu-profile]"},
        {"zero-cost", "Performance", "Zero-cost abstractions verified",
         "check that the crate's abstractions (generics, iterators, wrapper types) cost nothing at run time, "
         "against hand-written code in a benchmark or in the generated assembly",
         "a person's review, recorded as [attestations.zero-cost]"},
        {"input-validation", "Security", "Input validation comprehensive",
         "review that every input the crate accepts (public function arguments, parsed text and files, "
         "environment, network data) is validated and rejected with an error, not a panic",
         "a person's review, recorded as [attestations.input-validation]"},
        {"crypto-review",
         "Security",
         "Cryptographic implementations reviewed",
         "have the crate's use of cryptography reviewed (algorithms, key and nonce handling, constant-time "
         "comparisons, no home-made cryptography)",
         "a person's review, recorded as [attestations.crypto-review]; not applicable when `cargo metadata "
         "--all-features` resolves no cryptographic crate (docs/CONFIG.md lists them) among the checked packages "
         "and their normal and build dependencies",
         &crypto_applicability,
         {keys::dependency_graph.family}},
    }};
    return all;
}

AttestationRecord record_of(const Attestation& a, Date today) {
    const auto expires = a.expires();
    return AttestationRecord{a.by, format_date(a.date), a.note, expires ? format_date(*expires) : "", a.expired(today)};
}

class AttestationGate final : public Gate {
public:
    explicit AttestationGate(const AttestationSpec& spec)
        : spec_(spec),
          info_{std::string(spec.id),
                std::string(spec.phase),
                {std::string(spec.item)},
                std::string(spec.evidence),
                spec.probes,
                true} {}

    [[nodiscard]] const GateInfo& info() const override { return info_; }

    [[nodiscard]] GateResult evaluate(const GateInput& in) const override {
        GateResult r = start(info(), in.settings);
        const auto& recorded = in.settings.attestation;
        if (recorded) {
            r.attestation = record_of(*recorded, in.today);
        }
        const Applicability a = spec_.applies != nullptr ? spec_.applies(in) : Applicability{};
        r.metrics = a.metrics;
        r.findings = a.findings;
        if (r.attestation && !r.attestation->expired) {
            return attested(std::move(r), a);
        }
        if (a.problem) {
            return from_problem(std::move(r), *a.problem);
        }
        if (!a.applies) {
            r.status = GateStatus::not_applicable;
            r.summary = "not applicable: " + a.why + expired_note(r);
            return r;
        }
        return manual(std::move(r), a);
    }

private:
    static GateResult attested(GateResult r, const Applicability& a) {
        const auto& rec = *r.attestation;
        r.status = GateStatus::attested;
        r.summary = fmt::format("attested by {} on {}{}: {}", rec.by, rec.date,
                                rec.expires.empty() ? "" : fmt::format(" (expires on {})", rec.expires), rec.note);
        if (!a.why.empty()) {
            r.summary += fmt::format(" ({})", a.why);
        }
        return r;
    }

    static std::string expired_note(const GateResult& r) {
        if (!r.attestation) {
            return "";
        }
        return fmt::format("; the attestation by {} expired on {}", r.attestation->by, r.attestation->expires);
    }

    [[nodiscard]] GateResult manual(GateResult r, const Applicability& a) const {
        r.status = GateStatus::manual;
        const std::string evidence = a.why.empty() ? "" : a.why + ": ";
        const std::string also = a.why.empty() ? "" : "; it " + a.why;
        if (r.attestation) {
            const auto& rec = *r.attestation;
            r.summary =
                fmt::format("{}the attestation by {} on {} expired on {}", evidence, rec.by, rec.date, rec.expires);
            r.todo = fmt::format("{}{}, then renew [attestations.{}] (by, date, note)", spec_.review, also, spec_.id);
        } else {
            r.summary = evidence + "no review recorded";
            r.todo = fmt::format("{}{}, then record [attestations.{}] (by, date, note)", spec_.review, also, spec_.id);
        }
        return r;
    }

    const AttestationSpec& spec_;
    GateInfo info_;
};

}  // namespace

std::unique_ptr<Gate> make_attestation_gate(std::string_view id) {
    for (const auto& spec : specs()) {
        if (spec.id == id) {
            return std::make_unique<AttestationGate>(spec);
        }
    }
    return nullptr;
}

}  // namespace gc::gates
