// The gates' schemas as JSON (tests/fuzz/gate_schemas.hpp).
#include "gate_schemas.hpp"

#include <nlohmann/json.hpp>

namespace gc::fuzz {

namespace {

using json = nlohmann::json;

json value_json(const SettingValue& v) {
    return std::visit([](const auto& x) { return json(x); }, v);
}

SettingValue json_value(const json& j) {
    if (j.is_boolean()) {
        return j.get<bool>();
    }
    if (j.is_number_integer()) {
        return j.get<std::int64_t>();
    }
    if (j.is_number_float()) {
        return j.get<double>();
    }
    if (j.is_string()) {
        return j.get<std::string>();
    }
    return j.get<StringList>();
}

}  // namespace

std::string schemas_to_json(const std::vector<GateSchema>& schemas) {
    json out = json::array();
    for (const auto& s : schemas) {
        json settings = json::array();
        for (const auto& spec : s.settings) {
            settings.push_back({{"name", spec.name},
                                {"type", static_cast<int>(spec.type)},
                                {"default", value_json(spec.default_value)},
                                {"doc", spec.doc}});
        }
        out.push_back({{"id", s.id},
                       {"attestation", s.attestation},
                       {"optional", s.optional},
                       {"settings", std::move(settings)}});
    }
    return out.dump(1) + "\n";
}

Result<std::vector<GateSchema>> schemas_from_json(std::string_view text) {
    const auto doc = json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_array()) {
        return make_error(ErrorKind::input, "gate schemas: not a JSON array");
    }
    try {
        std::vector<GateSchema> out;
        for (const auto& g : doc) {
            GateSchema s{
                g.at("id").get<std::string>(), {}, g.at("attestation").get<bool>(), g.at("optional").get<bool>()};
            for (const auto& spec : g.at("settings")) {
                s.settings.push_back({spec.at("name").get<std::string>(),
                                      static_cast<SettingSpec::Type>(spec.at("type").get<int>()),
                                      json_value(spec.at("default")), spec.at("doc").get<std::string>()});
            }
            out.push_back(std::move(s));
        }
        return out;
    } catch (const json::exception& e) {
        return make_error(ErrorKind::input, std::string("gate schemas: ") + e.what());
    }
}

}  // namespace gc::fuzz
