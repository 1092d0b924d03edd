#pragma once
// Writing generated files safely: the conflicts are checked first, every file is written
// into a temporary directory on the target's file system, and only then moved into place,
// so a failure (a broken template, a failing cargo add, a full disk) leaves nothing behind.
#include <filesystem>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "scaffold/render.hpp"

namespace gc::scaffold {

// The files of `files` that already exist under `target`, as they would be listed.
std::vector<std::filesystem::path> existing_files(const std::filesystem::path& target,
                                                  const std::vector<GeneratedFile>& files);

// A temporary directory holding the rendered files; removed with its content on
// destruction unless moved into place by commit().
class Staging {
public:
    // Writes `files` into a new temporary directory `.gatecheck-XXXXXX` inside `near`.
    static Result<Staging> create(const std::filesystem::path& near, const std::vector<GeneratedFile>& files);

    Staging(const Staging&) = delete;
    Staging& operator=(const Staging&) = delete;
    Staging(Staging&& other) noexcept;
    Staging& operator=(Staging&&) = delete;
    ~Staging();

    [[nodiscard]] const std::filesystem::path& dir() const { return dir_; }

    // Moves every file now in the staging directory (cargo add may have added some) to the
    // same place under `target`, creating directories; a `target` that does not exist yet
    // is the staging directory renamed, in one step. Into an existing `target`, all files or
    // none: on a failure the ones already moved are taken back and the files they replaced
    // restored. Returns the files moved, relative.
    Result<std::vector<std::filesystem::path>> commit(const std::filesystem::path& target);

private:
    explicit Staging(std::filesystem::path dir) : dir_(std::move(dir)) {}
    struct Placed {
        std::filesystem::path relative;
        bool replaced = false;              // the file it replaced is set aside under aside()
        std::filesystem::path created_dir;  // the outermost directory created for it, if any
    };
    [[nodiscard]] std::filesystem::path aside() const { return dir_ / ".replaced"; }
    Result<Placed> place(const std::filesystem::path& target, const std::filesystem::path& rel);
    void roll_back(const std::filesystem::path& target, const std::vector<Placed>& placed);
    std::filesystem::path dir_;
};

// The nearest directory at or above `path` that exists.
std::filesystem::path existing_ancestor(const std::filesystem::path& path);

}  // namespace gc::scaffold
