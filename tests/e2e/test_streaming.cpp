// The engine's resource guarantees, end to end: a tool printing far too much is an error
// while gatecheck's own memory stays flat, and every command's peak memory and CPU time
// are reported from the kernel's accounting.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <cstdlib>
#include <fstream>

#include "support.hpp"

using namespace e2e;

namespace {

// A directory holding a `cargo` that prints 1 GB of JSON-looking lines for `cargo clippy`
// and is the real cargo for everything else.
fs::path flooding_cargo() {
    const auto dir = fs::path(GATECHECK_WORK_DIR) / "flooding-cargo";
    fs::create_directories(dir);
    const auto script = dir / "cargo";
    std::ofstream(script) << "#!/bin/sh\n"
                             "if [ \"$1\" = clippy ]; then\n"
                             "  yes '{\"reason\":\"compiler-message\",\"package_id\":\"elsewhere\",\"message\":{}}' |"
                             " head -c 1073741824\n"
                             "  exit 0\n"
                             "fi\n"
                             "exec \"$REAL_CARGO\" \"$@\"\n";
    ::chmod(script.c_str(), 0755);
    return dir;
}

std::string real_cargo() {
    const char* path = std::getenv("PATH");
    std::string dirs = path != nullptr ? path : "";
    std::size_t start = 0;
    while (start <= dirs.size()) {
        const auto end = dirs.find(':', start);
        const auto candidate = fs::path(dirs.substr(start, end - start)) / "cargo";
        if (::access(candidate.c_str(), X_OK) == 0) {
            return candidate.string();
        }
        if (end == std::string::npos) {
            break;
        }
        start = end + 1;
    }
    return "cargo";
}

}  // namespace

TEST_CASE("a tool printing 1 GB is an error, and gatecheck's own memory stays flat") {
    const auto crate = fixture("clean", "flood");
    const auto dir = flooding_cargo();
    const char* path = std::getenv("PATH");
    const auto r =
        gatecheck(crate, {"--gate", "clippy"},
                  {{"PATH", dir.string() + ":" + (path != nullptr ? path : "")}, {"REAL_CARGO", real_cargo()}});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 3);
    REQUIRE(r.report.is_object());
    CHECK(status(r.report, "clippy") == "error");
    CHECK(gate(r.report, "clippy").at("summary").get<std::string>().find("256 MiB") != std::string::npos);
    // Measured by the kernel: gatecheck's own peak (getrusage in the report), and the peak of
    // gatecheck with every command it reaped (wait4 here), both far below what was printed.
    const auto own = r.report.at("tool").at("max_rss_bytes").get<long long>();
    CHECK(own > 0);
    if (!gatecheck_sanitized()) {
        CHECK(own < 64LL * 1024 * 1024);
        CHECK(r.max_rss_bytes < 64LL * 1024 * 1024);
    }
}

TEST_CASE("every probe's peak memory and CPU time are in the JSON report") {
    const auto crate = fixture("clean", "resources");
    const auto r = gatecheck(crate);
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    for (const auto& p : r.report.at("probes")) {
        INFO(p.dump());
        CHECK(p.at("started") == true);
        CHECK(p.at("max_rss_bytes").get<long long>() > 0);
        CHECK(p.at("user_ms").get<long long>() >= 0);
        CHECK(p.at("sys_ms").get<long long>() >= 0);
    }
    // cargo and the compilers it waited for: a real build shows real memory and CPU time.
    for (const auto& p : r.report.at("probes")) {
        if (p.at("id") == "clippy") {
            CHECK(p.at("max_rss_bytes").get<long long>() > 10LL * 1024 * 1024);
        }
    }
}
