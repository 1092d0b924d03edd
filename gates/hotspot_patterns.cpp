#include "gates/hotspot_patterns.hpp"

#include <fmt/format.h>

namespace gc::gates {
namespace {

const std::regex& harness_pattern() {
    static const std::regex re(
        R"(^<?criterion(_plot)?::|^<?test::|^<?bencher::|^std::rt::|^main$|^_start$|^__libc_start|^std::sys::backtrace::__rust_begin_short_backtrace)");
    return re;
}

}  // namespace

const std::vector<std::pair<std::string, std::string>>& HotspotPatterns::defaults() {
    static const std::vector<std::pair<std::string, std::string>> all{
        {"allocator",
         R"(^(malloc|calloc|realloc|free|cfree|_int_malloc|_int_free|_int_realloc|malloc_consolidate|unlink_chunk|)"
         R"(__libc_malloc|__libc_free|__libc_calloc|__libc_realloc|tcache_\w+)$|__rust_(alloc|dealloc|realloc|)"
         R"(alloc_zeroed)|__rdl_|alloc::alloc::|alloc::raw_vec::|RawVec|finish_grow|jemalloc|mimalloc)"},
        {"memcpy/memmove", R"(mem(cpy|move|set|cmp)|__memcpy|__memmove|__memset|__memcmp)"},
        {"hashing", R"(core::hash::|std::hash::|Hasher|hashbrown::|[Ss]ip[Hh]ash|ahash::|[Ff]x[Hh]ash)"},
        {"formatting", R"(core::fmt::|alloc::fmt::|std::fmt::|::_fmt$|::fmt$|Formatter|fmt::write)"},
        {"locking", R"(pthread_mutex|pthread_rwlock|pthread_cond|futex|parking_lot|std::sync::|std::sys::sync::|)"
                    R"(lock_contended|Mutex|RwLock)"},
        {"panicking", R"(core::panicking::|std::panicking::|rust_panic|_Unwind_|__rust_start_panic|begin_panic)"},
    };
    return all;
}

Result<HotspotPatterns> HotspotPatterns::make(const std::vector<std::string>& expected) {
    HotspotPatterns out;
    for (const auto& [kind, pattern] : defaults()) {
        out.expected_.emplace_back(pattern);
    }
    for (const auto& pattern : expected) {
        try {
            out.expected_.emplace_back(pattern);
        } catch (const std::regex_error& e) {
            return make_error(
                ErrorKind::config,
                fmt::format("[gates.profile] expected: \"{}\" is not a regular expression ({})", pattern, e.what()));
        }
    }
    return out;
}

HotspotRole HotspotPatterns::role(const std::string& function, bool measured_loop, bool subject) const {
    if (function == "[unknown]") {
        return HotspotRole::unknown;
    }
    for (const auto& re : expected_) {
        if (std::regex_search(function, re)) {
            return HotspotRole::expected;
        }
    }
    if (measured_loop) {
        return HotspotRole::measured_loop;
    }
    if (subject) {
        return HotspotRole::subject;
    }
    if (std::regex_search(function, harness_pattern())) {
        return HotspotRole::harness;
    }
    return HotspotRole::judged;
}

}  // namespace gc::gates
