// The real process runner on small commands: exit codes, signals, both pipes, timeouts that
// kill the whole process group (grandchildren holding the pipes included), spawn failures.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "process/process.hpp"

using gc::process::Command;
using gc::process::Outcome;

namespace {

gc::process::Completed sh(const std::string& script, std::chrono::milliseconds timeout = std::chrono::milliseconds(0)) {
    const auto runner = gc::process::make_system_runner();
    Command c;
    c.argv = {"sh", "-c", script};
    c.timeout = timeout;
    return runner->run(c);
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
    CHECK(killed.describe(Command{{"sh"}, {}, {}, {}}).find("SIGKILL") != std::string::npos);
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
    CHECK(r.spawn_error == "gatecheck-no-such-program-xyz: command not found");

    c.argv = {"true"};
    c.cwd = "/no/such/dir";
    r = runner->run(c);
    CHECK(r.outcome == Outcome::spawn_failed);
    CHECK(r.spawn_error.find("/no/such/dir") != std::string::npos);

    CHECK(gc::process::find_executable("sh", "/nonexistent:/bin:/usr/bin").filename() == "sh");
    CHECK(gc::process::find_executable("sh", "/nonexistent").empty());
}

TEST_CASE("display quotes arguments like a shell would, for logs only") {
    Command c;
    c.argv = {"cargo", "test", "a b", "it's"};
    c.env = {{"RUSTC_BOOTSTRAP", "1"}};
    CHECK(c.display() == "RUSTC_BOOTSTRAP=1 cargo test 'a b' 'it'\\''s'");
}
