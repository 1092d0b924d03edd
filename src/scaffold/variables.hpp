#pragma once
// The template variables every part gets (docs: templates/README.md).
#include <string>

#include "scaffold/render.hpp"

namespace gc::scaffold {

// `name`, `crate`, `gatecheck_version`, and `gate_<id>` (dashes as underscores) for every
// gate of this gatecheck's catalogue, so a template renders a gate's table only when the
// running gatecheck knows that gate (its configuration would otherwise be rejected).
Variables base_variables(const std::string& package_name);

}  // namespace gc::scaffold
