#pragma once

namespace gc {
inline constexpr const char* kGatecheckVersion = "0.1.0";
// Where a reader of a machine-read report (SARIF's tool.driver.informationUri) learns what
// gatecheck is. The project has no public home yet: change this where it is published.
inline constexpr const char* kGatecheckInformationUri = "https://github.com/gatecheck/gatecheck";
}  // namespace gc
