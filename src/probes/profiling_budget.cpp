#include "probes/profiling_budget.hpp"

#include <algorithm>
#include <tuple>

namespace gc {

std::vector<std::string> profiling_order(std::vector<BudgetCandidate> candidates, const RotationState& state) {
    const auto last = [&state](const std::string& key) {
        const auto it = state.last.find(key);
        return it == state.last.end() ? std::int64_t{-1} : it->second;
    };
    std::stable_sort(candidates.begin(), candidates.end(), [&](const BudgetCandidate& a, const BudgetCandidate& b) {
        // Targeted first; among them the rotation too, so that targets the budget cannot fit
        // all at once take turns instead of one being left out every run.
        return std::tuple(!a.targeted, last(a.key), -a.slowness, a.key) <
               std::tuple(!b.targeted, last(b.key), -b.slowness, b.key);
    });
    std::vector<std::string> out;
    out.reserve(candidates.size());
    for (auto& c : candidates) {
        out.push_back(std::move(c.key));
    }
    return out;
}

ProfilingRound::ProfilingRound(std::vector<std::string> order, std::chrono::seconds budget)
    : order_(std::move(order)), budget_(budget) {}

void ProfilingRound::begin(Clock::time_point now) {
    if (!started_) {
        started_ = now;
        last_end_ = now;
    }
}

std::optional<std::string> ProfilingRound::next(Clock::time_point now) {
    if (stopped_ || next_ >= order_.size()) {
        return std::nullopt;
    }
    if (started_ && budget_.count() > 0 && now - *started_ >= budget_) {
        return std::nullopt;
    }
    measured_.push_back(order_[next_]);
    return order_[next_++];
}

void ProfilingRound::finished(Clock::time_point now) {
    last_end_ = std::max(last_end_, now);
}

std::vector<std::string> ProfilingRound::deferred() const {
    return {order_.begin() + static_cast<std::ptrdiff_t>(next_), order_.end()};
}

double ProfilingRound::spent_seconds() const {
    if (!started_) {
        return 0;
    }
    return std::chrono::duration<double>(last_end_ - *started_).count();
}

RotationState ProfilingRound::recorded(const RotationState& previous) const {
    RotationState out;
    out.rounds = previous.rounds + (measured_.empty() ? 0 : 1);
    for (const auto& key : order_) {
        if (const auto it = previous.last.find(key); it != previous.last.end()) {
            out.last[key] = it->second;
        }
    }
    for (const auto& key : measured_) {
        out.last[key] = out.rounds;
    }
    return out;
}

}  // namespace gc
