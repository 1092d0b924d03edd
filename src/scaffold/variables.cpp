#include "scaffold/variables.hpp"

#include <algorithm>

#include "core/version.hpp"
#include "gates/gate.hpp"
#include "scaffold/names.hpp"

namespace gc::scaffold {

Variables base_variables(const std::string& package_name) {
    Variables vars;
    vars["name"] = package_name;
    vars["crate"] = crate_ident(package_name);
    vars["gatecheck_version"] = std::string(kGatecheckVersion);
    for (const auto* gate : gate_catalogue()) {
        auto id = gate->info().id;
        std::replace(id.begin(), id.end(), '-', '_');
        vars["gate_" + id] = true;
    }
    return vars;
}

}  // namespace gc::scaffold
