#pragma once
// Where a sanitizer's stack (evidence/tests.hpp, SanitizerReport) is in the crate's own code.
#include <filesystem>
#include <optional>
#include <vector>

#include "evidence/tests.hpp"

namespace gc {

// The first frame in the crate's own sources: a file under `root` (the workspace), not under
// `target_dir` (generated code), so never /rustc/, a registry or the system's libraries. Its
// file is made relative to `root`.
std::optional<StackFrame> first_own_frame(const SanitizerReport& report, const std::filesystem::path& root,
                                          const std::filesystem::path& target_dir);

// Where a stack made its access: its first frame past the sanitizer runtime's interceptors
// (memcpy, free) and the toolchain's `core` (ptr::write, atomic intrinsics, inlined into the
// caller). Then, when that frame is in the crate's own sources (under `root`, not under
// `target_dir`), that frame with its file relative to `root`. std is not instrumented, so a
// report whose accesses are in std or alloc is not the crate's (see docs/CHECKLIST.md).
std::optional<StackFrame> own_access_frame(const std::vector<StackFrame>& frames, const std::filesystem::path& root,
                                           const std::filesystem::path& target_dir);

}  // namespace gc
