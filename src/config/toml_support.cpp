#include "config/toml_support.hpp"

#include <fmt/format.h>

namespace gc::toml_support {

std::string where(const std::string& source, const toml::source_region& region) {
    return fmt::format("{}:{}:{}", source, region.begin.line, region.begin.column);
}

Error config_error(const std::string& source, const toml::source_region& region, const std::string& what) {
    return make_error(ErrorKind::config, fmt::format("{}: {}", where(source, region), what));
}

std::string type_name(const toml::node& node) {
    switch (node.type()) {
        case toml::node_type::string:
            return "a string";
        case toml::node_type::integer:
            return "an integer";
        case toml::node_type::floating_point:
            return "a float";
        case toml::node_type::boolean:
            return "a boolean";
        case toml::node_type::table:
            return "a table";
        case toml::node_type::array:
            return "an array";
        default:
            return "a date/time";
    }
}

}  // namespace gc::toml_support
