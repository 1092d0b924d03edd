#pragma once
// gatecheck's configuration: defaults < [workspace.metadata.gatecheck] < [package.metadata.
// gatecheck] < gatecheck.toml < command line. Every key comes from one table (the gates'
// schemas plus the top-level keys below); anything else is an error naming file:line:col.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "config/attestation.hpp"
#include "core/result.hpp"

namespace gc {

using StringList = std::vector<std::string>;
using SettingValue = std::variant<bool, std::int64_t, double, std::string, StringList>;

struct SettingSpec {
    // path: a string; a relative path is resolved against the directory of the file that sets it.
    // text: any string (a duration "50ns", a size "512MiB", a share "5%": the gate parses it).
    // table: a sub-table `[gates.ID.NAME]` of strings or integers, stored as values "NAME.KEY"
    // (GateSettings::table reads them back); its default_value is unused.
    // strings: an array of strings.
    enum class Type { boolean, integer, percent, path, text, table, strings };
    std::string name;
    Type type = Type::boolean;
    SettingValue default_value;
    std::string doc;
};

// "NAME (TYPE, DEFAULT): DOC", as `gatecheck list` shows a gate's setting: its one description.
std::string describe(const SettingSpec& spec);

struct GateSchema {
    std::string id;
    std::vector<SettingSpec> settings;  // beyond enabled / required / timeout
    // An attestation gate: recorded as [attestations.ID], and optional unless required.
    bool attestation = false;
    bool optional = false;  // `required` defaults to false (property-tests, miri)
};

struct GateSettings {
    bool enabled = true;
    bool required = true;
    std::optional<std::int64_t> timeout_s;
    std::map<std::string, SettingValue> values;
    std::optional<Attestation> attestation;  // attestation gates: the review recorded, if any

    [[nodiscard]] bool flag(const std::string& name) const;
    [[nodiscard]] std::int64_t integer(const std::string& name) const;
    [[nodiscard]] double number(const std::string& name) const;
    [[nodiscard]] std::string text(const std::string& name) const;
    // The entries of a table setting: KEY -> value (strings, or integers as text), in key order.
    [[nodiscard]] std::map<std::string, std::string> table(const std::string& name) const;
    [[nodiscard]] const StringList& strings(const std::string& name) const;
};

inline constexpr std::int64_t kDefaultTimeoutSeconds = 1800;
// The longest time limit accepted (7 days), from `--timeout` or the configuration: a command
// that runs longer is hung, and a limit near the clock's range would overflow into "now".
inline constexpr std::int64_t kMaxTimeoutSeconds = std::int64_t{7} * 24 * 3600;

// One `exclude_targets` entry, "KIND:NAME". It can only be checked against the workspace's
// targets once cargo metadata has run, so it keeps where it was written for that error.
struct TargetExclusion {
    std::string kind;  // lib, bin, test, bench, example
    std::string name;
    std::string where;  // "gatecheck.toml:3:20"
};

// What every cargo command builds: the features and the targets left out.
struct ScopeConfig {
    std::vector<std::string> features;
    bool no_default_features = false;
    bool all_features = false;
    std::vector<TargetExclusion> exclude_targets;
};

struct Config {
    std::int64_t timeout_s = kDefaultTimeoutSeconds;  // per external command
    ScopeConfig scope;
    std::map<std::string, GateSettings> gates;
    std::vector<std::string> sources;  // files that contributed, for -v and the report

    [[nodiscard]] const GateSettings& gate(const std::string& id) const { return gates.at(id); }
};

// The top-level keys, in the order of the one table that parses them (for messages and the
// documentation test).
std::vector<std::string> top_level_keys();

// Defaults for every gate in `schemas`.
Config default_config(const std::vector<GateSchema>& schemas);

// Applies the gatecheck settings found in `dir` (Cargo.toml metadata tables, then
// gatecheck.toml) on top of `config`. `display_dir` is how paths appear in error messages.
Status apply_config_dir(Config& config, const std::filesystem::path& dir, const std::vector<GateSchema>& schemas);

// Applies one TOML document (exposed for tests): `table_path` is where the gatecheck table
// sits in it ("" for gatecheck.toml, "package.metadata.gatecheck" for Cargo.toml).
Status apply_config_text(Config& config, std::string_view text, const std::string& source_name,
                         const std::string& table_path, const std::vector<GateSchema>& schemas);

}  // namespace gc
