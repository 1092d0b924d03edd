// The golden files of the CI report formats (tests/unit/test_report_formats.cpp writes them
// from recorded real reports and an adversarial one) pass the real validators their
// consumers' rules are written in. A real run's files are checked in test_user_reports.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "support.hpp"
#include "validators.hpp"

using namespace e2e;

namespace {

std::vector<fs::path> goldens(const std::string& suffix) {
    std::vector<fs::path> out;
    for (const auto& entry : fs::directory_iterator(source_dir() / "tests/data/golden")) {
        const std::string name = entry.path().filename().string();
        if (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
            out.push_back(entry.path());
        }
    }
    return out;
}

}  // namespace

TEST_CASE("every golden SARIF file passes sarif-multitool's SARIF and GitHub rules") {
    const auto files = goldens(".sarif");
    REQUIRE(files.size() >= 3);
    CHECK(sarif_errors(files).empty());
}

TEST_CASE("every golden JUnit file passes xmllint against the JUnit schema") {
    const auto files = goldens(".junit.xml");
    REQUIRE(files.size() >= 3);
    CHECK(junit_errors(files).empty());
}

TEST_CASE("every golden Code Quality file passes the Code Quality schema") {
    const auto files = goldens(".codequality.json");
    REQUIRE(files.size() >= 3);
    for (const auto& f : files) {
        INFO(f.string());
        CHECK(codequality_errors(f).empty());
    }
}

TEST_CASE("the validators reject what they must: they are not rubber stamps") {
    const auto dir = fs::temp_directory_path() / "gatecheck-validators-negative";
    fs::create_directories(dir);
    write(dir / "bad.sarif", R"({"version":"2.1.0","$schema":"https://json.schemastore.org/sarif-2.1.0.json",)"
                             R"("runs":[{"tool":{"driver":{"name":"x"}},"results":[{"message":{"text":"m"}}]}]})");
    CHECK_FALSE(sarif_errors({dir / "bad.sarif"}).empty());
    write(dir / "bad.xml",
          "<testsuites><testsuite name=\"a\"><testcase name=\"t\" line=\"3\"/></testsuite></testsuites>");
    CHECK_FALSE(junit_errors({dir / "bad.xml"}).empty());
    write(dir / "bad.json", R"([{"description":"d","check_name":"c","fingerprint":"f","location":{"path":"a.rs"}}])");
    CHECK_FALSE(codequality_errors(dir / "bad.json").empty());
    fs::remove_all(dir);
}
