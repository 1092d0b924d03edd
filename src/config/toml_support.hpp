#pragma once
// What every part of the configuration reader says about a TOML value it rejects: where it
// is (file:line:col) and what type it has, in one wording.
#include <string>

#include <toml++/toml.h>

#include "core/result.hpp"

namespace gc::toml_support {

std::string where(const std::string& source, const toml::source_region& region);
// A configuration error: "gatecheck.toml:2:16: <what>".
Error config_error(const std::string& source, const toml::source_region& region, const std::string& what);
std::string type_name(const toml::node& node);  // "a string", "an integer", ...

}  // namespace gc::toml_support
