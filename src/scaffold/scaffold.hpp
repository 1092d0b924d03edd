#pragma once
// `gatecheck new`, `gatecheck module` and `gatecheck init`: render the templates into a new
// crate, a new module of a crate, or a crate's gatecheck configuration and CI files.
#include <optional>
#include <string>

#include "core/result.hpp"
#include "process/process.hpp"

namespace gc::scaffold {

struct NewOptions {
    std::string path;
    std::optional<std::string> name;  // none: the last component of path
    bool bin = false;
    bool async = false;
    std::string edition = "2021";
    bool force = false;
    bool dry_run = false;
    bool pinned = false;       // templates.toml's versions instead of `cargo add`
    std::string template_dir;  // empty: the bundled templates
};

struct ModuleOptions {
    std::string name;
    std::string path = ".";
    bool async = false;
    bool force = false;
    bool dry_run = false;
    std::string template_dir;
};

struct InitOptions {
    std::string path = ".";
    bool force = false;
    bool dry_run = false;
    std::string template_dir;
};

// Each returns the exit code (0) or the Error (exit 2) that stopped it before anything
// was written.
Result<int> run_new(const NewOptions& options, process::Runner& runner);
Result<int> run_module(const ModuleOptions& options);
Result<int> run_init(const InitOptions& options);

}  // namespace gc::scaffold
