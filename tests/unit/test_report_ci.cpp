// The CI formats' own rules (report/github_renderer.cpp, markdown_renderer.cpp, ci_text.cpp):
// GitHub's escaping and its 10-per-kind limit, Markdown that keeps tools' text as text, the
// step summary's size limit, and text CI pages can show whatever bytes a tool printed.
#include <catch2/catch.hpp>

#include <cstddef>
#include <string>

#include <fmt/format.h>

#include "report/ci_findings.hpp"
#include "report/ci_text.hpp"
#include "report/render.hpp"

namespace {

std::size_t count(const std::string& text, const std::string& part) {
    std::size_t n = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + part.size())) {
        ++n;
    }
    return n;
}

gc::Finding finding(std::string rule, gc::FindingLevel level, std::string message, std::string file = "",
                    std::optional<int> line = std::nullopt) {
    gc::Finding f;
    f.rule = std::move(rule);
    f.level = level;
    f.message = std::move(message);
    f.file = std::move(file);
    f.line = line;
    return f;
}

gc::GateResult gate(std::string id, gc::GateStatus status, std::string summary, bool required = true) {
    gc::GateResult g;
    g.id = std::move(id);
    g.status = status;
    g.summary = std::move(summary);
    g.required = required;
    return g;
}

// 30 failing findings of a required gate, 3 warnings of an optional one, a coverage gate
// below its minimum (no finding: its summary is the finding) and one that defers to build.
gc::Report failing_report() {
    gc::Report r;
    r.tool_version = "9.9.9";
    r.packages = {{"demo", "0.1.0", "Cargo.toml"}};
    r.verdict = gc::Verdict::fail;
    r.exit_code = 1;
    auto clippy = gate("clippy", gc::GateStatus::fail, "30 warnings");
    for (int i = 1; i <= 30; ++i) {
        clippy.findings.push_back(
            finding("clippy::unwrap_used", gc::FindingLevel::error, fmt::format("used unwrap {}", i), "src/lib.rs", i));
    }
    clippy.findings.push_back(finding("clippy::top", gc::FindingLevel::note, "informational"));
    auto docs = gate("docs", gc::GateStatus::fail, "3 items undocumented", false);
    for (int i = 1; i <= 3; ++i) {
        docs.findings.push_back(finding("missing_docs", gc::FindingLevel::error, "undocumented", "src/lib.rs", i));
    }
    auto coverage = gate("coverage", gc::GateStatus::fail, "lines 61.0% < 80%");
    auto unsafe = gate("unsafe", gc::GateStatus::error, "cannot judge: the crate does not compile");
    unsafe.defers_to = "build";
    r.gates = {clippy, docs, coverage, unsafe};
    return r;
}

}  // namespace

