#pragma once
// What every gate's result starts from: its info and settings, a probe's problem, and the
// words reports use for counts.
#include <string>

#include "evidence/store.hpp"
#include "gates/gate.hpp"

namespace gc::gates {

GateResult start(const GateInfo& info, const GateSettings& settings);
GateResult from_problem(GateResult result, const ToolProblem& problem);
// The problem a probe reported, or "did not run" (`fallback`): unknown is never a pass.
template <class T>
ToolProblem problem_of(const Probed<T>& probed, const std::string& fallback) {
    return probed.problem() != nullptr ? *probed.problem() : ToolProblem{GateStatus::error, fallback, ""};
}

std::string plural(long n, const std::string& word);  // "1 warning", "3 warnings"
std::string percent(double value);                    // "83.3", rounded as rustdoc rounds

}  // namespace gc::gates
