#include "probes/rotation_state.hpp"

#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace gc {

std::optional<RotationState> parse_rotation_state(std::string_view text) {
    const auto doc = nlohmann::json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        return std::nullopt;
    }
    const auto version = doc.find("version");
    const auto rounds = doc.find("rounds");
    const auto last = doc.find("last");
    if (version == doc.end() || !version->is_number_integer() || *version != kRotationStateVersion ||
        rounds == doc.end() || !rounds->is_number_integer() || last == doc.end() || !last->is_object()) {
        return std::nullopt;
    }
    RotationState out;
    out.rounds = rounds->get<std::int64_t>();
    if (out.rounds < 0) {
        return std::nullopt;
    }
    for (const auto& [key, round] : last->items()) {
        if (!round.is_number_integer() || round.get<std::int64_t>() < 0 || round.get<std::int64_t>() > out.rounds) {
            return std::nullopt;
        }
        out.last[key] = round.get<std::int64_t>();
    }
    return out;
}

std::string rotation_state_text(const RotationState& state) {
    nlohmann::json last = nlohmann::json::object();
    for (const auto& [key, round] : state.last) {
        last[key] = round;
    }
    const nlohmann::json doc{{"version", kRotationStateVersion}, {"rounds", state.rounds}, {"last", last}};
    return doc.dump(1) + "\n";
}

RotationState read_rotation_state(const std::filesystem::path& file, std::string& note) {
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) {
        return {};
    }
    std::ifstream in(file, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    if (!in.good() && !in.eof()) {
        note = fmt::format("{} cannot be read: started without rotation history", file.string());
        return {};
    }
    auto parsed = parse_rotation_state(ss.str());
    if (!parsed) {
        note = fmt::format("{} is not a rotation state of version {}: started without rotation history", file.string(),
                           kRotationStateVersion);
        return {};
    }
    return std::move(*parsed);
}

Status write_rotation_state(const std::filesystem::path& file, const RotationState& state) {
    std::error_code ec;
    std::filesystem::create_directories(file.parent_path(), ec);
    auto temp = file;
    temp += ".tmp";
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        out << rotation_state_text(state);
        out.flush();
        if (!out.good()) {
            std::filesystem::remove(temp, ec);
            return make_error(ErrorKind::io, fmt::format("cannot write {}", temp.string()));
        }
    }
    std::filesystem::rename(temp, file, ec);
    if (ec) {
        std::filesystem::remove(temp, ec);
        return make_error(ErrorKind::io, fmt::format("cannot replace {}: {}", file.string(), ec.message()));
    }
    return Ok{};
}

}  // namespace gc
