#include "report/ci_text.hpp"

#include <cstdint>

namespace gc {

std::string printable_utf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        std::uint32_t cp = 0;
        const std::size_t n = utf8_sequence(text, i, cp);
        if (n == 0) {
            out += "\xEF\xBF\xBD";  // U+FFFD
            ++i;
            continue;
        }
        const bool control = (cp < 0x20 || cp == 0x7F) && cp != '\t' && cp != '\n' && cp != '\r';
        if (!control) {
            out.append(text.substr(i, n));
        }
        i += n;
    }
    return out;
}

}  // namespace gc
