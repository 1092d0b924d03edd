#pragma once
// The limits the JUnit renderer keeps to (docs/REPORT.md, "JUnit").
#include <cstddef>

namespace gc {

// GitLab's limit on one JUnit report (docs.gitlab.com, "Unit test reports"), with room to spare.
inline constexpr std::size_t kJunitMaxFileBytes = 30UL * 1000UL * 1000UL;
// A failing test's output and failure text: the last 64 KiB, where the panic is.
inline constexpr std::size_t kJunitMaxOutputBytes = 64UL * 1024UL;
// A failure's message attribute: one line.
inline constexpr std::size_t kJunitMaxMessageBytes = 1000;

}  // namespace gc
