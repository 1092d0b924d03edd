#include "evidence/miri.hpp"

namespace gc {

const MiriLocation* first_own_location(const MiriReport& report, std::string_view root) {
    for (const auto& loc : report.locations) {
        const std::string_view f = loc.file;
        if (f.empty() || f.find("/rustc/") != std::string_view::npos || f.find("/.rustup/") != std::string_view::npos ||
            f.find("/.cargo/registry/") != std::string_view::npos ||
            f.find("/usr/share/cargo/registry/") != std::string_view::npos) {
            continue;
        }
        if (!f.starts_with("/") || (!root.empty() && f.starts_with(root))) {
            return &loc;
        }
    }
    return nullptr;
}

}  // namespace gc
