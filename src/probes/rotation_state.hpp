#pragma once
// The profilers' rotation across runs: which round last measured each benchmark. One small
// versioned JSON file under <target-dir>/gatecheck/profile/; an absent or unreadable file is
// "no history" (never an error), and it is replaced atomically (a temporary file, then rename).
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace gc {

struct RotationState {
    std::int64_t rounds = 0;                   // rounds recorded so far
    std::map<std::string, std::int64_t> last;  // benchmark key -> the round that last measured it
};

inline constexpr int kRotationStateVersion = 1;

// nullopt: not a state file of this version (corrupt, truncated, another version).
std::optional<RotationState> parse_rotation_state(std::string_view text);
std::string rotation_state_text(const RotationState& state);

// The state in `file`; an absent file is an empty state, and so is one that cannot be read or
// parsed, with `note` saying why.
RotationState read_rotation_state(const std::filesystem::path& file, std::string& note);
// Writes `file` through a temporary file in the same directory, renamed over it.
Status write_rotation_state(const std::filesystem::path& file, const RotationState& state);

}  // namespace gc
