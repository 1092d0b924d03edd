#include "report/fingerprint.hpp"

#include <cctype>
#include <cstdint>
#include <map>

#include <fmt/format.h>

namespace gc {
namespace {

constexpr std::uint64_t kFnvOffset = 0xcbf29ce484222325ULL;
constexpr std::uint64_t kFnvPrime = 0x100000001b3ULL;

// FNV-1a: tiny, and its output is fixed by definition, so fingerprints stay comparable
// across gatecheck versions and platforms (std::hash promises neither).
void fnv1a(std::uint64_t& hash, std::string_view bytes) {
    for (const char c : bytes) {
        hash ^= static_cast<unsigned char>(c);
        hash *= kFnvPrime;
    }
}

bool is_space(char c) {
    return std::isspace(static_cast<unsigned char>(c)) != 0;
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// "expected 3 found 12 at line 40" -> "expected # found # at line #".
std::string without_numbers(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (!is_digit(text[i])) {
            out += text[i];
        } else if (i == 0 || !is_digit(text[i - 1])) {
            out += '#';
        }
    }
    return out;
}

}  // namespace

std::string normalise_snippet(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool pending_space = false;
    for (const char c : text) {
        if (is_space(c)) {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) {
            out += ' ';
            pending_space = false;
        }
        out += c;
    }
    return out;
}

std::string fingerprint(const Finding& finding) {
    const std::string snippet = normalise_snippet(finding.snippet);
    const std::string content = snippet.empty() ? normalise_snippet(without_numbers(finding.message)) : snippet;
    std::uint64_t hash = kFnvOffset;
    fnv1a(hash, finding.rule);
    fnv1a(hash, std::string_view("\0", 1));
    fnv1a(hash, finding.file);
    fnv1a(hash, std::string_view("\0", 1));
    fnv1a(hash, content);
    return fmt::format("{:016x}", hash);
}

void assign_fingerprints(Report& report) {
    for (auto& gate : report.gates) {
        std::map<std::string, int> seen;
        for (auto& f : gate.findings) {
            const std::string base = fingerprint(f);
            const int n = ++seen[base];
            f.fingerprint = n == 1 ? base : fmt::format("{}-{}", base, n);
        }
    }
}

}  // namespace gc
