#include "report/finding_cap.hpp"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace gc {

void cap_findings(GateResult& result, std::size_t per_rule) {
    std::map<std::string, std::size_t> kept_per_rule;
    std::vector<Finding> kept;
    for (auto& f : result.findings) {
        if (++kept_per_rule[f.rule] <= per_rule) {
            kept.push_back(std::move(f));
        } else {
            ++result.omitted[f.rule];
        }
    }
    result.findings = std::move(kept);
}

}  // namespace gc
