// Issue 23: what `gatecheck new` and `gatecheck module` generate passes gatecheck's own clippy
// gate whatever the name: one with an underscore (clippy::doc_markdown wants an identifier
// in docs in backticks), with a dash, and of one letter. Only the clippy gate runs, and every
// generated crate shares one target dir, so this stays fast; test_scaffold runs every gate
// on the default names.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "support.hpp"

using namespace e2e;

namespace {

const fs::path kWork = fs::path(GATECHECK_WORK_DIR);

// test_scaffold's target dir: the same pinned dependencies (criterion, proptest, serde), built
// once for both files.
fs::path shared_target() {
    return kWork / "target" / "scaffold";
}

// A fresh directory for a generated crate (`new` refuses to overwrite one).
fs::path fresh(const std::string& tag) {
    const auto dir = kWork / "crates" / ("scaffold-name-" + tag);
    fs::remove_all(dir);
    fs::create_directories(dir.parent_path());
    return dir;
}

// The clippy gate on the generated crate: pass, no warning at all.
void require_clippy_clean(const fs::path& dir) {
    const auto r = gatecheck(Crate{dir, shared_target()}, {"--gate", "clippy"});
    INFO(dir.filename().string() << "\n" << r.out << r.err);
    REQUIRE(r.report.is_object());
    const auto& g = gate(r.report, "clippy");
    INFO(g.dump().substr(0, 4000));
    CHECK(g.at("status") == "pass");
    CHECK(metric(r.report, "clippy", "warnings") == 0);
    CHECK(metric(r.report, "clippy", "errors") == 0);
    CHECK(r.exit_code == 0);
}

fs::path generate(const std::string& tag, const std::string& name) {
    const auto dir = fresh(tag);
    // --pinned: the documented versions, without cargo add (test_scaffold covers resolving).
    const auto made = gatecheck_plain({"new", dir.string(), "--name", name, "--pinned"}, dir.parent_path());
    INFO(made.out << made.err);
    REQUIRE(made.exit_code == 0);
    return dir;
}

}  // namespace

TEST_CASE("gatecheck new: a name with an underscore, a dash or of one letter passes the clippy gate") {
    const std::vector<std::pair<std::string, std::string>> names{
        {"underscore", "my_crate"}, {"dash", "my-crate"}, {"one-letter", "a"}};
    for (const auto& [tag, name] : names) {
        INFO("--name " << name);
        require_clippy_clean(generate(tag, name));
    }
}

TEST_CASE("gatecheck module: a module name with an underscore passes the clippy gate") {
    const auto dir = generate("module", "with_module");
    for (const char* module : {"word_count", "x"}) {
        const auto r = gatecheck_plain({"module", module}, dir);
        INFO(module << "\n" << r.out << r.err);
        REQUIRE(r.exit_code == 0);
    }
    require_clippy_clean(dir);
}
