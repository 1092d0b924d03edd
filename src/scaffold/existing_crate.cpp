#include "scaffold/existing_crate.hpp"

#include <system_error>

#include <fmt/format.h>
#include <toml++/toml.h>

namespace gc::scaffold {
namespace fs = std::filesystem;

Result<ExistingCrate> read_existing_crate(const fs::path& dir, const std::string& command) {
    const auto manifest = dir / "Cargo.toml";
    std::error_code ec;
    if (!fs::is_regular_file(manifest, ec)) {
        return make_error(ErrorKind::input,
                          fmt::format("{}: {} is not a crate (no Cargo.toml there); nothing was written", command,
                                      fs::absolute(dir).string()));
    }
    toml::table doc;
    try {
        doc = toml::parse_file(manifest.string());
    } catch (const toml::parse_error& e) {
        return make_error(ErrorKind::input,
                          fmt::format("{}: {}:{}:{}: {}", command, manifest.string(), e.source().begin.line,
                                      e.source().begin.column, std::string(e.description())));
    }
    ExistingCrate crate;
    crate.dir = dir;
    crate.name = doc["package"]["name"].value_or(std::string());
    if (crate.name.empty()) {
        return make_error(ErrorKind::input, fmt::format("{}: {} has no [package] name (a workspace root? run it in "
                                                        "a member's directory); nothing was written",
                                                        command, manifest.string()));
    }
    for (const char* root : {"src/lib.rs", "src/main.rs"}) {
        if (fs::is_regular_file(dir / root, ec)) {
            crate.root = root;
            break;
        }
    }
    crate.has_tokio = doc["dependencies"]["tokio"] || doc["dev-dependencies"]["tokio"];
    return crate;
}

}  // namespace gc::scaffold
