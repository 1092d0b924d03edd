#include "core/date.hpp"

#include <fmt/format.h>

namespace gc {
namespace {

// The value of text[from, from + n) when all of it is ASCII digits.
std::optional<unsigned> digits(std::string_view text, std::size_t from, std::size_t n) {
    unsigned value = 0;
    for (std::size_t i = from; i < from + n; ++i) {
        if (text[i] < '0' || text[i] > '9') {
            return std::nullopt;
        }
        value = value * 10 + static_cast<unsigned>(text[i] - '0');
    }
    return value;
}

}  // namespace

std::optional<Date> parse_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
        return std::nullopt;
    }
    const auto y = digits(text, 0, 4);
    const auto m = digits(text, 5, 2);
    const auto d = digits(text, 8, 2);
    if (!y || !m || !d) {
        return std::nullopt;
    }
    const Date date{std::chrono::year(static_cast<int>(*y)), std::chrono::month(*m), std::chrono::day(*d)};
    return date.ok() ? std::optional<Date>(date) : std::nullopt;
}

std::string format_date(Date date) {
    return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                       static_cast<unsigned>(date.day()));
}

Date add_days(Date date, std::int64_t days) {
    return Date{std::chrono::sys_days(date) + std::chrono::days(days)};
}

Date today_utc() {
    return Date{std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
}

}  // namespace gc
