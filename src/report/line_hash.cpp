#include "report/line_hash.hpp"

#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <unordered_map>

#include <fmt/format.h>

namespace gc {
namespace {

constexpr std::size_t kBlock = 100;
constexpr std::uint64_t kBase = 37;
// Node reads the file as UTF-16 and feeds 65535 after its last character.
constexpr std::uint32_t kEof = 65535;

// UTF-8 to UTF-16 code units, as Node's "utf8" decoding does: each invalid byte becomes
// U+FFFD, characters past the BMP become surrogate pairs.
std::vector<std::uint16_t> utf16_units(std::string_view text) {
    std::vector<std::uint16_t> out;
    out.reserve(text.size());
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    for (std::size_t i = 0; i < text.size();) {
        const unsigned char b = byte(i);
        std::size_t len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
        std::uint32_t cp = len == 1 ? b : len == 2 ? (b & 0x1Fu) : len == 3 ? (b & 0x0Fu) : (b & 0x07u);
        bool ok = len != 0 && i + len <= text.size();
        for (std::size_t k = 1; ok && k < len; ++k) {
            ok = (byte(i + k) & 0xC0u) == 0x80u;
            cp = (cp << 6) | (byte(i + k) & 0x3Fu);
        }
        // Overlong forms, surrogates and values past U+10FFFF are invalid too.
        static constexpr std::array<std::uint32_t, 5> kMin{0, 0, 0x80, 0x800, 0x10000};
        ok = ok && cp >= kMin[len] && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF);
        if (!ok) {
            out.push_back(0xFFFD);
            ++i;
            continue;
        }
        if (cp >= 0x10000) {
            cp -= 0x10000;
            out.push_back(static_cast<std::uint16_t>(0xD800 + (cp >> 10)));
            out.push_back(static_cast<std::uint16_t>(0xDC00 + (cp & 0x3FF)));
        } else {
            out.push_back(static_cast<std::uint16_t>(cp));
        }
        i += len;
    }
    return out;
}

class RollingHash {
public:
    explicit RollingHash(std::vector<std::string>& out) : out_(out) {
        for (std::size_t i = 0; i < kBlock; ++i) {
            first_mod_ *= kBase;
        }
        line_at_.fill(-1);
    }

    void feed(std::uint32_t c) {
        if (c == ' ' || c == '\t' || (prev_cr_ && c == '\n')) {
            prev_cr_ = false;
            return;
        }
        prev_cr_ = c == '\r';
        if (prev_cr_) {
            c = '\n';
        }
        if (line_at_[index_] != -1) {
            emit();
        }
        if (line_start_) {
            line_start_ = false;
            line_at_[index_] = ++line_;
        }
        line_start_ = c == '\n';
        update(c);
    }

    void flush() {
        for (std::size_t i = 0; i < kBlock; ++i) {
            if (line_at_[index_] != -1) {
                emit();
            }
            update(0);
        }
    }

private:
    void update(std::uint32_t c) {
        const std::uint64_t begin = window_[index_];
        window_[index_] = c;
        hash_ = kBase * hash_ + c - first_mod_ * begin;  // wraps modulo 2^64, as Long does
        index_ = (index_ + 1) % kBlock;
    }

    void emit() {
        const std::string hex = fmt::format("{:x}", hash_);
        const int n = ++seen_[hex];
        out_.resize(static_cast<std::size_t>(line_at_[index_]));
        out_.back() = fmt::format("{}:{}", hex, n);
        line_at_[index_] = -1;
    }

    std::vector<std::string>& out_;
    std::array<std::uint32_t, kBlock> window_{};
    std::array<int, kBlock> line_at_{};
    std::uint64_t first_mod_ = 1;
    std::uint64_t hash_ = 0;
    std::size_t index_ = 0;
    int line_ = 0;
    bool line_start_ = true;
    bool prev_cr_ = false;
    std::unordered_map<std::string, int> seen_;
};

}  // namespace

std::vector<std::string> github_line_hashes(std::string_view content) {
    std::vector<std::string> out;
    RollingHash hash(out);
    for (const std::uint16_t unit : utf16_units(content)) {
        hash.feed(unit);
    }
    hash.feed(kEof);
    hash.flush();
    return out;
}

void assign_line_hashes(Report& report) {
    if (report.workspace_root.empty()) {
        return;
    }
    std::map<std::string, std::vector<std::string>> by_file;
    for (auto& gate : report.gates) {
        for (auto& f : gate.findings) {
            if (f.file.empty() || !f.line || *f.line < 1) {
                continue;
            }
            auto it = by_file.find(f.file);
            if (it == by_file.end()) {
                std::vector<std::string> hashes;
                const auto path = std::filesystem::path(report.workspace_root) / f.file;
                std::error_code ec;
                if (std::filesystem::is_regular_file(path, ec)) {
                    std::ifstream in(path, std::ios::binary);
                    std::ostringstream text;
                    text << in.rdbuf();
                    if (in) {
                        hashes = github_line_hashes(text.str());
                    }
                }
                it = by_file.emplace(f.file, std::move(hashes)).first;
            }
            const auto line = static_cast<std::size_t>(*f.line);
            if (line <= it->second.size()) {
                f.line_hash = it->second[line - 1];
            }
        }
    }
}

}  // namespace gc
