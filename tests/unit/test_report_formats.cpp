// The CI report formats (SARIF, JUnit, Code Quality, GitHub annotations, Markdown): golden files of each renderer on
// recorded real reports and on an adversarial one, GitHub's line hash on the values of
// codeql-action's own tests, and the limits each format keeps to. tests/e2e/
// test_report_validators.cpp runs the real validators on the golden files and on a real run.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "golden.hpp"
#include "report/json_reader.hpp"
#include "report/line_hash.hpp"
#include "report/render.hpp"
#include "report/sarif_limits.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// Replaces old_prefix at the start of path with new_prefix.
void rebase(std::string& path, const std::string& old_prefix, const std::string& new_prefix) {
    if (!old_prefix.empty() && path.rfind(old_prefix, 0) == 0) {
        path = new_prefix + path.substr(old_prefix.size());
    }
}

// What changes from one recording to the next and means nothing: the version, times, and
// where the crate lay on the machine that recorded it (the repository becomes /repo).
void normalise(gc::Report& r) {
    r.tool_version = "0.0.0-golden";
    r.duration = std::chrono::milliseconds(0);
    r.tool_max_rss_bytes = 0;
    const std::string workspace = r.workspace_root.empty() ? r.target_path : r.workspace_root;
    const std::string repo = r.repo_root.empty() ? fs::path(workspace).parent_path().string() : r.repo_root;
    for (auto* p : {&r.target_path, &r.workspace_root}) {
        rebase(*p, repo, "/repo");
    }
    r.repo_root = "/repo";
    for (auto& p : r.packages) {
        rebase(p.manifest_path, repo, "/repo");
    }
    for (auto& g : r.gates) {
        g.duration = std::chrono::milliseconds(0);
        for (auto& t : g.tests) {
            t.seconds = 0;
        }
    }
    r.probes.clear();
}

gc::Report recorded(const std::string& name) {
    const auto path = fs::path(GATECHECK_TEST_DATA) / "reports" / (name + ".json");
    auto report = gc::read_report_json(golden::read(path));
    INFO(path.string());
    REQUIRE(static_cast<bool>(report));
    normalise(*report);
    return *report;
}

// Everything consumers choke on, in names, messages, paths and test output.
gc::Report adversarial() {
    gc::Report r;
    r.tool_version = "0.0.0-golden";
    r.target_path = "/repo/odd crate";
    r.workspace_root = "/repo/odd crate";
    r.repo_root = "/repo";
    r.packages = {{"odd", "1.0.0", "/repo/odd crate/Cargo.toml"}};
    r.verdict = gc::Verdict::fail;
    r.exit_code = 1;
    r.duration = std::chrono::milliseconds(1500);
    const std::string nasty = std::string("100% a:b,c\r\nline2 ]]> <tag> & \"q\" 'a' NUL[") + '\0' +
                              "] bell[\x07] esc[\x1b[31mred\x1b[0m] bad[\xff\xfe] cut[\xe2\x82] ok[\xc3\xa9]";
    gc::GateResult clippy;
    clippy.id = "clippy";
    clippy.status = gc::GateStatus::fail;
    clippy.summary = "3 findings";
    clippy.duration = std::chrono::milliseconds(250);
    gc::Finding f1{"clippy::unwrap_used", gc::FindingLevel::error, nasty, "src/we%ird, na:me.rs", 3, 5};
    f1.fingerprint = "00000000000000a1";
    f1.line_hash = "c129715d7a2bc9a3:1";
    gc::Finding f2{"clippy::unwrap_used", gc::FindingLevel::error, nasty, "src/we%ird, na:me.rs", 3, 5};
    f2.fingerprint = "00000000000000a1-2";  // the same finding twice: unique all the same
    gc::Finding f3{"clippy::too_long", gc::FindingLevel::warning, std::string(100 * 1024, 'x'), "", std::nullopt,
                   std::nullopt};
    f3.fingerprint = "00000000000000a3";
    clippy.findings = {f1, f2, f3};
    gc::GateResult tests;
    tests.id = "unit-tests";
    tests.status = gc::GateStatus::fail;
    tests.summary = "1 passed, 2 failed, 1 ignored";
    tests.duration = std::chrono::milliseconds(1234);
    gc::TestCaseRecord t1{"tests::a%b:c,d", "odd (lib odd)", gc::TestOutcome::failed, 0.5, nasty, nasty + "\n" + nasty};
    t1.rerun = "cargo test -p odd --lib -- 'tests::a%b:c,d' --exact";
    gc::TestCaseRecord t2 = t1;  // a duplicate name: GitLab would keep only one
    gc::TestCaseRecord t3{"tests::ok", "odd (lib odd)", gc::TestOutcome::passed, 0.001, "", ""};
    gc::TestCaseRecord t4{"src/lib.rs - f (line 3)", "odd", gc::TestOutcome::ignored, 0, "", ""};
    tests.tests = {t1, t2, t3, t4};
    gc::Finding tf{
        "test-failed", gc::FindingLevel::error, "tests::a%b:c,d failed in odd (lib odd): boom", "src/lib.rs", 40, 9};
    tf.fingerprint = "00000000000000b1";
    tests.findings = {tf};
    gc::GateResult coverage;  // red without a finding of its own
    coverage.id = "coverage";
    coverage.status = gc::GateStatus::fail;
    coverage.summary = "line coverage 41.0% < 80%";
    gc::GateResult miri;
    miri.id = "miri";
    miri.status = gc::GateStatus::unavailable;
    miri.required = false;
    miri.summary = "cargo miri is not installed";
    miri.fix = "rustup +nightly component add miri";
    gc::GateResult fmt_gate;
    fmt_gate.id = "fmt";
    fmt_gate.status = gc::GateStatus::pass;
    fmt_gate.summary = "formatted";
    r.gates = {clippy, tests, coverage, miri, fmt_gate};
    return r;
}

