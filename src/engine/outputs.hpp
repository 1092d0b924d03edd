#pragma once
// The reports a run writes (--report FORMAT[=FILE]): checked before the run, so a bad
// destination fails in a second, not after minutes of cargo; written after it.
#include <cstddef>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "engine/options.hpp"
#include "report/model.hpp"
#include "report/render.hpp"

namespace gc {

struct Output {
    const Format* format = nullptr;
    std::string file;     // empty: stdout
    bool append = false;  // add to the file (GitHub's step summary) instead of replacing it
    // Wrapped in ::stop-commands::TOKEN ... ::TOKEN::, so that tools' output quoted in the text
    // is not run by GitHub as workflow commands.
    bool guard_commands = false;
    std::size_t max_bytes = 0;  // the consumer's limit (RenderOptions::max_bytes)
};

// Under GitHub Actions (GITHUB_ACTIONS=true) with no --report to stdout: the human report in
// the log (guarded), the annotations, and the Markdown summary appended to
// $GITHUB_STEP_SUMMARY, besides any report files asked for.
inline constexpr std::size_t kGithubSummaryLimit = 1024UL * 1024UL;

Result<std::vector<Output>> parse_reports(const std::vector<std::string>& specs);

// Every report, even when one cannot be written; the first write error is returned.
Status emit(const Report& report, const std::vector<Output>& outputs, const CommonOptions& options);

}  // namespace gc
