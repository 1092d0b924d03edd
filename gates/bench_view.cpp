#include "gates/bench_view.hpp"

#include "evidence/keys.hpp"
#include "gates/common.hpp"

namespace gc::gates {

BenchRead read_benches(const Evidence& evidence) {
    BenchRead out;
    const auto& build = evidence.get(keys::bench_build);
    out.view.build = build.get();
    if (out.view.build == nullptr) {
        out.problem = problem_of(build, "the bench build did not run");
        return out;
    }
    for (const auto& b : out.view.build->executables) {
        const auto instance = b.package + "/" + b.target;
        const auto& run = evidence.get(keys::bench_run, instance);
        if (run.get() != nullptr) {
            out.view.runs.push_back(run.get());
        } else {
            out.view.broken.emplace_back(instance, problem_of(run, "the bench run of " + instance + " did not run"));
        }
    }
    return out;
}

Finding perf_finding(std::string rule, FindingLevel level, std::string message, std::string hint) {
    Finding f;
    f.rule = std::move(rule);
    f.level = level;
    f.message = std::move(message);
    f.hint = std::move(hint);
    return f;
}

const BenchEstimate* find_estimate(const BenchView& view, const std::string& id) {
    for (const auto* run : view.runs) {
        for (const auto& e : run->estimates) {
            if (e.id == id) {
                return &e;
            }
        }
    }
    return nullptr;
}

}  // namespace gc::gates
