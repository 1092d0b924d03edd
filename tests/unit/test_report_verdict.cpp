// The verdict rules (report/verdict.cpp) and how the human report states them.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/exit_codes.hpp"
#include "report/render.hpp"
#include "report/verdict.hpp"

namespace {

gc::GateResult gate(const std::string& id, gc::GateStatus status, bool required = true) {
    gc::GateResult g;
    g.id = id;
    g.status = status;
    g.required = required;
    g.summary = "summary of " + id;
    return g;
}

gc::Report decided(std::vector<gc::GateResult> gates, bool interrupted = false) {
    gc::Report r;
    r.gates = std::move(gates);
    r.interrupted = interrupted;
    gc::decide_verdict(r);
    return r;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

namespace Catch {
template <>
struct StringMaker<gc::Verdict> {
    static std::string convert(gc::Verdict v) { return std::string(gc::to_string(v)); }
};
}  // namespace Catch

TEST_CASE("every required gate passed or warned: pass, exit 0; skips and optional gates do not matter") {
    const auto r = decided({gate("build", gc::GateStatus::pass), gate("clippy", gc::GateStatus::warn),
                            gate("docs", gc::GateStatus::skip), gate("fmt", gc::GateStatus::fail, false),
                            gate("miri", gc::GateStatus::unavailable, false)});
    CHECK(r.verdict == gc::Verdict::pass);
    CHECK(r.exit_code == gc::kExitPass);
    CHECK(r.verdict_reason == "every required gate passed");
}

TEST_CASE("a run in which every required gate was skipped verified nothing: error, exit 3, never PASS") {
    const auto r = decided({gate("build", gc::GateStatus::skip), gate("clippy", gc::GateStatus::skip),
                            gate("fmt", gc::GateStatus::pass, false)});
    CHECK(r.verdict == gc::Verdict::error);
    CHECK(r.exit_code == gc::kExitUnevaluated);
    CHECK(r.verdict_reason == "nothing was verified: every required gate was skipped");
    for (const int verbosity : {-1, 0, 1}) {
        const auto text = gc::render_human(r, gc::RenderOptions{false, verbosity});
        INFO(text);
        CHECK(contains(text, "verdict: ERROR: nothing was verified: every required gate was skipped (exit code 3"));
        CHECK_FALSE(contains(text, "PASS"));
    }
}

TEST_CASE("a run with no required gate, or no gate at all, verified nothing: exit 3") {
    for (const auto& gates : {std::vector<gc::GateResult>{}, std::vector{gate("fmt", gc::GateStatus::pass, false)}}) {
        const auto r = decided(gates);
        CHECK(r.verdict == gc::Verdict::error);
        CHECK(r.exit_code == gc::kExitUnevaluated);
        CHECK(contains(r.verdict_reason, "nothing was verified"));
        CHECK_FALSE(contains(gc::render_human(r, {}), "PASS"));
    }
}

TEST_CASE("a required failure outranks a required error: fail, exit 1, naming both") {
    const auto r = decided({gate("build", gc::GateStatus::error), gate("clippy", gc::GateStatus::fail),
                            gate("docs", gc::GateStatus::unavailable), gate("fmt", gc::GateStatus::fail)});
    CHECK(r.verdict == gc::Verdict::fail);
    CHECK(r.exit_code == gc::kExitGateFailed);
    CHECK(r.verdict_reason == "required gates failed: clippy, fmt; not evaluated: build, docs");
    CHECK(contains(gc::render_human(r, {}), "verdict: FAIL: required gates failed: clippy, fmt; not evaluated"));
}

TEST_CASE("a required gate unavailable or in error, and none failed: error, exit 3") {
    const auto r = decided({gate("build", gc::GateStatus::pass), gate("clippy", gc::GateStatus::unavailable)});
    CHECK(r.verdict == gc::Verdict::error);
    CHECK(r.exit_code == gc::kExitUnevaluated);
    CHECK(r.verdict_reason == "required gate could not be evaluated: clippy");
}

TEST_CASE("interrupted outranks everything: error, exit 130") {
    const auto r = decided({gate("build", gc::GateStatus::fail), gate("clippy", gc::GateStatus::pass)}, true);
    CHECK(r.verdict == gc::Verdict::error);
    CHECK(r.exit_code == gc::kExitInterrupted);
    const auto text = gc::render_human(r, gc::RenderOptions{false, -1});
    CHECK(contains(text, "verdict: INTERRUPTED: partial report (exit code 130"));
    CHECK_FALSE(contains(text, "PASS"));
}

TEST_CASE("the human report prints the verdict line that decide_verdict wrote") {
    const auto r = decided({gate("build", gc::GateStatus::pass)});
    CHECK(gc::render_human(r, gc::RenderOptions{false, -1}) ==
          "verdict: PASS: every required gate passed (exit code 0, 0.0 s)\n");
}
