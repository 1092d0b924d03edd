// [attestations.ID]: who reviewed what and when. The record is all or nothing (by, date and
// note together), so a half-written table is an error rather than a review nobody made.
#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "config/attestation_table.hpp"
#include "config/toml_support.hpp"

namespace gc {

std::optional<Date> Attestation::expires() const {
    if (!max_age_days) {
        return std::nullopt;
    }
    return add_days(date, *max_age_days);
}

bool Attestation::expired(Date today) const {
    const auto end = expires();
    return end && today >= *end;
}

namespace {

using toml_support::config_error;
using toml_support::type_name;

// Where one table is being read: its file and dotted name.
struct TableContext {
    const std::string& source;
    const std::string& prefix;  // "attestations.input-validation"
};

Result<std::string> text(const toml::node& node, std::string_view key, const TableContext& t) {
    const auto* s = node.as_string();
    if (s == nullptr) {
        return config_error(t.source, node.source(),
                            fmt::format("'{}.{}' must be a string, not {}", t.prefix, key, type_name(node)));
    }
    if (s->get().find_first_not_of(" \t\r\n") == std::string::npos) {
        return config_error(t.source, node.source(), fmt::format("'{}.{}' must not be empty", t.prefix, key));
    }
    return s->get();
}

// A TOML date (2026-11-20) or a string holding one ("2026-11-20").
Result<Date> date_of(const toml::node& node, const TableContext& t) {
    if (const auto* d = node.as_date()) {
        const auto& v = d->get();
        const Date date{std::chrono::year(v.year), std::chrono::month(v.month), std::chrono::day(v.day)};
        if (date.ok()) {
            return date;
        }
    } else if (const auto* s = node.as_string()) {
        if (const auto date = parse_date(s->get())) {
            return *date;
        }
        return config_error(t.source, node.source(),
                            fmt::format("'{}.date' must be a date written YYYY-MM-DD, not \"{}\"", t.prefix, s->get()));
    }
    return config_error(
        t.source, node.source(),
        fmt::format("'{}.date' must be a date such as 2026-11-20 (no time of day), not {}", t.prefix, type_name(node)));
}

Result<std::int64_t> max_age(const toml::node& node, const TableContext& t) {
    const auto* i = node.as_integer();
    if (i == nullptr) {
        return config_error(
            t.source, node.source(),
            fmt::format("'{}.max_age_days' must be an integer number of days, not {}", t.prefix, type_name(node)));
    }
    if (i->get() <= 0) {
        return config_error(t.source, node.source(), fmt::format("'{}.max_age_days' must be greater than 0", t.prefix));
    }
    return i->get();
}

// Reads one key of the table into the record (or `required`).
Status read_key(Attestation& a, std::optional<bool>& required, const toml::key& key, const toml::node& node,
                const TableContext& t) {
    const std::string name(key.str());
    if (name == "by" || name == "note") {
        auto s = text(node, name, t);
        if (!s) {
            return s.error();
        }
        (name == "by" ? a.by : a.note) = std::move(*s);
    } else if (name == "date") {
        auto d = date_of(node, t);
        if (!d) {
            return d.error();
        }
        a.date = *d;
        a.where = toml_support::where(t.source, node.source());
    } else if (name == "max_age_days") {
        auto days = max_age(node, t);
        if (!days) {
            return days.error();
        }
        a.max_age_days = *days;
    } else if (name == "required") {
        const auto* b = node.as_boolean();
        if (b == nullptr) {
            return config_error(t.source, node.source(),
                                fmt::format("'{}.required' must be true or false, not {}", t.prefix, type_name(node)));
        }
        required = b->get();
    } else {
        return config_error(t.source, key.source(),
                            fmt::format("unknown key '{}' in [{}] (known keys: by, date, note, max_age_days, required)",
                                        name, t.prefix));
    }
    return Ok{};
}

Status apply_one(GateSettings& gate, const toml::table& table, const TableContext& t) {
    Attestation a;
    std::optional<bool> required;
    bool record = false;  // a key of the record was given
    for (const auto& [key, node] : table) {
        if (auto st = read_key(a, required, key, node, t); !st) {
            return st;
        }
        record = record || key.str() != "required";
    }
    if (record) {
        std::vector<std::string> missing;
        if (a.by.empty()) {
            missing.emplace_back("by");
        }
        if (a.where.empty()) {
            missing.emplace_back("date");
        }
        if (a.note.empty()) {
            missing.emplace_back("note");
        }
        if (!missing.empty()) {
            return config_error(t.source, table.source(),
                                fmt::format("[{}] records a review with 'by', 'date' and 'note'; missing: {}", t.prefix,
                                            fmt::join(missing, ", ")));
        }
        gate.attestation = std::move(a);
    }
    if (required) {
        gate.required = *required;
    }
    return Ok{};
}

std::string attestation_ids(const std::vector<GateSchema>& schemas) {
    std::string ids;
    for (const auto& s : schemas) {
        if (s.attestation) {
            ids += (ids.empty() ? "" : ", ") + s.id;
        }
    }
    return ids;
}

}  // namespace

Status apply_attestations(Config& config, const toml::node& node, const std::string& source, const std::string& prefix,
                          const std::vector<GateSchema>& schemas) {
    const auto* tables = node.as_table();
    if (tables == nullptr) {
        return config_error(source, node.source(),
                            fmt::format("'{}' must be a table of attestation ids, not {}", prefix, type_name(node)));
    }
    for (const auto& [key, value] : *tables) {
        const std::string id(key.str());
        const auto schema = std::find_if(schemas.begin(), schemas.end(),
                                         [&](const GateSchema& s) { return s.attestation && s.id == id; });
        if (schema == schemas.end()) {
            return config_error(source, key.source(),
                                fmt::format("unknown attestation '{}' in [{}] (attestations: {})", id, prefix,
                                            attestation_ids(schemas)));
        }
        const std::string name = fmt::format("{}.{}", prefix, id);
        const auto* table = value.as_table();
        if (table == nullptr) {
            return config_error(source, value.source(),
                                fmt::format("'{}' must be a table, not {}", name, type_name(value)));
        }
        if (auto st = apply_one(config.gates[id], *table, TableContext{source, name}); !st) {
            return st;
        }
    }
    return Ok{};
}

Status check_attestation_dates(const Config& config, Date today) {
    const Date latest = add_days(today, 1);
    for (const auto& [id, gate] : config.gates) {
        if (gate.attestation && gate.attestation->date > latest) {
            return make_error(
                ErrorKind::config,
                fmt::format("{}: the date of attestation '{}' is in the future: {} (today is {}, UTC)",
                            gate.attestation->where, id, format_date(gate.attestation->date), format_date(today)));
        }
    }
    return Ok{};
}

}  // namespace gc
