#pragma once
// An attestation: a person's review of a checklist item that only a person can judge, as the
// configuration records it ([attestations.ID]: by, date, note, max_age_days).
#include <cstdint>
#include <optional>
#include <string>

#include "core/date.hpp"

namespace gc {

struct Attestation {
    std::string by;
    Date date;
    std::string note;
    std::optional<std::int64_t> max_age_days;  // none: it does not expire
    std::string where;                         // "gatecheck.toml:4:8": where `date` was written

    // The first day it no longer holds (date + max_age_days), if it expires at all.
    [[nodiscard]] std::optional<Date> expires() const;
    [[nodiscard]] bool expired(Date today) const;
};

}  // namespace gc
