#pragma once
// The reports a run writes (--report FORMAT[=FILE]): checked before the run, so a bad
// destination fails in a second, not after minutes of cargo; written after it.
#include <string>
#include <vector>

#include "core/result.hpp"
#include "engine/options.hpp"
#include "report/model.hpp"
#include "report/render.hpp"

namespace gc {

struct Output {
    const Format* format = nullptr;
    std::string file;  // empty: stdout
};

Result<std::vector<Output>> parse_reports(const std::vector<std::string>& specs);

// Every report, even when one cannot be written; the first write error is returned.
Status emit(const Report& report, const std::vector<Output>& outputs, const CommonOptions& options);

}  // namespace gc
