#if defined(__GNUC__) && !defined(__clang__)
// GCC 12 at -O2 reports the destructor of a moved-from std::variant holding strings and
// containers (SettingValue, in Result<SettingValue>) as maybe-uninitialized: a known false
// positive. Set before the includes: the warning is placed in libstdc++'s headers.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include "config/config.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <map>
#include <sstream>
#include <string_view>
#include <type_traits>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <toml++/toml.h>

#include "config/attestation_table.hpp"
#include "config/toml_support.hpp"

namespace gc {
namespace {

using toml_support::config_error;
using toml_support::type_name;
using toml_support::where;

std::string join_names(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) {
        out += (out.empty() ? "" : ", ") + n;
    }
    return out;
}

Result<std::int64_t> positive_seconds(const toml::node& node, const std::string& source, const std::string& key) {
    const auto* v = node.as_integer();
    if (v == nullptr) {
        return config_error(source, node.source(),
                            fmt::format("'{}' must be an integer number of seconds, not {}", key, type_name(node)));
    }
    if (v->get() <= 0) {
        return config_error(source, node.source(), fmt::format("'{}' must be greater than 0", key));
    }
    if (v->get() > kMaxTimeoutSeconds) {
        return config_error(source, node.source(),
                            fmt::format("'{}' must be at most {} seconds (7 days)", key, kMaxTimeoutSeconds));
    }
    return v->get();
}

// A path written in a file means a path next to that file, wherever gatecheck runs from.
Result<SettingValue> path_value(const SettingSpec& spec, const toml::node& node, const std::string& source) {
    const auto* str = node.as_string();
    if (str == nullptr || str->get().empty()) {
        return config_error(source, node.source(),
                            fmt::format("'{}' must be a non-empty path string, not {}", spec.name,
                                        str == nullptr ? type_name(node) : "an empty string"));
    }
    const std::filesystem::path value(str->get());
    if (value.is_absolute()) {
        return SettingValue{value.string()};
    }
    return SettingValue{(std::filesystem::path(source).parent_path() / value).lexically_normal().string()};
}

Result<SettingValue> string_list_value(const SettingSpec& spec, const toml::node& node, const std::string& source) {
    const auto* array = node.as_array();
    if (array == nullptr) {
        return config_error(source, node.source(),
                            fmt::format("'{}' must be an array of strings, not {}", spec.name, type_name(node)));
    }
    StringList out;
    for (const auto& item : *array) {
        const auto* str = item.as_string();
        if (str == nullptr) {
            return config_error(source, item.source(),
                                fmt::format("'{}' must hold only strings, not {}", spec.name, type_name(item)));
        }
        out.push_back(str->get());
    }
    return SettingValue{std::move(out)};
}

// [gates.ID.KEY] with "name" = N entries (non-negative integers).
Result<SettingValue> convert(const SettingSpec& spec, const toml::node& node, const std::string& source) {
    switch (spec.type) {
        case SettingSpec::Type::boolean:
            if (const auto* b = node.as_boolean()) {
                return SettingValue{b->get()};
            }
            return config_error(source, node.source(),
                                fmt::format("'{}' must be true or false, not {}", spec.name, type_name(node)));
        case SettingSpec::Type::integer:
            if (const auto* i = node.as_integer()) {
                if (i->get() < 0) {
                    return config_error(source, node.source(), fmt::format("'{}' must not be negative", spec.name));
                }
                return SettingValue{i->get()};
            }
            return config_error(source, node.source(),
                                fmt::format("'{}' must be an integer, not {}", spec.name, type_name(node)));
        case SettingSpec::Type::percent: {
            double value = 0;
            if (const auto* i = node.as_integer()) {
                value = static_cast<double>(i->get());
            } else if (const auto* f = node.as_floating_point()) {
                value = f->get();
            } else {
                return config_error(
                    source, node.source(),
                    fmt::format("'{}' must be a percentage (0 to 100), not {}", spec.name, type_name(node)));
            }
            if (!(value >= 0.0 && value <= 100.0)) {
                return config_error(source, node.source(),
                                    fmt::format("'{}' must be between 0 and 100, got {}", spec.name, value));
            }
            return SettingValue{value};
        }
        case SettingSpec::Type::path:
            return path_value(spec, node, source);
        case SettingSpec::Type::text:
            if (const auto* str = node.as_string()) {
                return SettingValue{str->get()};
            }
            return config_error(source, node.source(),
                                fmt::format("'{}' must be a string, not {}", spec.name, type_name(node)));
        case SettingSpec::Type::table:
            break;  // apply_table_setting
        case SettingSpec::Type::strings:
            return string_list_value(spec, node, source);
    }
    return config_error(source, node.source(), "unsupported setting type");
}

// `[gates.ID.NAME]` "key" = "50ns" or = 0: each entry as the value "NAME.key".
Status apply_table_setting(GateSettings& gate, const SettingSpec& spec, const toml::node& node,
                           const std::string& source, const std::string& prefix) {
    const auto* table = node.as_table();
    if (table == nullptr) {
        return config_error(source, node.source(),
                            fmt::format("'{}.{}' must be a table, not {}", prefix, spec.name, type_name(node)));
    }
    for (const auto& [key, value] : *table) {
        const auto name = spec.name + "." + std::string(key.str());
        if (const auto* str = value.as_string()) {
            gate.values[name] = str->get();
        } else if (const auto* i = value.as_integer()) {
            gate.values[name] = i->get();
        } else {
            return config_error(source, value.source(),
                                fmt::format("'{}.{}.{}' must be a string or an integer, not {}", prefix, spec.name,
                                            key.str(), type_name(value)));
        }
    }
    return Ok{};
}

Status apply_gate_table(GateSettings& gate, const GateSchema& schema, const toml::table& table,
                        const std::string& source, const std::string& prefix) {
    for (const auto& [key, node] : table) {
        const std::string name(key.str());
        if (name == "enabled" || name == "required") {
            const auto* b = node.as_boolean();
            if (b == nullptr) {
                return config_error(
                    source, node.source(),
                    fmt::format("'{}.{}' must be true or false, not {}", prefix, name, type_name(node)));
            }
            (name == "enabled" ? gate.enabled : gate.required) = b->get();
            continue;
        }
        if (name == "timeout") {
            auto t = positive_seconds(node, source, prefix + ".timeout");
            if (!t) {
                return t.error();
            }
            gate.timeout_s = *t;
            continue;
        }
        const SettingSpec* spec = nullptr;
        std::vector<std::string> known{"enabled", "required", "timeout"};
        for (const auto& s : schema.settings) {
            known.push_back(s.name);
            if (s.name == name) {
                spec = &s;
            }
        }
        if (spec == nullptr) {
            return config_error(
                source, key.source(),
                fmt::format("unknown key '{}' in [{}] (known keys: {})", name, prefix, join_names(known)));
        }
        if (spec->type == SettingSpec::Type::table) {
            if (auto st = apply_table_setting(gate, *spec, node, source, prefix); !st) {
                return st;
            }
            continue;
        }
        auto value = convert(*spec, node, source);
        if (!value) {
            return value.error();
        }
        gate.values[spec->name] = std::move(*value);
    }
    return Ok{};
}

Status apply_gates(Config& config, const toml::node& node, const std::string& source, const std::string& gates_prefix,
                   const std::vector<GateSchema>& schemas) {
    const auto* gates = node.as_table();
    if (gates == nullptr) {
        return config_error(source, node.source(),
                            fmt::format("'{}' must be a table of gate ids, not {}", gates_prefix, type_name(node)));
    }
    for (const auto& [gate_key, gate_node] : *gates) {
        const std::string id(gate_key.str());
        const GateSchema* schema = nullptr;
        std::vector<std::string> ids;
        for (const auto& s : schemas) {
            ids.push_back(s.id);
            if (s.id == id) {
                schema = &s;
            }
        }
        if (schema == nullptr) {
            return config_error(
                source, gate_key.source(),
                fmt::format("unknown gate '{}' in [{}] (gates: {})", id, gates_prefix, join_names(ids)));
        }
        const auto* table = gate_node.as_table();
        if (table == nullptr) {
            return config_error(source, gate_node.source(),
                                fmt::format("'{}.{}' must be a table, not {}", gates_prefix, id, type_name(gate_node)));
        }
        if (auto st =
                apply_gate_table(config.gates[id], *schema, *table, source, fmt::format("{}.{}", gates_prefix, id));
            !st) {
            return st;
        }
    }
    return Ok{};
}

// Where a top-level key is being read: its file, the table it sits in, the gates' schemas.
struct KeyContext {
    const std::string& name;
    const std::string& source;
    const std::string& prefix;
    const std::vector<GateSchema>& schemas;
};

Result<bool> boolean(const toml::node& node, const KeyContext& k) {
    if (const auto* b = node.as_boolean()) {
        return b->get();
    }
    return config_error(k.source, node.source(),
                        fmt::format("'{}' must be true or false, not {}", k.name, type_name(node)));
}

Result<std::vector<std::string>> strings(const toml::node& node, const KeyContext& k) {
    const auto* array = node.as_array();
    if (array == nullptr) {
        return config_error(k.source, node.source(),
                            fmt::format("'{}' must be an array of strings, not {}", k.name, type_name(node)));
    }
    std::vector<std::string> out;
    for (const auto& item : *array) {
        const auto* str = item.as_string();
        if (str == nullptr) {
            return config_error(k.source, item.source(),
                                fmt::format("'{}' must hold only strings, not {}", k.name, type_name(item)));
        }
        if (str->get().empty()) {
            return config_error(k.source, item.source(), fmt::format("'{}' must not hold an empty string", k.name));
        }
        out.push_back(str->get());
    }
    return out;
}

constexpr std::array<std::string_view, 5> kTargetKinds{"lib", "bin", "test", "bench", "example"};

// "bench:parse" -> {bench, parse}; the kind is checked here, the name once the workspace is known.
Result<TargetExclusion> exclusion(const std::string& text, const toml::node& item, const KeyContext& k) {
    const auto colon = text.find(':');
    const auto kind = text.substr(0, colon);
    const bool known_kind = std::find(kTargetKinds.begin(), kTargetKinds.end(), kind) != kTargetKinds.end();
    if (colon == std::string::npos || colon + 1 == text.size() || !known_kind) {
        return config_error(k.source, item.source(),
                            fmt::format("'{}' entry '{}' must be KIND:NAME with KIND one of lib, bin, test, bench, "
                                        "example (e.g. \"bench:parse\")",
                                        k.name, text));
    }
    return TargetExclusion{kind, text.substr(colon + 1), where(k.source, item.source())};
}

Status apply_exclusions(Config& config, const toml::node& node, const KeyContext& k) {
    auto texts = strings(node, k);
    if (!texts) {
        return texts.error();
    }
    std::vector<TargetExclusion> out;
    const auto& items = *node.as_array();
    for (std::size_t i = 0; i < texts->size(); ++i) {
        auto e = exclusion((*texts)[i], items[i], k);
        if (!e) {
            return e.error();
        }
        out.push_back(std::move(*e));
    }
    config.scope.exclude_targets = std::move(out);
    return Ok{};
}

Status set_bool(bool& field, const toml::node& node, const KeyContext& k) {
    auto b = boolean(node, k);
    if (!b) {
        return b.error();
    }
    field = *b;
    return Ok{};
}

// The one table of top-level keys: each parses its value into the configuration.
struct TopLevelKey {
    std::string_view name;
    Status (*apply)(Config&, const toml::node&, const KeyContext&);
};

constexpr std::array<TopLevelKey, 7> kTopLevelKeys{{
    {"timeout",
     [](Config& c, const toml::node& node, const KeyContext& k) -> Status {
         auto t = positive_seconds(node, k.source, k.name);
         if (!t) {
             return t.error();
         }
         c.timeout_s = *t;
         return Ok{};
     }},
    {"features",
     [](Config& c, const toml::node& node, const KeyContext& k) -> Status {
         auto f = strings(node, k);
         if (!f) {
             return f.error();
         }
         c.scope.features = std::move(*f);
         return Ok{};
     }},
    {"no_default_features", [](Config& c, const toml::node& node,
                               const KeyContext& k) { return set_bool(c.scope.no_default_features, node, k); }},
    {"all_features",
     [](Config& c, const toml::node& node, const KeyContext& k) { return set_bool(c.scope.all_features, node, k); }},
    {"exclude_targets", apply_exclusions},
    {"gates",
     [](Config& c, const toml::node& node, const KeyContext& k) {
         return apply_gates(c, node, k.source, k.prefix.empty() ? "gates" : k.prefix + ".gates", k.schemas);
     }},
    {"attestations",
     [](Config& c, const toml::node& node, const KeyContext& k) {
         return apply_attestations(c, node, k.source, k.prefix.empty() ? "attestations" : k.prefix + ".attestations",
                                   k.schemas);
     }},
}};

Status apply_table(Config& config, const toml::table& root, const std::string& source, const std::string& prefix,
                   const std::vector<GateSchema>& schemas) {
    for (const auto& [key, node] : root) {
        const std::string name(key.str());
        const auto* entry = std::find_if(kTopLevelKeys.begin(), kTopLevelKeys.end(),
                                         [&](const TopLevelKey& k) { return k.name == name; });
        if (entry == kTopLevelKeys.end()) {
            return config_error(
                source, key.source(),
                fmt::format("unknown key '{}'{} (known keys: {})", name, prefix.empty() ? "" : " in [" + prefix + "]",
                            join_names(top_level_keys())));
        }
        if (auto st = entry->apply(config, node, KeyContext{name, source, prefix, schemas}); !st) {
            return st;
        }
    }
    return Ok{};
}

Result<std::string> read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return make_error(ErrorKind::config, fmt::format("{}: cannot be read", path.string()));
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace

std::vector<std::string> top_level_keys() {
    std::vector<std::string> out;
    out.reserve(kTopLevelKeys.size());
    for (const auto& k : kTopLevelKeys) {
        out.emplace_back(k.name);
    }
    return out;
}

bool GateSettings::flag(const std::string& name) const {
    return std::get<bool>(values.at(name));
}
std::int64_t GateSettings::integer(const std::string& name) const {
    return std::get<std::int64_t>(values.at(name));
}
double GateSettings::number(const std::string& name) const {
    const auto& v = values.at(name);
    if (const auto* i = std::get_if<std::int64_t>(&v)) {
        return static_cast<double>(*i);
    }
    return std::get<double>(v);
}

std::string GateSettings::text(const std::string& name) const {
    return std::get<std::string>(values.at(name));
}

std::map<std::string, std::string> GateSettings::table(const std::string& name) const {
    std::map<std::string, std::string> out;
    const auto prefix = name + ".";
    for (auto it = values.lower_bound(prefix); it != values.end() && it->first.rfind(prefix, 0) == 0; ++it) {
        const auto key = it->first.substr(prefix.size());
        if (const auto* text = std::get_if<std::string>(&it->second)) {
            out[key] = *text;
        } else if (const auto* i = std::get_if<std::int64_t>(&it->second)) {
            out[key] = std::to_string(*i);
        }
    }
    return out;
}

const StringList& GateSettings::strings(const std::string& name) const {
    return std::get<StringList>(values.at(name));
}

Config default_config(const std::vector<GateSchema>& schemas) {
    Config config;
    for (const auto& schema : schemas) {
        auto& gate = config.gates[schema.id];
        gate.required = !schema.attestation && !schema.optional;  // a missing review is a to-do, not a failure
        for (const auto& s : schema.settings) {
            if (s.type != SettingSpec::Type::table) {
                gate.values[s.name] = s.default_value;
            }
        }
    }
    return config;
}

namespace {

Result<toml::table> parse_toml(std::string_view text, const std::string& source_name) {
    try {
        return toml::parse(text, std::string_view(source_name));
    } catch (const toml::parse_error& e) {
        return config_error(source_name, e.source(), std::string(e.description()));
    }
}

// Applies the gatecheck table at `table_path` of an already parsed document ("" for the root).
Status apply_document(Config& config, const toml::table& doc, const std::string& source_name,
                      const std::string& table_path, const std::vector<GateSchema>& schemas) {
    if (table_path.empty()) {
        if (auto st = apply_table(config, doc, source_name, "", schemas); !st) {
            return st;
        }
        config.sources.push_back(source_name);
        return Ok{};
    }
    const auto node = doc.at_path(table_path);
    if (!node) {
        return Ok{};
    }
    const auto* table = node.as_table();
    if (table == nullptr) {
        return config_error(source_name, node.node()->source(), fmt::format("[{}] must be a table", table_path));
    }
    if (auto st = apply_table(config, *table, source_name, table_path, schemas); !st) {
        return st;
    }
    config.sources.push_back(source_name + " [" + table_path + "]");
    return Ok{};
}

}  // namespace

Status apply_config_text(Config& config, std::string_view text, const std::string& source_name,
                         const std::string& table_path, const std::vector<GateSchema>& schemas) {
    auto doc = parse_toml(text, source_name);
    if (!doc) {
        return doc.error();
    }
    return apply_document(config, *doc, source_name, table_path, schemas);
}

Status apply_config_dir(Config& config, const std::filesystem::path& dir, const std::vector<GateSchema>& schemas) {
    const auto manifest = dir / "Cargo.toml";
    if (std::filesystem::exists(manifest)) {
        auto text = read_file(manifest);
        if (!text) {
            return text.error();
        }
        auto doc = parse_toml(*text, manifest.string());
        if (!doc) {
            return doc.error();
        }
        for (const char* table : {"workspace.metadata.gatecheck", "package.metadata.gatecheck"}) {
            if (auto st = apply_document(config, *doc, manifest.string(), table, schemas); !st) {
                return st;
            }
        }
    }
    const auto own = dir / "gatecheck.toml";
    if (std::filesystem::exists(own)) {
        auto text = read_file(own);
        if (!text) {
            return text.error();
        }
        return apply_config_text(config, *text, own.string(), "", schemas);
    }
    return Ok{};
}

std::string describe(const SettingSpec& spec) {
    static const std::map<SettingSpec::Type, std::string_view> kTypes{
        {SettingSpec::Type::boolean, "bool"},    {SettingSpec::Type::integer, "integer"},
        {SettingSpec::Type::percent, "percent"}, {SettingSpec::Type::path, "path"},
        {SettingSpec::Type::text, "text"},       {SettingSpec::Type::table, "table"},
        {SettingSpec::Type::strings, "strings"}};
    const auto type = kTypes.at(spec.type);
    if (spec.type == SettingSpec::Type::table) {  // its default is unused: an empty table
        return fmt::format("{} ({}): {}", spec.name, type, spec.doc);
    }
    const auto fallback = std::visit(
        [](const auto& v) -> std::string {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, bool>) {
                return v ? "true" : "false";
            } else if constexpr (std::is_same_v<T, std::string>) {
                return v.empty() ? "none" : fmt::format("\"{}\"", v);
            } else if constexpr (std::is_same_v<T, StringList>) {
                return v.empty() ? "[]" : fmt::format("[\"{}\"]", fmt::join(v, "\", \""));
            } else {
                return fmt::format("{}", v);
            }
        },
        spec.default_value);
    return fmt::format("{} ({}, {}): {}", spec.name, type, fallback, spec.doc);
}

}  // namespace gc
