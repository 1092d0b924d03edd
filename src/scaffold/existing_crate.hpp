#pragma once
// What `module` and `init` need to know about a crate that already exists.
#include <filesystem>
#include <string>

#include "core/result.hpp"

namespace gc::scaffold {

struct ExistingCrate {
    std::filesystem::path dir;
    std::string name;            // [package] name
    std::filesystem::path root;  // src/lib.rs, else src/main.rs (relative); empty if neither
    bool has_tokio = false;      // tokio in [dependencies] or [dev-dependencies]
};

// Reads DIR/Cargo.toml; an input error when it is missing, does not parse or has no package.
Result<ExistingCrate> read_existing_crate(const std::filesystem::path& dir, const std::string& command);

}  // namespace gc::scaffold