struct Rendered {
    std::string sarif;
    std::string junit;
    std::string codequality;
    std::string github;
    std::string markdown;
};

Rendered render_all(const gc::Report& r) {
    return {gc::render_sarif(r), gc::render_junit(r), gc::render_codequality(r), gc::render_github(r, {}),
            gc::render_markdown(r, {})};
}

void check_goldens(const std::string& name, const Rendered& out) {
    golden::check(name + ".sarif", out.sarif);
    golden::check(name + ".junit.xml", out.junit);
    golden::check(name + ".codequality.json", out.codequality);
    golden::check(name + ".github.txt", out.github);
    golden::check(name + ".md", out.markdown);
}

bool valid_utf8(const std::string& s) {
    try {
        (void)json(s).dump();
        return true;
    } catch (const json::exception&) {
        return false;
    }
}

}  // namespace

TEST_CASE("GitHub's primaryLocationLineHash, on the values of codeql-action's fingerprints.test.ts") {
    using V = std::vector<std::string>;
    CHECK(gc::github_line_hashes("") == V{"c129715d7a2bc9a3:1"});
    CHECK(gc::github_line_hashes(" a\nb\n  \t\tc\n d") ==
          V{"271789c17abda88f:1", "54703d4cd895b18:1", "180aee12dab6264:1", "a23a3dc5e078b07b:1"});
    CHECK(gc::github_line_hashes(" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End") ==
          V{"8b7cf3e952e7aeb2:1", "b1ae1287ec4718d9:1", "bff680108adb0fcc:1", "c6805c5e1288b612:1",
            "b86d3392aea1be30:1", "e6ceba753e1a442:1"});
    const V ended{"e9496ae3ebfced30:1", "fb7c023a8b9ccb3f:1", "ce8ba1a563dcdaca:1", "e20e36e16fcb0cc8:1",
                  "b3edc88f2938467e:1", "c8e28b0b4002a3a0:1", "c129715d7a2bc9a3:1"};
    CHECK(gc::github_line_hashes(" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n") == ended);
    CHECK(gc::github_line_hashes(" hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r") == ended);
    CHECK(gc::github_line_hashes(" hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n") == ended);
    CHECK(gc::github_line_hashes(" hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n") == ended);
    std::string lorem;
    for (int i = 0; i < 10; ++i) {
        lorem += "Lorem ipsum dolor sit amet.\n";
    }
    CHECK(gc::github_line_hashes(lorem) == V{"a7f2ff13bc495cf2:1", "a7f2ff13bc495cf2:2", "a7f2ff13bc495cf2:3",
                                             "a7f2ff13bc495cf2:4", "a7f2ff13bc495cf2:5", "a7f2ff13bc495cf2:6",
                                             "a7f2ff1481e87703:1", "a9cf91f7bbf1862b:1", "55ec222b86bcae53:1",
                                             "cc97dc7b1d7d8f7b:1", "c129715d7a2bc9a3:1"});
}

TEST_CASE("line hashes come from the finding's file under the workspace root, read once") {
    const auto root = fs::temp_directory_path() / "gatecheck-line-hash";
    fs::remove_all(root);
    fs::create_directories(root / "src");
    const std::string source = "fn main() {\n    let x = 1;\n}\n";
    std::ofstream(root / "src" / "main.rs", std::ios::binary) << source;
    gc::Report r;
    r.workspace_root = root.string();
    gc::GateResult g;
    g.findings = {{"r", gc::FindingLevel::warning, "m", "src/main.rs", 2, 5},
                  {"r", gc::FindingLevel::warning, "m", "src/missing.rs", 2, 5},
                  {"r", gc::FindingLevel::warning, "m", "src/main.rs", 99, 1},
                  {"r", gc::FindingLevel::warning, "m", "", std::nullopt, std::nullopt}};
    r.gates = {g};
    gc::assign_line_hashes(r);
    const auto& f = r.gates[0].findings;
    CHECK(f[0].line_hash == gc::github_line_hashes(source)[1]);
    CHECK(f[1].line_hash.empty());  // no file: GitHub computes none either
    CHECK(f[2].line_hash.empty());  // past the end
    CHECK(f[3].line_hash.empty());
    fs::remove_all(root);
}

TEST_CASE("golden files: SARIF, JUnit and Code Quality of recorded real reports") {
    for (const std::string name : {"panic-message", "pedantic"}) {
        SECTION(name) {
            check_goldens(name, render_all(recorded(name)));
        }
    }
}

