#include "gates/perf_units.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <utility>

#include <fmt/format.h>

#include "report/perf_section.hpp"

namespace gc::gates {
namespace {

// "1.5 us" -> {1.5, "us"}; nullopt when there is no number first.
std::optional<std::pair<double, std::string>> split(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())) != 0) {
        text.remove_prefix(1);
    }
    std::size_t n = 0;
    while (n < text.size() && (std::isdigit(static_cast<unsigned char>(text[n])) != 0 || text[n] == '.')) {
        ++n;
    }
    if (n == 0) {
        return std::nullopt;
    }
    double value = 0;
    try {
        value = std::stod(std::string(text.substr(0, n)));
    } catch (const std::exception&) {
        return std::nullopt;
    }
    std::string unit;
    for (const char c : text.substr(n)) {
        if (std::isspace(static_cast<unsigned char>(c)) == 0) {
            unit += c;
        }
    }
    return std::pair{value, unit};
}

template <std::size_t N>
std::optional<double> scaled(std::string_view text, const std::array<std::pair<const char*, double>, N>& units) {
    const auto parts = split(text);
    if (!parts) {
        return std::nullopt;
    }
    for (const auto& [name, factor] : units) {
        if (parts->second == name) {
            return parts->first * factor;
        }
    }
    return std::nullopt;
}

}  // namespace

std::optional<double> parse_duration_ns(std::string_view text) {
    static constexpr std::array<std::pair<const char*, double>, 5> units{
        {{"ns", 1.0}, {"us", 1e3}, {"µs", 1e3}, {"ms", 1e6}, {"s", 1e9}}};
    return scaled(text, units);
}

std::optional<double> parse_bytes(std::string_view text) {
    static constexpr std::array<std::pair<const char*, double>, 10> units{{{"", 1.0},
                                                                           {"B", 1.0},
                                                                           {"KiB", 1024.0},
                                                                           {"MiB", 1024.0 * 1024},
                                                                           {"GiB", 1024.0 * 1024 * 1024},
                                                                           {"kB", 1e3},
                                                                           {"KB", 1e3},
                                                                           {"MB", 1e6},
                                                                           {"GB", 1e9},
                                                                           {"K", 1024.0}}};
    return scaled(text, units);
}

std::optional<double> parse_share(std::string_view text) {
    static constexpr std::array<std::pair<const char*, double>, 1> units{{{"%", 0.01}}};
    return scaled(text, units);
}

std::string format_ns(double ns) {
    return perf_time(ns);  // one formatting for gate summaries and the Performance Analysis
}

std::string format_bytes(double bytes) {
    if (bytes < 1024.0 * 1024) {
        return fmt::format("{:.1f} KiB", bytes / 1024.0);
    }
    if (bytes < 1024.0 * 1024 * 1024) {
        return fmt::format("{:.1f} MiB", bytes / (1024.0 * 1024));
    }
    return fmt::format("{:.2f} GiB", bytes / (1024.0 * 1024 * 1024));
}

std::string format_change(double fraction) {
    return fmt::format("{:+.2f}%", fraction * 100.0);
}

}  // namespace gc::gates
