#include "probes/flavour.hpp"

#include "evidence/keys.hpp"

#include <sstream>

namespace gc {

std::filesystem::path Flavour::target_dir(const Workspace& ws) const {
    return is_plain() ? ws.target_dir : ws.target_dir / "gatecheck" / name;
}

Flavour plain_flavour() {
    return Flavour{keys::plain_tests, {}, {}, {}};
}

Flavour asan_flavour() {
    Flavour f{keys::asan_tests,
              // Frame pointers give ASan's fast unwinder (allocation and free stacks, leaks)
              // every frame: without them a leak's stack skips the function that allocated.
              // Line tables are all symbolisation needs, also when the profile has `debug = 0`.
              {"-Zsanitizer=address", "-Cforce-frame-pointers=yes", "-Cdebuginfo=line-tables-only"},
              {},
              {{"RUSTC_BOOTSTRAP", "1"},
               // One test at a time: the test running when ASan aborts is the one it names.
               {"RUST_TEST_THREADS", "1"},
               {"ASAN_OPTIONS", "detect_leaks=1:symbolize=1:color=never:halt_on_error=1"}},
              true,
              R"(sanitize="address")"};
    return f;
}

Flavour coverage_flavour() {
    Flavour f{keys::coverage_tests, {"-Cinstrument-coverage"}, {}, {}, true, "", "profiles"};
    return f;
}

Flavour tsan_flavour() {
    Flavour f{keys::tsan_tests,
              // rustc refuses to link an instrumented crate against the uninstrumented std
              // unless told that the ABI mismatch is accepted; frame pointers and line tables
              // as for asan, so each access's stack names the crate's own file and line.
              {"-Zsanitizer=thread", "-Cunsafe-allow-abi-mismatch=sanitizer", "-Cforce-frame-pointers=yes",
               "-Cdebuginfo=line-tables-only"},
              {},
              {{"RUSTC_BOOTSTRAP", "1"},
               // One test at a time: a race's stacks then belong to the one test running.
               {"RUST_TEST_THREADS", "1"},
               {"TSAN_OPTIONS", "halt_on_error=0:second_deadlock_stack=1:color=never"}},
              true,
              R"(sanitize="thread")"};
    return f;
}

std::vector<std::string> user_rustflags(const Environment& env) {
    return user_flags(env, "RUSTFLAGS");
}

std::vector<std::string> user_flags(const Environment& env, const std::string& var) {
    std::vector<std::string> flags;
    if (const auto encoded = env.find("CARGO_ENCODED_" + var); encoded != env.end()) {
        std::string flag;
        std::istringstream in(encoded->second);
        while (std::getline(in, flag, '\x1f')) {
            flags.push_back(flag);
        }
        return flags;
    }
    if (const auto plain = env.find(var); plain != env.end()) {
        std::istringstream in(plain->second);
        std::string flag;
        while (in >> flag) {
            flags.push_back(flag);
        }
    }
    return flags;
}

EnvChanges flavour_environment(const Flavour& flavour, const Environment& inherited) {
    EnvChanges changes;
    if (flavour.is_plain()) {
        return changes;
    }
    changes.set = flavour.env;
    if (!flavour.rustflags.empty()) {
        auto flags = user_rustflags(inherited);
        flags.insert(flags.end(), flavour.rustflags.begin(), flavour.rustflags.end());
        std::string encoded;
        for (const auto& f : flags) {
            encoded += (encoded.empty() ? "" : "\x1f") + f;
        }
        changes.set.emplace_back("CARGO_ENCODED_RUSTFLAGS", encoded);
        changes.unset.emplace_back("RUSTFLAGS");
    }
    return changes;
}

}  // namespace gc
