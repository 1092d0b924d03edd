#include "probes/semver.hpp"
#include "core/text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

#include <fmt/format.h>

namespace gc::semver {
namespace {

Error bad(std::string_view text, std::string_view why) {
    return make_error(ErrorKind::input, fmt::format("invalid version '{}': {}", text, why));
}

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A numeric part: digits only, no leading zero (cargo rejects "01").
std::optional<std::uint64_t> number(std::string_view s) {
    if (!all_digits(s) || (s.size() > 1 && s.front() == '0')) {
        return std::nullopt;
    }
    std::uint64_t v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || end != s.data() + s.size()) {
        return std::nullopt;
    }
    return v;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    for (;;) {
        const auto at = s.find(sep);
        out.push_back(s.substr(0, at));
        if (at == std::string_view::npos) {
            return out;
        }
        s.remove_prefix(at + 1);
    }
}

std::optional<Prerelease> parse_pre(std::string_view s) {
    Prerelease pre;
    for (const auto id : split(s, '.')) {
        const bool ok = !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-';
        });
        if (!ok) {
            return std::nullopt;
        }
        pre.ids.emplace_back(id);
    }
    return pre;
}

int compare_ids(const std::string& a, const std::string& b) {
    const bool na = all_digits(a);
    const bool nb = all_digits(b);
    if (na && nb) {
        // Numeric identifiers compare as numbers: by length first (no leading zeros), then digits.
        if (a.size() != b.size()) {
            return a.size() < b.size() ? -1 : 1;
        }
        return a.compare(b) < 0 ? -1 : (a == b ? 0 : 1);
    }
    if (na != nb) {
        return na ? -1 : 1;  // numeric identifiers rank below alphanumeric ones
    }
    return a.compare(b) < 0 ? -1 : (a == b ? 0 : 1);
}

// The version part of a comparator after its operator: "1", "1.2", "1.2.3-pre", "1.*", "*".
struct Partial {
    std::optional<std::uint64_t> major, minor, patch;
    Prerelease pre;
    bool wildcard = false;
};

bool is_wild(std::string_view s) {
    return s == "*" || s == "x" || s == "X";
}

Result<Partial> parse_partial(std::string_view text) {
    Partial p;
    auto core = text;
    if (const auto plus = core.find('+'); plus != std::string_view::npos) {
        core = core.substr(0, plus);
    }
    if (const auto dash = core.find('-'); dash != std::string_view::npos) {
        auto pre = parse_pre(core.substr(dash + 1));
        if (!pre) {
            return bad(text, "malformed pre-release");
        }
        p.pre = std::move(*pre);
        core = core.substr(0, dash);
    }
    const auto parts = split(core, '.');
    if (parts.size() > 3) {
        return bad(text, "more than three numbers");
    }
    const std::array<std::optional<std::uint64_t>*, 3> fields{&p.major, &p.minor, &p.patch};
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (is_wild(parts[i])) {
            p.wildcard = true;
            continue;
        }
        if (p.wildcard) {
            return bad(text, "a number after a wildcard");
        }
        const auto n = number(parts[i]);
        if (!n) {
            return bad(text, fmt::format("'{}' is not a number", parts[i]));
        }
        *fields[i] = *n;
    }
    if (!p.pre.empty() && !p.patch) {
        return bad(text, "a pre-release needs major.minor.patch");
    }
    return p;
}

struct OpPrefix {
    std::string_view text;
    Comparator::Op op;
};

// Longest operators first, so ">=" is not read as ">".
constexpr std::array<OpPrefix, 7> kOps{{{">=", Comparator::Op::greater_eq},
                                        {"<=", Comparator::Op::less_eq},
                                        {">", Comparator::Op::greater},
                                        {"<", Comparator::Op::less},
                                        {"=", Comparator::Op::exact},
                                        {"~", Comparator::Op::tilde},
                                        {"^", Comparator::Op::caret}}};

// "*" alone is no comparator at all (it matches every release): nullopt.
Result<std::optional<Comparator>> parse_comparator(std::string_view text) {
    text = trim(text);
    Comparator c;
    bool explicit_op = false;
    for (const auto& o : kOps) {
        if (text.substr(0, o.text.size()) == o.text) {
            c.op = o.op;
            explicit_op = true;
            text = trim(text.substr(o.text.size()));
            break;
        }
    }
    if (text.empty()) {
        return bad(text, "empty comparator");
    }
    auto p = parse_partial(text);
    if (!p) {
        return p.error();
    }
    if (!p->major) {
        if (explicit_op) {
            return bad(text, "an operator needs a version");
        }
        return std::optional<Comparator>{};
    }
    if (p->wildcard && !explicit_op) {
        c.op = Comparator::Op::wildcard;
    }
    c.major = *p->major;
    c.minor = p->minor;
    c.patch = p->patch;
    c.pre = std::move(p->pre);
    return std::optional<Comparator>{std::move(c)};
}

