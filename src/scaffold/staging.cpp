#include "scaffold/staging.hpp"

#include <stdlib.h>  // mkdtemp

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <system_error>

#include <fmt/format.h>

namespace gc::scaffold {
namespace fs = std::filesystem;

namespace {

Error io_error(const std::string& what, const fs::path& path, const std::string& why) {
    return make_error(ErrorKind::io, fmt::format("cannot {} {}: {}", what, path.string(), why));
}

Status write_file(const fs::path& path, const std::string& content) {
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    if (ec) {
        return io_error("create", path.parent_path(), ec.message());
    }
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
    out.close();
    if (!out) {
        return io_error("write", path, std::strerror(errno));
    }
    return Ok{};
}

std::vector<fs::path> files_under(const fs::path& root) {
    std::vector<fs::path> out;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
        if (it->is_regular_file()) {
            out.push_back(fs::relative(it->path(), root));
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

fs::path existing_ancestor(const fs::path& path) {
    std::error_code ec;
    auto p = fs::absolute(path, ec);
    while (!p.empty() && !fs::exists(p, ec) && p != p.parent_path()) {
        p = p.parent_path();
    }
    return p;
}

std::vector<fs::path> existing_files(const fs::path& target, const std::vector<GeneratedFile>& files) {
    std::vector<fs::path> out;
    std::error_code ec;
    for (const auto& f : files) {
        if (fs::exists(fs::symlink_status(target / f.relative, ec))) {
            out.push_back(f.relative);
        }
    }
    return out;
}

Result<Staging> Staging::create(const fs::path& near, const std::vector<GeneratedFile>& files) {
    std::string pattern = (near / ".gatecheck-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
        return io_error("write to", near, std::strerror(errno));
    }
    Staging staging{fs::path(pattern)};
    for (const auto& f : files) {
        if (auto st = write_file(staging.dir_ / f.relative, f.content); !st) {
            return st.error();
        }
    }
    return staging;
}

Staging::Staging(Staging&& other) noexcept : dir_(std::move(other.dir_)) {
    other.dir_.clear();
}

Staging::~Staging() {
    if (!dir_.empty()) {
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }
}

Result<std::vector<fs::path>> Staging::commit(const fs::path& target) {
    const auto moved = files_under(dir_);
    std::error_code ec;
    if (!fs::exists(target, ec)) {
        fs::create_directories(target.parent_path(), ec);
        fs::rename(dir_, target, ec);
        if (ec) {
            return io_error("move the new crate to", target, ec.message());
        }
        dir_.clear();
        return moved;
    }
    // Into an existing crate: all of the files or none (`module` writes src/NAME.rs and edits
    // lib.rs). A file that is replaced is set aside first, so a failure part way can put back
    // every file as it was.
    std::vector<Placed> placed;
    for (const auto& rel : moved) {
        auto done = place(target, rel);
        if (!done) {
            roll_back(target, placed);
            return done.error();
        }
        placed.push_back(std::move(*done));
    }
    return moved;
}

Result<Staging::Placed> Staging::place(const fs::path& target, const fs::path& rel) {
    Placed p{rel, false, {}};
    std::error_code ec;
    const auto to = target / rel;
    if (fs::exists(fs::symlink_status(to, ec))) {
        fs::create_directories((aside() / rel).parent_path(), ec);
        fs::rename(to, aside() / rel, ec);
        if (ec) {
            return io_error("set aside", to, ec.message());
        }
        p.replaced = true;
    }
    auto missing = to.parent_path();
    while (missing.parent_path() != target && !fs::exists(missing.parent_path(), ec) &&
           missing != missing.parent_path()) {
        missing = missing.parent_path();
    }
    if (!fs::exists(missing, ec) && fs::create_directories(to.parent_path(), ec)) {
        p.created_dir = missing;
    }
    if (!ec) {
        fs::rename(dir_ / rel, to, ec);
    }
    if (ec) {
        const auto why = ec.message();
        if (p.replaced) {
            fs::rename(aside() / rel, to, ec);
        }
        if (!p.created_dir.empty()) {
            fs::remove_all(p.created_dir, ec);
        }
        return io_error("move into place", to, why);
    }
    return p;
}

void Staging::roll_back(const fs::path& target, const std::vector<Placed>& placed) {
    std::error_code ec;
    for (auto it = placed.rbegin(); it != placed.rend(); ++it) {
        fs::remove(target / it->relative, ec);
        if (it->replaced) {
            fs::rename(aside() / it->relative, target / it->relative, ec);
        }
        if (!it->created_dir.empty()) {
            fs::remove_all(it->created_dir, ec);
        }
    }
}

}  // namespace gc::scaffold
