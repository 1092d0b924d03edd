#pragma once
// The limits the JUnit renderer keeps to (docs/REPORT.md, "JUnit").
#include <cstddef>

namespace gc {

// GitLab's limit on one JUnit report (docs.gitlab.com, "Unit test reports"), with room to spare.
inline constexpr std::size_t kJunitMaxFileBytes = 30U * 1000U * 1000U;
// A failing test's output and failure text: the last 64 KiB, where the panic is.
inline constexpr std::size_t kJunitMaxOutputBytes = 64U * 1024U;
// A failure's message attribute: one line.
inline constexpr std::size_t kJunitMaxMessageBytes = 1000;

}  // namespace gc
