#pragma once
// "did you mean": the candidate nearest to a mistyped word, as cargo and git suggest one.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gc {

// Edits (insert, delete, replace, swap two neighbours) between a and b.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The nearest candidate within a third of the word's length (at least one edit), if any.
std::optional<std::string> nearest(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace gc
