#include "evidence/stack_frames.hpp"

#include <string>

namespace gc {
namespace {

bool inside(const std::filesystem::path& file, const std::filesystem::path& dir) {
    if (dir.empty()) {
        return false;
    }
    const auto rel = file.lexically_relative(dir.lexically_normal());
    return !rel.empty() && *rel.begin() != "..";
}

}  // namespace

std::optional<StackFrame> first_own_frame(const SanitizerReport& report, const std::filesystem::path& root,
                                          const std::filesystem::path& target_dir) {
    for (const auto& f : report.frames) {
        const auto file = std::filesystem::path(f.file).lexically_normal();
        if (f.file.empty() || !file.is_absolute() || !inside(file, root) || inside(file, target_dir)) {
            continue;
        }
        StackFrame own = f;
        own.file = file.lexically_relative(root.lexically_normal()).generic_string();
        return own;
    }
    return std::nullopt;
}

std::optional<StackFrame> own_access_frame(const std::vector<StackFrame>& frames, const std::filesystem::path& root,
                                           const std::filesystem::path& target_dir) {
    for (const auto& f : frames) {
        const bool runtime = f.file.find("compiler-rt/") != std::string::npos;
        const bool core = f.file.rfind("/rustc/", 0) == 0 && f.file.find("/library/core/") != std::string::npos;
        if (runtime || core || f.file.empty()) {
            continue;
        }
        SanitizerReport one;
        one.frames = {f};
        return first_own_frame(one, root, target_dir);
    }
    return std::nullopt;
}

}  // namespace gc
