#pragma once
// The steps every scaffolding command shares: refuse conflicts, list a dry run, stage the
// files, let the command finish the staged tree (cargo add), move it into place.
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "scaffold/render.hpp"

namespace gc::scaffold {

struct WritePlan {
    std::string command;                          // "gatecheck new", for messages
    std::filesystem::path target;                 // where the files go
    std::vector<GeneratedFile> files;             // relative to target
    std::vector<std::filesystem::path> replaces;  // files that exist and are meant to be rewritten (lib.rs)
    bool force = false;
    bool dry_run = false;
    std::vector<std::string> dry_run_notes;  // extra lines for --dry-run ("would run: cargo add ...")
    std::function<Status(const std::filesystem::path& staging)> finish;  // may be empty
};

// Returns the files written (relative to target), or nothing for a dry run; an Error when
// it wrote nothing.
Result<std::vector<std::filesystem::path>> execute(const WritePlan& plan);

// An input error listing the files that exist and would be overwritten (unless --force).
Status check_conflicts(const WritePlan& plan);

// "  path\n" for each file.
std::string file_list(const std::vector<std::filesystem::path>& files);

}  // namespace gc::scaffold
