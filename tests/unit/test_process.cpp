// The real process runner on small commands: exit codes, signals, both pipes, timeouts that
// kill the whole process group (grandchildren holding the pipes included), spawn failures,
// the environment, streaming stdout with bounded memory, and the kernel's resource counts.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "process/process.hpp"

using gc::process::Command;
using gc::process::Outcome;

namespace {

gc::process::Completed sh(const std::string& script, std::chrono::milliseconds timeout = std::chrono::milliseconds(0),
                          gc::process::LineSink* sink = nullptr) {
    const auto runner = gc::process::make_system_runner();
    Command c;
    c.argv = {"sh", "-c", script};
    c.timeout = timeout;
    return runner->run(c, sink);
}

gc::process::Completed streamed(const std::string& script, gc::process::LineSink& sink) {
    return sh(script, std::chrono::milliseconds(0), &sink);
}

class Lines final : public gc::process::LineSink {
public:
    void line(std::string_view text) override { lines.emplace_back(text); }
    std::vector<std::string> lines;
};

// This process's resident memory now, from /proc (VmRSS, in KiB there).
long long rss_bytes() {
    std::ifstream status("/proc/self/status");
    std::string key;
    while (status >> key) {
        if (key == "VmRSS:") {
            long long kib = 0;
            status >> kib;
            return kib * 1024;
        }
        status.ignore(1 << 16, '\n');
    }
    return -1;
}

// Not even a zombie: killed and reaped.
bool gone(int pid) {
    return !std::filesystem::exists("/proc/" + std::to_string(pid));
}

}  // namespace

TEST_CASE("exit codes, stdout and stderr are captured separately") {
    const auto r = sh("echo out; echo err >&2; exit 7");
    CHECK(r.outcome == Outcome::exited);
    CHECK(r.exit_code == 7);
    CHECK(r.out == "out\n");
    CHECK(r.err == "err\n");
    CHECK_FALSE(r.succeeded());
    CHECK(sh("true").succeeded());
}

TEST_CASE("a signal is told apart from an exit code with the same number") {
    const auto killed = sh("kill -9 $$");
    CHECK(killed.outcome == Outcome::signaled);
    CHECK(killed.signal == 9);
    const auto nine = sh("exit 9");
    CHECK(nine.outcome == Outcome::exited);
    CHECK(nine.exit_code == 9);
    CHECK(killed.describe(Command{{"sh"}, {}, {}, {}, {}}).find("SIGKILL") != std::string::npos);
}

TEST_CASE("large output on both pipes does not deadlock") {
    const auto r = sh("head -c 5000000 /dev/zero; head -c 3000000 /dev/zero >&2");
    CHECK(r.outcome == Outcome::exited);
    CHECK(r.out.size() == 5000000);
    CHECK(r.err.size() == gc::process::kMaxStderr);  // only stderr's tail is kept
}

TEST_CASE("a timeout kills the whole process group, grandchildren holding the pipes included") {
    const auto start = std::chrono::steady_clock::now();
    const auto r = sh("sleep 30 & sleep 30 & echo $! ; sleep 30", std::chrono::milliseconds(500));
    const auto elapsed = std::chrono::steady_clock::now() - start;
    CHECK(r.outcome == Outcome::timed_out);
    CHECK(elapsed < std::chrono::seconds(5));
    // Reaped before run() returns: a killed process closes its files (our EOF) a moment
    // before it dies, and nothing may outlive the command that started it.
    CHECK(gone(std::stoi(r.out)));
}

TEST_CASE("a child that exits while its grandchild keeps the pipe open does not hang the reader") {
    const auto start = std::chrono::steady_clock::now();
    const auto r = sh("(sleep 30 & echo $!) ; echo done");
    CHECK(r.outcome == Outcome::exited);
    REQUIRE(r.out.size() > 5);
    CHECK(r.out.substr(r.out.size() - 5) == "done\n");
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
    // The orphaned grandchild was killed with its group and reaped, not left to init.
    CHECK(gone(std::stoi(r.out)));
}