TEST_CASE("golden files: an adversarial report (escapes, control characters, bad UTF-8, 100 kB, duplicates)") {
    const auto out = render_all(adversarial());
    check_goldens("adversarial", out);

    // SARIF and Code Quality are JSON that parses, in valid UTF-8, with NUL escaped.
    const auto sarif = json::parse(out.sarif);
    const auto& run = sarif.at("runs").at(0);
    CHECK(run.at("automationDetails").at("id") == "gatecheck/odd/");
    std::set<std::string> uris;
    for (const auto& res : run.at("results")) {
        uris.insert(res.at("locations").at(0).at("physicalLocation").at("artifactLocation").at("uri"));
        CHECK(res.at("partialFingerprints").contains("gatecheck/v1"));
    }
    // Percent-encoded, repository-relative; findings without a file point at the Cargo.toml.
    CHECK(uris == std::set<std::string>{"odd%20crate/src/we%25ird%2C%20na%3Ame.rs", "odd%20crate/Cargo.toml",
                                        "odd%20crate/src/lib.rs"});
    for (const auto& rule : run.at("tool").at("driver").at("rules")) {
        for (const char* key : {"shortDescription", "fullDescription", "help"}) {
            const std::string text = rule.at(key).at("text");
            CHECK(!text.empty());
            CHECK(text.size() <= 1024);
        }
    }
    const auto cq = json::parse(out.codequality);
    std::set<std::string> prints;
    for (const auto& issue : cq) {
        CHECK(prints.insert(issue.at("fingerprint").get<std::string>()).second);
    }
    CHECK(cq.size() == 6);  // 3 clippy, 1 test, coverage, miri (unavailable)

    // JUnit: nothing XML forbids, no raw markup from the messages, unique names, and the
    // 100 kB message cut to its tail.
    CHECK(out.junit.find('\0') == std::string::npos);
    CHECK(out.junit.find('\x07') == std::string::npos);
    CHECK(out.junit.find('\x1b') == std::string::npos);
    CHECK(out.junit.find("]]>") == std::string::npos);
    CHECK(out.junit.find("<tag>") == std::string::npos);
    CHECK(valid_utf8(out.junit));
    CHECK(out.junit.find("name=\"tests::a%b:c,d #2\"") != std::string::npos);
    CHECK(out.junit.size() < 100 * 1024 + 64 * 1024 + 20 * 1024);
    CHECK(out.junit.find("bytes of output left out") != std::string::npos);
}

TEST_CASE("SARIF above GitHub's 25,000 results a run keeps the most severe and says what it left out") {
    gc::Report r;
    r.tool_version = "0.0.0-golden";
    r.workspace_root = "/repo";
    gc::GateResult g;
    g.id = "clippy";
    g.status = gc::GateStatus::fail;
    for (std::size_t i = 0; i < gc::kSarifMaxResults + 10; ++i) {
        // The 10 errors come last: they must survive the cut.
        const auto level = i >= gc::kSarifMaxResults ? gc::FindingLevel::error : gc::FindingLevel::note;
        g.findings.push_back({"r", level, "m" + std::to_string(i), "src/lib.rs", 1, 1});
    }
    r.gates = {g};
    const auto doc = json::parse(gc::render_sarif(r));
    const auto& run = doc.at("runs").at(0);
    REQUIRE(run.at("results").size() == gc::kSarifMaxResults);
    std::size_t errors = 0;
    for (const auto& res : run.at("results")) {
        errors += res.at("level") == "error" ? 1 : 0;
    }
    CHECK(errors == 10);
    const auto& notes = run.at("invocations").at(0).at("toolExecutionNotifications");
    REQUIRE(notes.size() == 1);
    CHECK(notes.at(0).at("message").at("text") ==
          "10 of 25010 results left out (GitHub accepts 25000 a run), the least severe ones: 0 errors, 0 warnings, "
          "10 notes; the JSON report has them all");
}

TEST_CASE("the gzipped size the SARIF limit is measured in") {
    const std::string zeros(1000000, '0');
    CHECK(gc::gzip_size(zeros) < 5000);
    CHECK(gc::gzip_size("") > 0);  // a gzip header and trailer
}

TEST_CASE("a run stopped by a usage error: JUnit says why; SARIF and Code Quality are not written") {
    gc::Report r;
    r.tool_version = "0.0.0-golden";
    r.error = "unknown gate 'clipy'";
    r.verdict = gc::Verdict::error;
    r.exit_code = 2;
    const std::string junit = gc::render_junit(r);
    CHECK(junit.find("<error message=\"unknown gate &apos;clipy&apos;\"") == std::string::npos);
    CHECK(junit.find("<error message=\"unknown gate 'clipy'\" type=\"error\">") != std::string::npos);
    for (const auto& f : gc::report_formats()) {
        const std::string name = f.name;
        if (name == "sarif" || name == "codequality") {
            CHECK_FALSE(f.on_usage_error);
        }
        if (name == "junit") {
            CHECK(f.on_usage_error);
        }
    }
}
