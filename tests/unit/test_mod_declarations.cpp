// The `mod NAME;` declarations the rust-sources walk follows from a target's root, and where
// rustc looks for each (the Reference's "Module source filenames" and `path` attribute).
#include <catch2/catch.hpp>

#include "probes/mod_declarations.hpp"

namespace {

using gc::probes::ModDeclaration;

std::vector<std::string> names(const std::vector<ModDeclaration>& decls) {
    std::vector<std::string> out;
    for (const auto& d : decls) {
        out.push_back(d.name + (d.path.empty() ? "" : "=" + d.path));
    }
    return out;
}

}  // namespace

TEST_CASE("mod declarations: top-level `mod x;` with their #[path], never inline, commented or nested ones",
          "[rust-sources]") {
    const auto decls = gc::probes::mod_declarations(
        "//! mod in_doc;\n"
        "mod shared;\n"
        "pub(crate) mod util ;\n"
        "#[cfg(test)]\n"
        "#[path = \"helpers/x.rs\"]\n"
        "mod x;\n"
        "/* mod commented; */\n"
        "const S: &str = \"mod in_string;\";\n"
        "mod inline {\n"
        "    mod nested;\n"
        "}\n"
        "fn f() { mod local; }\n"
        "#[path = \"ignored.rs\"] fn g() {}\n"
        "pub mod last;\n"
        "fn module() {}\n");
    CHECK(names(decls) == std::vector<std::string>{"shared", "util", "x=helpers/x.rs", "last"});
}

TEST_CASE("mod declarations: where rustc looks for a module of a root, a mod.rs and another file", "[rust-sources]") {
    using P = std::filesystem::path;
    CHECK(gc::probes::module_candidates("/c/benches/b.rs", true, {"shared", ""}) ==
          std::vector<P>{"/c/benches/shared.rs", "/c/benches/shared/mod.rs"});
    CHECK(gc::probes::module_candidates("/c/tests/common/mod.rs", true, {"deep", ""}) ==
          std::vector<P>{"/c/tests/common/deep.rs", "/c/tests/common/deep/mod.rs"});
    CHECK(gc::probes::module_candidates("/c/tests/it/util.rs", false, {"more", ""}) ==
          std::vector<P>{"/c/tests/it/util/more.rs", "/c/tests/it/util/more/mod.rs"});
    CHECK(gc::probes::module_candidates("/c/tests/b.rs", true, {"shared", "common/mod.rs"}) ==
          std::vector<P>{"/c/tests/common/mod.rs"});
}
