#pragma once

namespace gc {
inline constexpr const char* kGatecheckVersion = "0.1.0";
}  // namespace gc
