// Fingerprints identify a finding across edits that move it: a baseline compares them.
#include <catch2/catch.hpp>

#include <regex>
#include <string>

#include "report/fingerprint.hpp"

namespace {

gc::Finding finding(const std::string& rule, const std::string& file, int line, const std::string& snippet) {
    gc::Finding f;
    f.rule = rule;
    f.level = gc::FindingLevel::warning;
    f.message = "this could be written `x`";
    f.file = file;
    f.line = line;
    f.column = 5;
    f.snippet = snippet;
    return f;
}

}  // namespace

TEST_CASE("a fingerprint is 16 hex digits of FNV-1a over rule, file and snippet, fixed forever") {
    const auto f = finding("clippy::x", "src/lib.rs", 10, "let x = 1;");
    // Pinned: a change here invalidates every baseline users have saved.
    CHECK(gc::fingerprint(f) == "faac2c2a5cb2a137");
    CHECK(std::regex_match(gc::fingerprint(finding("r", "", 1, "")), std::regex("[0-9a-f]{16}")));
}

TEST_CASE("the same finding at another line or column keeps its fingerprint") {
    const auto here = finding("clippy::x", "src/lib.rs", 10, "let x = 1;");
    auto moved = here;
    moved.line = 250;
    moved.column = 1;
    CHECK(gc::fingerprint(moved) == gc::fingerprint(here));
}

TEST_CASE("another file, rule or snippet changes the fingerprint") {
    const auto base = finding("clippy::x", "src/lib.rs", 10, "let x = 1;");
    CHECK(gc::fingerprint(finding("clippy::x", "src/main.rs", 10, "let x = 1;")) != gc::fingerprint(base));
    CHECK(gc::fingerprint(finding("clippy::y", "src/lib.rs", 10, "let x = 1;")) != gc::fingerprint(base));
    CHECK(gc::fingerprint(finding("clippy::x", "src/lib.rs", 10, "let y = 1;")) != gc::fingerprint(base));
}

TEST_CASE("re-indenting or re-wrapping the snippet keeps the fingerprint") {
    const auto flat = finding("clippy::x", "src/lib.rs", 10, "let x = foo(a, b);");
    const auto wrapped = finding("clippy::x", "src/lib.rs", 10, "    let x =\n\tfoo(a,  b);  \n");
    CHECK(gc::fingerprint(wrapped) == gc::fingerprint(flat));
    CHECK(gc::normalise_snippet("  a \t\n b  ") == "a b");
    CHECK(gc::normalise_snippet(" \n ").empty());
}

TEST_CASE("without a snippet the message counts, except the numbers in it") {
    auto a = finding("test-failed", "src/lib.rs", 10, "");
    a.message = "it_works failed in p (lib p): assertion failed at line 12: left 3, right 14";
    auto b = a;
    b.message = "it_works failed in p (lib p): assertion failed at line 40: left 3, right 7";
    b.line = 38;
    CHECK(gc::fingerprint(a) == gc::fingerprint(b));
    auto other = a;
    other.message = "other_test failed in p (lib p): assertion failed at line 12: left 3, right 14";
    CHECK(gc::fingerprint(other) != gc::fingerprint(a));
}

TEST_CASE("with a snippet the message does not count") {
    auto a = finding("clippy::x", "src/lib.rs", 10, "let x = 1;");
    auto b = a;
    b.message = "reworded by a newer clippy";
    CHECK(gc::fingerprint(a) == gc::fingerprint(b));
}

TEST_CASE("assign_fingerprints makes fingerprints unique within a gate, in finding order") {
    gc::Report report;
    gc::GateResult clippy;
    clippy.id = "clippy";
    const auto dup = finding("clippy::x", "src/lib.rs", 10, "let x = 1;");
    clippy.findings = {dup, finding("clippy::y", "src/lib.rs", 11, "let y = 2;"), dup, dup};
    clippy.findings[2].line = 30;
    clippy.findings[3].line = 50;
    gc::GateResult build;
    build.id = "build";
    build.findings = {dup};
    report.gates = {clippy, build};

    gc::assign_fingerprints(report);
    const std::string base = gc::fingerprint(dup);
    const auto& f = report.gates[0].findings;
    CHECK(f[0].fingerprint == base);
    CHECK(f[1].fingerprint == gc::fingerprint(f[1]));
    CHECK(f[2].fingerprint == base + "-2");
    CHECK(f[3].fingerprint == base + "-3");
    // Unique per gate: another gate's equal finding starts again without a suffix.
    CHECK(report.gates[1].findings[0].fingerprint == base);

    gc::assign_fingerprints(report);  // idempotent: suffixes are not stacked
    CHECK(report.gates[0].findings[3].fingerprint == base + "-3");
}
