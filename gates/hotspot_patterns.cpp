#include "gates/hotspot_patterns.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace gc::gates {
namespace {

const std::regex& harness_pattern() {
    static const std::regex re(
        R"(^<?criterion(_plot)?::|^<?test::|^<?bencher::|^std::rt::|^main$|^_start$|^__libc_start|^std::sys::backtrace::__rust_begin_short_backtrace)");
    return re;
}

Result<std::regex> compile(const std::string& setting, const std::string& pattern,
                           std::regex::flag_type flags = std::regex::ECMAScript) {
    try {
        return std::regex(pattern, flags);
    } catch (const std::regex_error& e) {
        return make_error(ErrorKind::config, fmt::format("[gates.profile] {}: \"{}\" is not a regular expression ({})",
                                                         setting, pattern, e.what()));
    }
}

bool starts_with_path(const std::string& function, const std::string& prefix) {
    return function.starts_with(prefix) ||
           (function.starts_with("<") && function.compare(1, prefix.size(), prefix) == 0);
}

}  // namespace

const std::vector<HotspotKind>& HotspotPatterns::defaults() {
    static const std::vector<HotspotKind> all{
        {"allocator",
         R"(^(malloc|calloc|realloc|free|cfree|_int_malloc|_int_free|_int_realloc|malloc_consolidate|unlink_chunk|)"
         R"(__libc_malloc|__libc_free|__libc_calloc|__libc_realloc|tcache_\w+|sysmalloc|brk|sbrk)(\.\w+\.\d+)?$|)"
         R"(__rust_(alloc|)"
         R"(dealloc|realloc|alloc_zeroed)|__rdl_|^alloc::alloc::|^alloc::raw_vec::|RawVec|finish_grow|jemalloc|mimalloc)",
         R"(alloc|vec|box|string|collect|clone)"},
        // Comparisons (memcmp, bcmp) are not here: they are a search's or an equality's own work.
        {"memory copy", R"(^_?_?mem(cpy|move|set)|^__memcpy|^__memmove|^__memset)",
         R"(copy|clone|move|memcpy|memmove|fill|extend|slice)"},
        {"hashing",
         R"(^<?core::hash::|^<?std::hash::|[Ss]ip[Hh]ash(er)?\d*|^<?ahash::|^<?fxhash::|^<?rustc_hash::|)"
         R"(^<?hashbrown::.*(hash|make_hash|find|insert))",
         R"(hash|map|set|lookup|insert|dedup)"},
        {"formatting",
         R"(core::fmt::|^<?alloc::fmt::|^<?std::fmt::|^<?core::num::flt2dec::|^<?core::num::bignum::|::_fmt$|)"
         R"(Formatter|pad_integral)",
         R"(fmt|format|display|debug|print|write|to_string|log|serial)"},
        {"locking",
         R"(pthread_mutex|pthread_rwlock|pthread_cond|futex|^<?parking_lot(_core)?::|^<?std::sync::|)"
         R"(^<?std::sys::sync::|lock_contended|__lll_lock)",
         R"(lock|mutex|rwlock|contend|sync|concurren|thread|atomic)"},
        {"system calls",
         R"(^(__)?(libc_)?(read|write|open|openat|close|syscall|clock_gettime|nanosleep|sched_yield|)"
         R"(epoll_wait|poll|fstat|statx|mmap|munmap|madvise|mprotect|getrandom)(64)?$|^__GI___|)"
         R"(^<?std::sys::pal::unix::(fs|net|thread|time)|^<?std::sys::fs::)",
         R"(io|read|write|file|fs|net|socket|time|sleep|spawn|thread)"},
        {"panicking",
         R"(^<?core::panicking::|^<?std::panicking::|rust_panic|_Unwind_|__rust_start_panic|begin_panic|)"
         R"(^<?std::backtrace|^<?gimli::|^<?addr2line::)",
         R"(panic|unwind|catch|backtrace|error)"},
        {"dynamic linker", R"(^_dl_|^dl_|do_lookup_x|^_dl_relocate|check_match|^__tls_get_addr)", R"(dlopen|load)"},
    };
    return all;
}

Result<HotspotPatterns> HotspotPatterns::make(const HotspotSettings& settings) {
    HotspotPatterns out;
    for (const auto& pattern : settings.expected) {
        auto re = compile("expected", pattern);
        if (!re) {
            return re.error();
        }
        out.expected_.push_back(std::move(*re));
    }
    for (const auto& name : settings.kinds) {
        const auto& all = defaults();
        const auto it = std::find_if(all.begin(), all.end(), [&](const HotspotKind& k) { return k.name == name; });
        if (it == all.end()) {
            std::vector<std::string> names;
            std::transform(all.begin(), all.end(), std::back_inserter(names), [](const auto& k) { return k.name; });
            return make_error(ErrorKind::config, fmt::format("[gates.profile] kinds: \"{}\" is not one of \"{}\"", name,
                                                             fmt::join(names, "\", \"")));
        }
        out.suspects_.push_back(
            {it->name, std::regex(it->pattern), std::regex(it->benchmark, std::regex::ECMAScript | std::regex::icase)});
    }
    for (const auto& pattern : settings.unexpected) {
        auto re = compile("unexpected", pattern);
        if (!re) {
            return re.error();
        }
        out.suspects_.push_back({"unexpected", std::move(*re), std::nullopt});
    }
    for (auto name : settings.own_crates) {
        std::replace(name.begin(), name.end(), '-', '_');
        out.own_prefixes_.push_back(name + "::");
    }
    return out;
}

std::string HotspotPatterns::kind(const std::string& function) const {
    for (const auto& s : suspects_) {
        if (std::regex_search(function, s.function)) {
            return s.name;
        }
    }
    return "";
}

HotspotRole HotspotPatterns::role(const std::string& function, const std::string& benchmark, bool measured_loop,
                                  bool subject) const {
    if (function == "[unknown]") {
        return HotspotRole::unknown;
    }
    if (std::any_of(expected_.begin(), expected_.end(),
                    [&](const auto& re) { return std::regex_search(function, re); })) {
        return HotspotRole::expected;
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
    if (std::any_of(own_prefixes_.begin(), own_prefixes_.end(),
                    [&](const auto& p) { return starts_with_path(function, p); })) {
        return HotspotRole::own;
    }
    for (const auto& s : suspects_) {
        if (std::regex_search(function, s.function)) {
            const bool named_for_it = s.benchmark && std::regex_search(benchmark, *s.benchmark);
            return named_for_it ? HotspotRole::expected : HotspotRole::suspect;
        }
    }
    return HotspotRole::work;
}

}  // namespace gc::gates
