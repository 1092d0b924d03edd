#pragma once
// Running external commands. This header is deliberately free of Boost: process.cpp is the
// one translation unit that includes Boost.Process (slow to compile, and the 1.74 bugs it
// works around stay in one place).
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace gc::process {

struct Command {
    std::vector<std::string> argv;                         // argv[0] is looked up in PATH
    std::filesystem::path cwd;                             // empty: inherit
    std::vector<std::pair<std::string, std::string>> env;  // added to the inherited environment
    std::chrono::milliseconds timeout{0};                  // 0: none

    [[nodiscard]] std::string display() const;  // shell-like, for logs and reports only
};

enum class Outcome {
    exited,        // ran to completion (any exit code)
    signaled,      // killed by a signal it did not get from us
    timed_out,     // we killed its process group at the timeout
    spawn_failed,  // could not be started (not found, not executable, bad cwd)
    cancelled,     // we killed it because the run was interrupted
    too_much_output,
};

struct Completed {
    Outcome outcome = Outcome::spawn_failed;
    int exit_code = -1;  // valid when outcome == exited
    int signal = 0;      // valid when outcome == signaled
    std::string out;
    std::string err;  // only the last kMaxStderr bytes are kept
    std::chrono::milliseconds duration{0};
    std::string spawn_error;

    [[nodiscard]] bool succeeded() const { return outcome == Outcome::exited && exit_code == 0; }
    // "exited with code 101", "killed by signal 11 (SIGSEGV)", "timed out after 5 s", ...
    [[nodiscard]] std::string describe(const Command& cmd) const;
};

inline constexpr std::size_t kMaxStdout = std::size_t{512} << 20U;
inline constexpr std::size_t kMaxStderr = std::size_t{1} << 20U;

// The scheduler talks to this interface, so its unit tests can plug in a fake.
class Runner {
public:
    Runner() = default;
    Runner(const Runner&) = delete;
    Runner& operator=(const Runner&) = delete;
    Runner(Runner&&) = delete;
    Runner& operator=(Runner&&) = delete;
    virtual ~Runner() = default;
    // Thread-safe: the scheduler calls it from several threads at once.
    virtual Completed run(const Command& cmd) = 0;
};

std::unique_ptr<Runner> make_system_runner();

// Kills the process group of every command now running and makes later runs return
// `cancelled` at once. Async-signal-unsafe: call it from a normal thread.
void cancel_all();
bool cancel_requested();

// Where argv[0] of a command would be found, searching `path_var` like execvp does.
std::filesystem::path find_executable(const std::string& name, const std::string& path_var);

}  // namespace gc::process
