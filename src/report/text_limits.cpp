#include "report/text_limits.hpp"

namespace gc {
namespace {

constexpr std::string_view kEllipsis = "\xE2\x80\xA6";

bool continuation(char c) {
    return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U;
}

std::size_t boundary_before(std::string_view text, std::size_t pos) {
    while (pos > 0 && pos < text.size() && continuation(text[pos])) {
        --pos;
    }
    return pos;
}

}  // namespace

std::string truncate_utf8(std::string_view text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) {
        return std::string(text);
    }
    const std::size_t keep = max_bytes > kEllipsis.size() ? max_bytes - kEllipsis.size() : 0;
    return std::string(text.substr(0, boundary_before(text, keep))) + std::string(kEllipsis);
}

std::string truncate_utf16(std::string_view text, std::size_t max_units) {
    if (max_units == 0) {
        return "";
    }
    std::size_t units = 0;
    std::size_t cut = std::string_view::npos;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (continuation(text[i])) {
            continue;
        }
        // A 4-byte sequence is a surrogate pair: two units.
        const std::size_t width = (static_cast<unsigned char>(text[i]) >= 0xF0U) ? 2 : 1;
        if (units + width > max_units - 1 && cut == std::string_view::npos) {
            cut = i;  // where the text must end to leave room for the ellipsis
        }
        units += width;
        if (units > max_units) {
            return std::string(text.substr(0, cut)) + std::string(kEllipsis);
        }
    }
    return std::string(text);
}

}  // namespace gc
