#include "report/xml_text.hpp"

#include <cstdint>

#include "report/text_limits.hpp"

namespace gc {
namespace {

bool xml_allowed(std::uint32_t cp) {
    return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp != 0xFFFE && cp != 0xFFFF);
}

std::string escape(std::string_view text, bool attribute) {
    std::string out;
    out.reserve(text.size());
    for (const char c : xml_clean(text)) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':  // also keeps "]]>" out of content
                out += "&gt;";
                break;
            case '"':
                out += attribute ? "&quot;" : "\"";
                break;
            case '\r':
                out += "&#13;";
                break;
            case '\n':
                out += attribute ? "&#10;" : "\n";
                break;
            case '\t':
                out += attribute ? "&#9;" : "\t";
                break;
            default:
                out += c;
        }
    }
    return out;
}

}  // namespace

std::string xml_clean(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        // ESC [ ... final byte: a terminal colour or cursor sequence, noise in a report.
        if (text[i] == '\x1b' && i + 1 < text.size() && text[i + 1] == '[') {
            std::size_t j = i + 2;
            while (j < text.size() && (static_cast<unsigned char>(text[j]) < 0x40 || text[j] == '\x7f')) {
                ++j;
            }
            i = j < text.size() ? j + 1 : j;
            continue;
        }
        std::uint32_t cp = 0;
        const std::size_t len = utf8_sequence(text, i, cp);
        if (len == 0) {
            out += "\xEF\xBF\xBD";
            ++i;
            continue;
        }
        if (xml_allowed(cp)) {
            out.append(text.substr(i, len));
        }
        i += len;
    }
    return out;
}

std::string xml_text(std::string_view text) {
    return escape(text, false);
}

std::string xml_attribute(std::string_view text) {
    return escape(text, true);
}

}  // namespace gc
