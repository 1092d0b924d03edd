#include "probes/flavour.hpp"

#include <sstream>

namespace gc {

std::string Flavour::family(std::string_view base) const {
    return is_plain() ? std::string(base) : std::string(base) + "@" + name;
}

std::filesystem::path Flavour::target_dir(const Workspace& ws) const {
    return is_plain() ? ws.target_dir : ws.target_dir / "gatecheck" / name;
}

Flavour plain_flavour() {
    return Flavour{"plain", {}, {}, {}};
}

std::vector<std::string> user_rustflags(const Environment& env) {
    std::vector<std::string> flags;
    if (const auto encoded = env.find("CARGO_ENCODED_RUSTFLAGS"); encoded != env.end()) {
        std::string flag;
        std::istringstream in(encoded->second);
        while (std::getline(in, flag, '\x1f')) {
            flags.push_back(flag);
        }
        return flags;
    }
    if (const auto plain = env.find("RUSTFLAGS"); plain != env.end()) {
        std::istringstream in(plain->second);
        std::string flag;
        while (in >> flag) {
            flags.push_back(flag);
        }
    }
    return flags;
}

EnvChanges flavour_environment(const Flavour& flavour, const Environment& inherited) {
    EnvChanges changes;
    if (flavour.is_plain()) {
        return changes;
    }
    changes.set = flavour.env;
    if (!flavour.rustflags.empty()) {
        auto flags = user_rustflags(inherited);
        flags.insert(flags.end(), flavour.rustflags.begin(), flavour.rustflags.end());
        std::string encoded;
        for (const auto& f : flags) {
            encoded += (encoded.empty() ? "" : "\x1f") + f;
        }
        changes.set.emplace_back("CARGO_ENCODED_RUSTFLAGS", encoded);
        changes.unset.emplace_back("RUSTFLAGS");
    }
    return changes;
}

}  // namespace gc
