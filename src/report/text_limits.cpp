#include "report/text_limits.hpp"

#include <fmt/format.h>

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

std::string shorten(std::string_view text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) {
        return std::string(text);
    }
    const std::size_t cut = boundary_before(text, max_bytes);
    return fmt::format("{}… ({} bytes more)", text.substr(0, cut), text.size() - cut);
}

std::size_t utf8_sequence(std::string_view text, std::size_t i, std::uint32_t& cp) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char b = byte(i);
    const std::size_t len = b < 0x80 ? 1 : (b >> 5U) == 0x6 ? 2 : (b >> 4U) == 0xE ? 3 : (b >> 3U) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > text.size()) {
        return 0;
    }
    cp = len == 1 ? b : len == 2 ? (b & 0x1FU) : len == 3 ? (b & 0x0FU) : (b & 0x07U);
    for (std::size_t k = 1; k < len; ++k) {
        if (!continuation(text[i + k])) {
            return 0;
        }
        cp = (cp << 6U) | (byte(i + k) & 0x3FU);
    }
    constexpr std::uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return 0;
    }
    return len;
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