bool matches_exact(const Comparator& c, const Version& v) {
    return v.major == c.major && (!c.minor || v.minor == *c.minor) && (!c.patch || v.patch == *c.patch) &&
           compare(v.pre, c.pre) == 0;
}

// Shared by > and <: `sign` is 1 for greater, -1 for less.
bool matches_order(const Comparator& c, const Version& v, int sign) {
    const auto cmp = [sign](std::uint64_t a, std::uint64_t b) { return sign > 0 ? a > b : a < b; };
    if (v.major != c.major) {
        return cmp(v.major, c.major);
    }
    if (!c.minor) {
        return false;
    }
    if (v.minor != *c.minor) {
        return cmp(v.minor, *c.minor);
    }
    if (!c.patch) {
        return false;
    }
    if (v.patch != *c.patch) {
        return cmp(v.patch, *c.patch);
    }
    return compare(v.pre, c.pre) * sign > 0;
}

bool matches_tilde(const Comparator& c, const Version& v) {
    if (v.major != c.major || (c.minor && v.minor != *c.minor)) {
        return false;
    }
    if (c.patch && v.patch != *c.patch) {
        return v.patch > *c.patch;
    }
    return compare(v.pre, c.pre) >= 0;
}

bool matches_caret(const Comparator& c, const Version& v) {
    if (v.major != c.major) {
        return false;
    }
    if (!c.minor) {
        return true;
    }
    const auto minor = *c.minor;
    if (!c.patch) {
        return c.major > 0 ? v.minor >= minor : v.minor == minor;
    }
    const auto patch = *c.patch;
    if (c.major > 0) {
        if (v.minor != minor) {
            return v.minor > minor;
        }
        if (v.patch != patch) {
            return v.patch > patch;
        }
    } else if (minor > 0) {
        if (v.minor != minor) {
            return false;
        }
        if (v.patch != patch) {
            return v.patch > patch;
        }
    } else if (v.minor != minor || v.patch != patch) {
        return false;
    }
    return compare(v.pre, c.pre) >= 0;
}

bool matches_one(const Comparator& c, const Version& v) {
    switch (c.op) {
        case Comparator::Op::exact:
        case Comparator::Op::wildcard:
            return matches_exact(c, v);
        case Comparator::Op::greater:
            return matches_order(c, v, 1);
        case Comparator::Op::greater_eq:
            return matches_exact(c, v) || matches_order(c, v, 1);
        case Comparator::Op::less:
            return matches_order(c, v, -1);
        case Comparator::Op::less_eq:
            return matches_exact(c, v) || matches_order(c, v, -1);
        case Comparator::Op::tilde:
            return matches_tilde(c, v);
        case Comparator::Op::caret:
            return matches_caret(c, v);
    }
    return false;
}

bool pre_is_compatible(const Comparator& c, const Version& v) {
    return c.major == v.major && c.minor == v.minor && c.patch == v.patch && !c.pre.empty();
}

}  // namespace

int compare(const Prerelease& a, const Prerelease& b) {
    if (a.empty() || b.empty()) {
        return a.empty() == b.empty() ? 0 : (a.empty() ? 1 : -1);
    }
    const auto n = std::min(a.ids.size(), b.ids.size());
    for (std::size_t i = 0; i < n; ++i) {
        if (const int c = compare_ids(a.ids[i], b.ids[i]); c != 0) {
            return c;
        }
    }
    return a.ids.size() == b.ids.size() ? 0 : (a.ids.size() < b.ids.size() ? -1 : 1);
}

Result<Version> parse_version(std::string_view text) {
    const auto t = trim(text);
    auto p = parse_partial(t);
    if (!p) {
        return p.error();
    }
    if (p->wildcard || !p->patch) {
        return bad(text, "a version needs exactly major.minor.patch");
    }
    return Version{*p->major, *p->minor, *p->patch, std::move(p->pre)};
}

Result<VersionReq> parse_req(std::string_view text) {
    VersionReq req;
    if (trim(text).empty()) {
        return bad(text, "empty requirement");
    }
    for (const auto part : split(text, ',')) {
        auto c = parse_comparator(part);
        if (!c) {
            return make_error(ErrorKind::input,
                              fmt::format("invalid version requirement '{}': {}", text, c.error().message));
        }
        if (*c) {
            req.comparators.push_back(std::move(**c));
        }
    }
    return req;
}

bool matches(const VersionReq& req, const Version& version) {
    const auto all = std::all_of(req.comparators.begin(), req.comparators.end(),
                                 [&](const Comparator& c) { return matches_one(c, version); });
    if (!all) {
        return false;
    }
    if (version.pre.empty()) {
        return true;
    }
    return std::any_of(req.comparators.begin(), req.comparators.end(),
                       [&](const Comparator& c) { return pre_is_compatible(c, version); });
}

}  // namespace gc::semver