TEST_CASE("environment, working directory, and spawn failures") {
    const auto runner = gc::process::make_system_runner();
    Command c;
    c.argv = {"sh", "-c", "echo $GC_TEST_VAR; pwd"};
    c.env = {{"GC_TEST_VAR", "hello world"}};
    c.cwd = "/tmp";
    auto r = runner->run(c);
    CHECK(r.out == "hello world\n/tmp\n");

    c.argv = {"gatecheck-no-such-program-xyz"};
    r = runner->run(c);
    CHECK(r.outcome == Outcome::spawn_failed);
    CHECK(r.message == "gatecheck-no-such-program-xyz: command not found");

    c.argv = {"true"};
    c.cwd = "/no/such/dir";
    r = runner->run(c);
    CHECK(r.outcome == Outcome::spawn_failed);
    CHECK(r.message.find("/no/such/dir") != std::string::npos);

    CHECK(gc::process::find_executable("sh", "/nonexistent:/bin:/usr/bin").filename() == "sh");
    CHECK(gc::process::find_executable("sh", "/nonexistent").empty());
}

TEST_CASE("display quotes arguments like a shell would, for logs only") {
    Command c;
    c.argv = {"cargo", "test", "a b", "it's"};
    c.env = {{"RUSTC_BOOTSTRAP", "1"}};
    CHECK(c.display() == "RUSTC_BOOTSTRAP=1 cargo test 'a b' 'it'\\''s'");
}

TEST_CASE("unset_env removes an inherited variable before env is applied") {
    ::setenv("GC_TEST_INHERITED", "present", 1);
    ::setenv("GC_TEST_REPLACED", "old", 1);
    const auto runner = gc::process::make_system_runner();
    Command c;
    c.argv = {"sh", "-c", "echo ${GC_TEST_INHERITED-unset} ${GC_TEST_REPLACED-unset}"};
    CHECK(runner->run(c).out == "present old\n");
    c.unset_env = {"GC_TEST_INHERITED", "GC_TEST_REPLACED"};
    c.env = {{"GC_TEST_REPLACED", "new"}};
    CHECK(runner->run(c).out == "unset new\n");
    // PATH too: argv[0] is then looked up nowhere.
    c.unset_env = {"PATH"};
    c.env.clear();
    const auto r = runner->run(c);
    CHECK(r.outcome == Outcome::spawn_failed);
    CHECK(r.message == "sh: command not found");
    ::unsetenv("GC_TEST_INHERITED");
    ::unsetenv("GC_TEST_REPLACED");
}

TEST_CASE("display shows removed variables as env -u") {
    Command c;
    c.argv = {"cargo", "test"};
    c.unset_env = {"RUSTC_WRAPPER", "CARGO_BUILD_TARGET"};
    c.env = {{"RUSTC_BOOTSTRAP", "1"}};
    CHECK(c.display() == "env -u RUSTC_WRAPPER -u CARGO_BUILD_TARGET RUSTC_BOOTSTRAP=1 cargo test");
}

TEST_CASE("a sink gets stdout line by line, in order, with the last unterminated line") {
    Lines sink;
    const auto r = streamed(R"(printf 'a\n\nb\r\n'; head -c 100000 /dev/zero | tr '\0' x; printf '\nlast')", sink);
    CHECK(r.outcome == Outcome::exited);
    CHECK(r.out.empty());
    REQUIRE(sink.lines.size() == 5);
    CHECK(sink.lines[0] == "a");
    CHECK(sink.lines[1].empty());
    CHECK(sink.lines[2] == "b\r");                     // bytes as they came, but the '\n'
    CHECK(sink.lines[3] == std::string(100000, 'x'));  // spans several reads
    CHECK(sink.lines[4] == "last");
}

TEST_CASE("streaming 1 GB of short lines keeps gatecheck's memory flat and stops at kMaxStdout") {
    // Samples this process's RSS while the lines arrive: no accumulation means it stays put.
    class Counting final : public gc::process::LineSink {
    public:
        void line(std::string_view text) override {
            bytes += text.size() + 1;
            if (++lines % 1000000 == 0) {
                peak_rss = std::max(peak_rss, rss_bytes());
            }
        }
        long long lines = 0;
        std::size_t bytes = 0;
        long long peak_rss = 0;
    } sink;
    const long long before = rss_bytes();
    const auto r = streamed("yes 0123456789 | head -c 1073741824", sink);
    CHECK(r.outcome == Outcome::too_much_output);
    CHECK(r.describe(Command{{"yes"}, {}, {}, {}, {}}) == "yes printed more than 256 MiB on stdout and was killed");
    CHECK(sink.bytes <= gc::process::kMaxStdout);
    CHECK(sink.bytes > gc::process::kMaxStdout - (std::size_t{1} << 20U));
    CHECK(sink.lines > 20000000);
    INFO("RSS before " << before << ", peak while streaming " << sink.peak_rss);
    CHECK(sink.peak_rss - before < 32LL << 20);
}

