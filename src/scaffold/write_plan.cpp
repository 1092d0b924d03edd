#include "scaffold/write_plan.hpp"

#include <algorithm>
#include <system_error>

#include <fmt/format.h>

#include "scaffold/staging.hpp"

namespace gc::scaffold {
namespace fs = std::filesystem;

namespace {

void print_dry_run(const WritePlan& plan) {
    std::vector<fs::path> files;
    for (const auto& f : plan.files) {
        files.push_back(f.relative);
    }
    fmt::print("{} --dry-run: would write {} files under {}:\n{}\n", plan.command, files.size(), plan.target.string(),
               file_list(files));
    for (const auto& note : plan.dry_run_notes) {
        fmt::print("{}\n", note);
    }
}

// A new directory gets the usual mode, not mkdtemp's 0700.
void open_up(const fs::path& dir) {
    std::error_code ec;
    fs::permissions(dir,
                    fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec | fs::perms::others_read |
                        fs::perms::others_exec,
                    ec);
}

}  // namespace

Status check_conflicts(const WritePlan& plan) {
    std::error_code ec;
    if (fs::exists(plan.target, ec) && !fs::is_directory(plan.target, ec)) {
        return make_error(ErrorKind::input, fmt::format("{}: {} exists and is not a directory; nothing was written",
                                                        plan.command, plan.target.string()));
    }
    auto conflicts = existing_files(plan.target, plan.files);
    std::erase_if(conflicts, [&](const fs::path& p) {
        return std::find(plan.replaces.begin(), plan.replaces.end(), p) != plan.replaces.end();
    });
    if (conflicts.empty() || plan.force) {
        return Ok{};
    }
    return make_error(ErrorKind::input,
                      fmt::format("{}: {} already has {} of the files it would write; nothing was written "
                                  "(--force overwrites them):\n{}",
                                  plan.command, plan.target.string(), conflicts.size(), file_list(conflicts)));
}

std::string file_list(const std::vector<fs::path>& files) {
    std::string out;
    for (const auto& f : files) {
        out += "  " + f.string() + "\n";
    }
    if (!out.empty()) {
        out.pop_back();
    }
    return out;
}

Result<std::vector<fs::path>> execute(const WritePlan& plan) {
    if (auto st = check_conflicts(plan); !st) {
        return st.error();
    }
    if (plan.dry_run) {
        print_dry_run(plan);
        return std::vector<fs::path>{};
    }
    std::error_code ec;
    const bool is_new = !fs::exists(plan.target, ec);
    const auto near = is_new ? existing_ancestor(plan.target.parent_path()) : plan.target;
    auto staging = Staging::create(near, plan.files);
    if (!staging) {
        return staging.error();
    }
    if (plan.finish) {
        if (auto st = plan.finish(staging->dir()); !st) {
            return st.error();
        }
    }
    auto moved = staging->commit(plan.target);
    if (moved && is_new) {
        open_up(plan.target);
    }
    return moved;
}

}  // namespace gc::scaffold
