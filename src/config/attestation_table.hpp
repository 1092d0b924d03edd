#pragma once
// Reading [attestations.ID] tables into the configuration, and the check that needs today's
// date (kept apart from parsing, so reading a file never looks at the clock).
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "config/config.hpp"
#include "core/date.hpp"

namespace gc {

// `node` is the value of the `attestations` key; `prefix` its dotted path, for messages.
// Each ID must be an attestation gate of `schemas`. A table's by/date/note replace an earlier
// layer's record as a whole; its `required` is the gate's `required`.
Status apply_attestations(Config& config, const toml::node& node, const std::string& source, const std::string& prefix,
                          const std::vector<GateSchema>& schemas);

// A date later than tomorrow (one day of grace for time zones ahead of UTC) is an error.
Status check_attestation_dates(const Config& config, Date today);

}  // namespace gc
