#include "cargo/lockfile.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

namespace gc {
namespace {

Error lock_error(const std::string& file, const toml::source_region& at, const std::string& what) {
    return make_error(ErrorKind::input, fmt::format("{}:{}:{}: {}", file, at.begin.line, at.begin.column, what));
}

}  // namespace

bool is_crates_io(std::string_view source) {
    return source == "registry+https://github.com/rust-lang/crates.io-index" ||
           source == "sparse+https://index.crates.io/";
}

Result<std::vector<LockedPackage>> parse_cargo_lock(std::string_view text, const std::string& file) {
    toml::table doc;
    try {
        doc = toml::parse(text, std::string_view(file));
    } catch (const toml::parse_error& e) {
        return lock_error(file, e.source(), std::string(e.description()));
    }
    std::vector<LockedPackage> out;
    const auto* packages = doc["package"].as_array();
    if (packages == nullptr) {
        return out;  // a workspace without any package cargo could lock: nothing to check
    }
    for (const auto& node : *packages) {
        const auto* table = node.as_table();
        if (table == nullptr) {
            return lock_error(file, node.source(), "'package' entries must be tables");
        }
        const auto name = (*table)["name"].value<std::string>();
        const auto version = (*table)["version"].value<std::string>();
        if (!name || !version) {
            return lock_error(file, table->source(), "a [[package]] without a name or version");
        }
        out.push_back(LockedPackage{*name, *version, (*table)["source"].value_or(std::string{}),
                                    static_cast<int>(table->source().begin.line)});
    }
    return out;
}

}  // namespace gc