TEST_CASE("ci text: invalid UTF-8 becomes U+FFFD, controls but tab/LF/CR are dropped, cuts say how much") {
    CHECK(gc::printable_utf8(std::string("a\0b\x1b[31mc\x7f", 10)) == "ab[31mc");
    CHECK(gc::printable_utf8("tab\there\r\n") == "tab\there\r\n");
    CHECK(gc::printable_utf8("\xff\xc3\x28 é \xed\xa0\x80") ==
          "\xEF\xBF\xBD\xEF\xBF\xBD( é \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    CHECK(gc::printable_utf8("\xf0\x9f\x98\x80") == "\xf0\x9f\x98\x80");
    CHECK(gc::shorten("short", 10) == "short");
    // Never half a character: "é" is two bytes.
    CHECK(gc::shorten("aé", 2) == "a… (2 bytes more)");
}

TEST_CASE("github: errors first, 10 of each kind, a notice counts the rest; deferring gates add nothing") {
    const auto out = gc::render_github(failing_report(), {});
    CHECK(count(out, "::error ") == 10);
    CHECK(count(out, "::warning ") == 3);  // the optional gate's findings fail nothing
    CHECK(count(out, "::notice ") == 1);
    CHECK(out.find("::warning ") > out.rfind("::error "));
    CHECK(
        out.find("::error file=src/lib.rs,line=1,title=gatecheck clippy%3A clippy%3A%3Aunwrap_used::used unwrap 1\n") !=
        std::string::npos);
    // 21 errors past the first ten: 20 of clippy's and the coverage gate's summary.
    CHECK(out.find("::notice title=gatecheck::21 more not shown as annotations (21 errors, 0 warnings") !=
          std::string::npos);
    CHECK(out.find("informational") == std::string::npos);
    CHECK(out.find("does not compile") == std::string::npos);
    const auto all = gc::ci_findings(failing_report());
    REQUIRE(all.size() == 35);  // 30 + coverage + 3 warnings + the note
    CHECK(all[30].rule == "coverage");
    CHECK(all[30].message == "lines 61.0% < 80%");
}

TEST_CASE("github: messages escape %, CR and LF; properties also : and ,; a 100 kB message is cut") {
    gc::Report r;
    auto g = gate("unit-tests", gc::GateStatus::fail, "1 failed");
    g.findings.push_back(
        finding("test-failed", gc::FindingLevel::error, "100% broken\r\n::error::injected, a:b", "tests/a,b:c.rs", 3));
    g.findings.push_back(finding("test-failed", gc::FindingLevel::error, std::string(100000, 'x') + "\0\xff", "", {}));
    r.gates = {g};
    const auto out = gc::render_github(r, {});
    CHECK(out.find("::error file=tests/a%2Cb%3Ac.rs,line=3,title=gatecheck unit-tests%3A test-failed::100%25 "
                   "broken%0D%0A::error::injected, a:b\n") != std::string::npos);
    // One line per annotation: nothing a tool printed starts a command of its own.
    CHECK(count(out, "\n") == 2);
    CHECK(out.size() < 5000);
    CHECK(out.find("bytes more)") != std::string::npos);
    CHECK(out.find('\0') == std::string::npos);
}

TEST_CASE("markdown: what to fix per gate, the checklist, tools' text kept as text") {
    auto r = failing_report();
    r.gates[0].findings[0].message = "a <details> | `tick` *bold* [link](x) & \n# heading";
    r.gates[0].findings[0].hint = "cargo test -- `weird`";
    r.gates[0].findings[1].message = "odd ` tick `a|b`";
    r.checklist = {{"Clippy passes", "Development", gc::ItemStatus::fail, {"clippy"}}};
    const auto out = gc::render_markdown(r, {});
    CHECK(out.rfind("## gatecheck: ❌ FAIL\n", 0) == 0);
    // rustc's `quoted code` stays code; everything else is text.
    CHECK(out.find("a &lt;details&gt; \\| `tick` \\*bold\\* \\[link\\](x) &amp;  \\# heading") != std::string::npos);
    CHECK(out.find("`src/lib.rs:2:1` `clippy::unwrap_used` odd \\` tick \\`a\\|b\\`") != std::string::npos);
    CHECK(out.find("next step: `` cargo test -- `weird` ``") != std::string::npos);
    CHECK(out.find("- ❌ fail **clippy**: 30 warnings") != std::string::npos);
    CHECK(out.find("… and 10 more") != std::string::npos);  // 20 shown of 30
    CHECK(out.find("**docs** (optional: does not fail the run)") != std::string::npos);
    CHECK(out.find("| ❌ fail | Clippy passes | clippy |") != std::string::npos);
    CHECK(out.find("unsafe") == std::string::npos);  // it deferred to build
}

TEST_CASE("markdown: a summary over its limit is cut at a line, visibly, below the limit") {
    auto r = failing_report();
    for (auto& f : r.gates[0].findings) {
        f.message = std::string(900, 'm');
    }
    gc::RenderOptions o;
    o.max_bytes = 4000;
    const auto out = gc::render_markdown(r, o);
    CHECK(out.size() <= 4000);
    CHECK(out.find("… cut here") != std::string::npos);
    CHECK(gc::render_markdown(r, {}).size() > 4000);
}