TEST_CASE("without a sink, stdout past kMaxCollected stops the command: what is kept whole has a smaller cap") {
    const auto r = sh("head -c 100000000 /dev/zero");
    CHECK(r.outcome == Outcome::too_much_output);
    CHECK(r.out.size() <= gc::process::kMaxCollected);
    CHECK(r.out.capacity() <= gc::process::kMaxCollected);
    CHECK(r.describe(Command{{"sh"}, {}, {}, {}, {}}) == "sh printed more than 64 MiB on stdout and was killed");
    // Just under the cap, the whole output is kept.
    const auto under = sh("head -c 60000000 /dev/zero");
    CHECK(under.succeeded());
    CHECK(under.out.size() == 60000000);
}

TEST_CASE("a streamed line longer than kMaxLine stops the command") {
    Lines sink;
    const auto r = streamed("echo first; head -c 20971520 /dev/zero | tr '\\0' x; echo; sleep 30", sink);
    CHECK(r.outcome == Outcome::too_much_output);
    CHECK(r.describe(Command{{"sh"}, {}, {}, {}, {}}) == "sh printed a line longer than 16 MiB and was killed");
    CHECK(sink.lines == std::vector<std::string>{"first"});
    CHECK(r.duration < std::chrono::seconds(10));
}

TEST_CASE("a sink that throws kills the command's group: internal_error") {
    class Throwing final : public gc::process::LineSink {
    public:
        void line(std::string_view text) override {
            if (pid.empty()) {
                pid = text;
                return;
            }
            throw std::runtime_error("cannot parse this");
        }
        std::string pid;
    } sink;
    const auto r = streamed("sleep 30 & echo $!; echo boom; echo more; sleep 30", sink);
    CHECK(r.outcome == Outcome::internal_error);
    CHECK(r.message == "gatecheck could not process the output of sh: cannot parse this");
    CHECK(r.describe(Command{{"sh"}, {}, {}, {}, {}}) == r.message);
    CHECK(r.duration < std::chrono::seconds(10));
    REQUIRE_FALSE(sink.pid.empty());
    CHECK(gone(std::stoi(sink.pid)));
}

TEST_CASE("a child that closes its pipes long before it exits is still waited for") {
    const auto r = sh("exec >&- 2>&-; sleep 0.3; exit 3");
    CHECK(r.outcome == Outcome::exited);
    CHECK(r.exit_code == 3);
    CHECK(r.duration >= std::chrono::milliseconds(300));
}

TEST_CASE("the kernel's resource counts of the child are reported") {
    const auto runner = gc::process::make_system_runner();
    Command c;
    c.argv = {"python3", "-c", "b = bytearray(100 * 1024 * 1024)"};
    auto r = runner->run(c);
    REQUIRE(r.outcome == Outcome::exited);
    CHECK(r.resources.max_rss_bytes >= 90000000);
    // Also when the big process is a grandchild its parent waited for (rustc under cargo).
    r = sh("python3 -c 'b = bytearray(100 * 1024 * 1024)'; true");
    REQUIRE(r.succeeded());
    CHECK(r.resources.max_rss_bytes >= 90000000);

    const auto busy = sh("i=0; while [ $i -lt 300000 ]; do i=$((i + 1)); done");
    REQUIRE(busy.succeeded());
    CHECK(busy.resources.user_ms > 0);
    CHECK(busy.resources.max_rss_bytes > 0);
    // Linux counts the forked copy of the parent before exec in the child's peak, so the
    // bound holds for a small parent (gatecheck: a few MiB), not for an ASan-built one.
#ifndef __SANITIZE_ADDRESS__
    CHECK(busy.resources.max_rss_bytes < 90000000);
#endif
}
