#include "faults.hpp"

#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <thread>

#include <catch2/catch.hpp>

namespace e2e::faults {
namespace {

std::string inherited_path() {
    const char* path = std::getenv("PATH");
    return path != nullptr ? path : "";
}

// The directory of the first `program` on PATH: where the wrapper finds the real one.
fs::path real_dir(const std::string& program) {
    const auto dirs = inherited_path();
    std::size_t start = 0;
    while (start <= dirs.size()) {
        const auto end = dirs.find(':', start);
        const fs::path dir = dirs.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (!dir.empty() && ::access((dir / program).c_str(), X_OK) == 0) {
            return dir;
        }
        if (end == std::string::npos) {
            break;
        }
        start = end + 1;
    }
    FAIL("no " << program << " on PATH");
    return {};
}

std::string slug(const std::string& text) {
    std::string out;
    for (const char c : text) {
        out += std::isalnum(static_cast<unsigned char>(c)) != 0 ? c : '-';
    }
    return out;
}

bool is_llvm(const Family& family) {
    return family.tool.rfind("llvm-", 0) == 0;
}

// PATH, and for LLVM the crate's gatecheck.toml, for the case. A missing tool is taken off
// PATH (cargo: all of the toolchain; valgrind, perf: /usr/bin without it) or out of llvm_bin.
std::map<std::string, std::string> case_env(const Crate& crate, const Family& family, const std::string& fault,
                                            const fs::path& dir) {
    const auto wrap = dir / "wrap";
    fs::create_directories(wrap);
    const auto script = source_dir() / "tests" / "faults" / "fault-tool";
    std::map<std::string, std::string> env{{"FAULT_KIND", fault},
                                           {"FAULT_MATCH", family.match},
                                           {"FAULT_UNLESS", family.unless},
                                           {"FAULT_DIR", dir.string()},
                                           {"FAULT_TESTBIN", family.testbin ? "1" : "UNSET"}};
    if (is_llvm(family)) {
        const fs::path llvm = "/usr/lib/llvm-19/bin";
        env["FAULT_REAL_DIR"] = llvm.string();
        for (const auto* tool : {"llvm-cov", "llvm-profdata"}) {
            fs::create_symlink(script, wrap / tool);
        }
        const auto bin = fault == "missing" ? dir / "no-llvm" : wrap;
        fs::create_directories(bin);
        write(crate.dir / "gatecheck.toml", "[gates.coverage]\nllvm_bin = \"" + bin.string() + "\"\n");
        return env;
    }
    fs::create_symlink(script, wrap / family.tool);
    env["FAULT_REAL_DIR"] = real_dir(family.tool).string();
    env["PATH"] = wrap.string() + ":" + inherited_path();
    if (fault == "missing" && family.tool != "cargo") {
        const auto rust = partial_toolchain("faults-rust", {"cargo", "rustc", "rustdoc"});
        env["PATH"] = rust.string() + ":" + usr_bin_without("faults-no-" + family.tool, {family.tool}).string();
        env["RUSTUP_TOOLCHAIN"] = "UNSET";
    } else if (fault == "missing" && family.name == "cargo metadata") {
        env["PATH"] = partial_toolchain("faults-none", {}).string();
    }
    return env;
}

// Every process the case started carries its mark in its environment; after gatecheck
// returned, none may be left (a killed process needs a moment to be gone).
std::vector<int> survivors(const std::string& mark) {
    auto alive = processes_with_env(mark);
    for (int i = 0; i < 30 && !alive.empty(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        alive = processes_with_env(mark);
    }
    return alive;
}

}  // namespace

const std::vector<std::string>& all_faults() {
    static const std::vector<std::string> faults{"missing",   "fail-silent", "ok-silent", "signal",
                                                 "truncated", "garbage",     "bad-line",  "no-artifact",
                                                 "non-utf8",  "huge-line",   "flood",     "hang"};
    return faults;
}

json run_case(const Crate& crate, const Family& family, const std::string& fault, const Expected& expected) {
    const auto dir = fs::path(GATECHECK_WORK_DIR) / "faults" / slug(family.name) / fault;
    fs::remove_all(dir);
    fs::create_directories(dir);
    auto env = case_env(crate, family, fault, dir);
    const auto mark = slug(family.name) + "-" + fault + "-" + std::to_string(::getpid());
    env["FAULT_MARK"] = mark;
    std::vector<std::string> args;
    for (const auto& g : family.gates) {
        args.insert(args.end(), {"--gate", g});
    }
    if (fault == "hang") {
        args.insert(args.end(), {"--timeout", std::to_string(family.hang_timeout)});
    }
    const auto started = std::chrono::steady_clock::now();
    const auto r = gatecheck(crate, args, env);
    const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    INFO(family.name << " x " << fault << "\n" << r.out << r.err);
    REQUIRE(r.report.is_object());
    for (const auto& g : family.gates) {
        INFO(gate(r.report, g).dump());
        // The control (and a fault the family never reads) passes; a fault never does.
        CHECK((status(r.report, g) != "pass" || expected.status == "pass"));
        CHECK(status(r.report, g) == expected.status);
        CHECK(contains(gate(r.report, g).at("summary").get<std::string>(), expected.summary));
    }
    CHECK(r.exit_code == (expected.status == "pass" ? 0 : expected.status == "fail" ? 1 : 3));
    CHECK(survivors("FAULT_MARK=" + mark).empty());
    const auto own = r.report.at("tool").at("max_rss_bytes").get<long long>();
    CHECK(own > 0);
    if (!gatecheck_sanitized()) {
        CHECK(own < (family.collected ? 256LL : 64LL) * 1024 * 1024);
    }
    // One line per case: what docs/RELIABILITY.md counts.
    std::ofstream(fs::path(GATECHECK_WORK_DIR) / "faults" / "results.tsv", std::ios::app)
        << family.name << '\t' << fault << '\t' << status(r.report, family.gates.front()) << '\t' << r.exit_code << '\t'
        << seconds << '\t' << own << '\n';
    return r.report;
}

}  // namespace e2e::faults
