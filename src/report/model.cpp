// The names of the model's enums: the spellings the JSON report and the renderers use.
#include "report/model.hpp"

#include <array>

namespace gc {
namespace {

// One table per enum keeps to_string and parse from drifting apart.
template <class E, std::size_t N>
using Names = std::array<std::pair<E, std::string_view>, N>;

constexpr Names<GateStatus, 9> kGateStatusNames{{{GateStatus::pass, "pass"},
                                                 {GateStatus::fail, "fail"},
                                                 {GateStatus::warn, "warn"},
                                                 {GateStatus::skip, "skip"},
                                                 {GateStatus::unavailable, "unavailable"},
                                                 {GateStatus::error, "error"},
                                                 {GateStatus::manual, "manual"},
                                                 {GateStatus::attested, "attested"},
                                                 {GateStatus::not_applicable, "not-applicable"}}};

constexpr Names<ItemStatus, 10> kItemStatusNames{{{ItemStatus::pass, "pass"},
                                                  {ItemStatus::fail, "fail"},
                                                  {ItemStatus::warn, "warn"},
                                                  {ItemStatus::skip, "skip"},
                                                  {ItemStatus::unavailable, "unavailable"},
                                                  {ItemStatus::error, "error"},
                                                  {ItemStatus::manual, "manual"},
                                                  {ItemStatus::not_checked, "not-checked"},
                                                  {ItemStatus::attested, "attested"},
                                                  {ItemStatus::not_applicable, "not-applicable"}}};

constexpr Names<FindingLevel, 3> kFindingLevelNames{
    {{FindingLevel::error, "error"}, {FindingLevel::warning, "warning"}, {FindingLevel::note, "note"}}};

constexpr Names<Verdict, 3> kVerdictNames{
    {{Verdict::pass, "pass"}, {Verdict::fail, "fail"}, {Verdict::error, "error"}}};

constexpr Names<TestOutcome, 3> kTestOutcomeNames{
    {{TestOutcome::passed, "passed"}, {TestOutcome::failed, "failed"}, {TestOutcome::ignored, "ignored"}}};

template <class E, std::size_t N>
std::string_view name_of(const Names<E, N>& names, E value) {
    for (const auto& [v, name] : names) {
        if (v == value) {
            return name;
        }
    }
    return "error";  // unreachable for a valid enumerator
}

template <class E, std::size_t N>
std::optional<E> value_of(const Names<E, N>& names, std::string_view text) {
    for (const auto& [v, name] : names) {
        if (name == text) {
            return v;
        }
    }
    return std::nullopt;
}

}  // namespace

std::string_view to_string(GateStatus status) {
    return name_of(kGateStatusNames, status);
}
std::optional<GateStatus> parse_gate_status(std::string_view text) {
    return value_of(kGateStatusNames, text);
}

std::string_view to_string(ItemStatus status) {
    return name_of(kItemStatusNames, status);
}
std::optional<ItemStatus> parse_item_status(std::string_view text) {
    return value_of(kItemStatusNames, text);
}

ItemStatus to_item_status(GateStatus status) {
    switch (status) {
        case GateStatus::pass:
            return ItemStatus::pass;
        case GateStatus::fail:
            return ItemStatus::fail;
        case GateStatus::warn:
            return ItemStatus::warn;
        case GateStatus::skip:
            return ItemStatus::skip;
        case GateStatus::unavailable:
            return ItemStatus::unavailable;
        case GateStatus::error:
            return ItemStatus::error;
        case GateStatus::manual:
            return ItemStatus::manual;
        case GateStatus::attested:
            return ItemStatus::attested;
        case GateStatus::not_applicable:
            return ItemStatus::not_applicable;
    }
    return ItemStatus::error;
}

std::string_view to_string(FindingLevel level) {
    return name_of(kFindingLevelNames, level);
}
std::optional<FindingLevel> parse_finding_level(std::string_view text) {
    return value_of(kFindingLevelNames, text);
}

std::string_view to_string(Verdict verdict) {
    return name_of(kVerdictNames, verdict);
}
std::optional<Verdict> parse_verdict(std::string_view text) {
    return value_of(kVerdictNames, text);
}

std::string_view to_string(TestOutcome outcome) {
    return name_of(kTestOutcomeNames, outcome);
}
std::optional<TestOutcome> parse_test_outcome(std::string_view text) {
    return value_of(kTestOutcomeNames, text);
}

std::int64_t GateResult::omitted_total() const {
    std::int64_t total = 0;
    for (const auto& [rule, n] : omitted) {
        total += n;
    }
    return total;
}

}  // namespace gc
