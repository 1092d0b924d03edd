// Configuration: layering, types, ranges, unknown keys, positions in error messages, and
// that docs/CONFIG.md documents every key the schemas accept.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "config/config.hpp"
#include "gates/gate.hpp"

using gc::apply_config_text;
using gc::Config;

namespace {

Config defaults() {
    return gc::default_config(gc::gate_schemas());
}

std::string error_of(const std::string& text, const std::string& table = "") {
    Config c = defaults();
    const auto st = apply_config_text(c, text, "gatecheck.toml", table, gc::gate_schemas());
    REQUIRE(!st.ok());
    CHECK(st.error().kind == gc::ErrorKind::config);
    return st.error().message;
}

}  // namespace

TEST_CASE("defaults come from the gates' schemas") {
    const Config c = defaults();
    CHECK(c.timeout_s == gc::kDefaultTimeoutSeconds);
    CHECK(c.gate("clippy").integer("max_warnings") == 0);
    CHECK(c.gate("docs").number("min_documented") == 100.0);
    CHECK(c.gate("docs").number("min_examples") == 100.0);
    CHECK(c.gate("build").flag("all_features"));
    CHECK_FALSE(c.gate("build").flag("deny_warnings"));
    for (const auto& [id, g] : c.gates) {
        CHECK(g.enabled);
        // An attestation (a person's review) is optional unless the configuration requires it.
        CHECK(g.required == !(gc::find_gate(id)->info().attestation || gc::find_gate(id)->info().optional));
        CHECK_FALSE(g.timeout_s.has_value());
    }
    CHECK(c.gates.size() == gc::gate_catalogue().size());
}

TEST_CASE("a gatecheck.toml sets values; a later layer overrides an earlier one") {
    Config c = defaults();
    REQUIRE(apply_config_text(c, "timeout = 60\n[gates.clippy]\nmax_warnings = 4\nrequired = false\n", "a.toml", "",
                              gc::gate_schemas())
                .ok());
    CHECK(c.timeout_s == 60);
    CHECK(c.gate("clippy").integer("max_warnings") == 4);
    CHECK_FALSE(c.gate("clippy").required);
    REQUIRE(apply_config_text(c, "[gates.clippy]\nmax_warnings = 1\n[gates.docs]\nmin_examples = 87.5\ntimeout = 9\n",
                              "b.toml", "", gc::gate_schemas())
                .ok());
    CHECK(c.gate("clippy").integer("max_warnings") == 1);
    CHECK_FALSE(c.gate("clippy").required);  // untouched by the later layer
    CHECK(c.gate("docs").number("min_examples") == 87.5);
    CHECK(c.gate("docs").timeout_s == 9);
    CHECK(c.sources == std::vector<std::string>{"a.toml", "b.toml"});
}

TEST_CASE("Cargo.toml metadata tables are read where they sit, and ignored when absent") {
    const std::string manifest =
        "[package]\nname = \"x\"\nversion = \"0.1.0\"\n\n"
        "[package.metadata.gatecheck.gates.docs]\nmin_documented = 90\n\n"
        "[package.metadata.other-tool]\nanything = 1\n";
    Config c = defaults();
    REQUIRE(apply_config_text(c, manifest, "Cargo.toml", "package.metadata.gatecheck", gc::gate_schemas()).ok());
    CHECK(c.gate("docs").number("min_documented") == 90.0);
    REQUIRE(apply_config_text(c, manifest, "Cargo.toml", "workspace.metadata.gatecheck", gc::gate_schemas()).ok());
    CHECK(c.sources.size() == 1);

    const auto msg = error_of("[package]\nname = \"x\"\n[package.metadata.gatecheck]\ntimeout = \"long\"\n",
                              "package.metadata.gatecheck");
    CHECK(msg == "gatecheck.toml:4:11: 'timeout' must be an integer number of seconds, not a string");
}

TEST_CASE("every configuration error names file, line and column") {
    CHECK(error_of("[gates.clippy]\nmax_warnings = \"3\"\n") ==
          "gatecheck.toml:2:16: 'max_warnings' must be an integer, not a string");
    CHECK(error_of("[gates.clippy]\nmax_warnings = -1\n") ==
          "gatecheck.toml:2:16: 'max_warnings' must not be negative");
    CHECK(error_of("[gates.docs]\nmin_examples = 100.5\n") ==
          "gatecheck.toml:2:16: 'min_examples' must be between 0 and 100, got 100.5");
    CHECK(error_of("[gates.docs]\nmin_examples = [1]\n") ==
          "gatecheck.toml:2:16: 'min_examples' must be a percentage (0 to 100), not an array");
    CHECK(error_of("[gates.build]\ndeny_warnings = 1\n") ==
          "gatecheck.toml:2:17: 'deny_warnings' must be true or false, not an integer");
    CHECK(error_of("[gates.fmt]\ntimeout = 0\n") == "gatecheck.toml:2:11: 'gates.fmt.timeout' must be greater than 0");
    CHECK(error_of("[gates.fmt]\nenabled = \"no\"\n") ==
          "gatecheck.toml:2:11: 'gates.fmt.enabled' must be true or false, not a string");
    CHECK(error_of("gates = 3\n") == "gatecheck.toml:1:9: 'gates' must be a table of gate ids, not an integer");
    CHECK(error_of("[gates]\nfmt = 1\n") == "gatecheck.toml:2:7: 'gates.fmt' must be a table, not an integer");

    const auto unknown_gate = error_of("[gates.nope]\n");
    CHECK(unknown_gate.rfind("gatecheck.toml:1:8: unknown gate 'nope' in [gates] (gates: build, clippy, docs,", 0) ==
          0);
    const auto unknown_key = error_of("\n\n[gates.docs]\n  min_docs = 3\n");
    CHECK(unknown_key.rfind("gatecheck.toml:4:3: unknown key 'min_docs' in [gates.docs] (known keys: enabled, "
                            "required, timeout, min_documented, min_examples)",
                            0) == 0);
    CHECK(error_of("jobs = 3\n") ==
          "gatecheck.toml:1:1: unknown key 'jobs' (known keys: timeout, features, "
          "no_default_features, all_features, exclude_targets, gates, attestations)");

    // Malformed TOML: toml++'s own description, at its position.
    const auto malformed = error_of("[gates.clippy\nmax_warnings = 1\n");
    CHECK(malformed.rfind("gatecheck.toml:1:", 0) == 0);
    const auto dup = error_of("timeout = 1\ntimeout = 2\n");
    CHECK(dup.rfind("gatecheck.toml:2:", 0) == 0);
}

TEST_CASE("docs/CONFIG.md documents every key the schemas accept") {
    std::ifstream in(std::string(GATECHECK_SOURCE_DIR) + "/docs/CONFIG.md");
    REQUIRE(in.good());
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string doc = ss.str();
    for (const char* key : {"`timeout`", "`enabled`", "`required`", "`gates`", "`attestations`", "`by`", "`date`",
                            "`note`", "`max_age_days`"}) {
        INFO(key);
        CHECK(doc.find(key) != std::string::npos);
    }
    for (const auto& schema : gc::gate_schemas()) {
        for (const auto& s : schema.settings) {
            INFO(schema.id << "." << s.name);
            CHECK(doc.find("| `" + schema.id + "` | `" + s.name + "` |") != std::string::npos);
        }
    }
}
