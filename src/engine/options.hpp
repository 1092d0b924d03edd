#pragma once
// What a check run is asked to do: filled by the command line (cli/), read by the engine.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.hpp"

namespace gc {

enum class ColorChoice { automatic, always, never };

struct CommonOptions {
    ColorChoice color = ColorChoice::automatic;
    int verbosity = 0;  // -1 with -q
};

struct CheckOptions {
    CommonOptions common;
    std::string path = ".";
    std::vector<std::string> packages;
    std::vector<std::string> gates;
    std::vector<std::string> skips;
    std::vector<std::string> reports;  // FORMAT or FORMAT=FILE
    std::optional<std::size_t> jobs;
    std::optional<std::int64_t> timeout_s;
    std::optional<Date> today;  // for attestations: the UTC date when unset (tests choose one)
    // `gatecheck bench save NAME`: the bench runs save their results as baseline NAME.
    std::string save_baseline{};
};

// Colour on `fd` for this choice: only on a terminal (not TERM=dumb) and without NO_COLOR.
bool use_color(ColorChoice choice, int fd);

}  // namespace gc
