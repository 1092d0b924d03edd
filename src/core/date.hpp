#pragma once
// Calendar dates as people write them in the configuration ("2026-11-20"). Today's date is
// read once per run, by the engine (today_utc), and passed down, so tests choose it.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gc {

using Date = std::chrono::year_month_day;

// Strictly YYYY-MM-DD and a real calendar day (2026-02-30 is not one).
std::optional<Date> parse_date(std::string_view text);
std::string format_date(Date date);
Date add_days(Date date, std::int64_t days);
Date today_utc();

}  // namespace gc
