#pragma once
// Running external commands. This header is deliberately free of Boost: process.cpp is the
// one translation unit that includes Boost.Process (slow to compile, and the 1.74 bugs it
// works around stay in one place).
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gc::process {

struct Command {
    std::vector<std::string> argv;                         // argv[0] is looked up in PATH
    std::filesystem::path cwd;                             // empty: inherit
    std::vector<std::pair<std::string, std::string>> env;  // added to the inherited environment
    std::vector<std::string> unset_env;                    // removed from it first (before `env`)
    std::chrono::milliseconds timeout{0};                  // 0: none

    // Shell-like, for logs and reports only: "env -u NAME KEY=value prog 'an arg'".
    [[nodiscard]] std::string display() const;
};

enum class Outcome {
    exited,           // ran to completion (any exit code)
    signaled,         // killed by a signal it did not get from us
    timed_out,        // we killed its process group at the timeout
    spawn_failed,     // could not be started (not found, not executable, bad cwd)
    cancelled,        // we killed it because the run was interrupted
    too_much_output,  // we killed its process group: it passed kMaxStdout, kMaxCollected or kMaxLine
    internal_error,   // gatecheck failed while running it (its sink threw, out of memory...)
};

// What the kernel accounted to the command (wait4's rusage): its direct child plus the
// descendants that child waited for (cargo's rustc processes). CPU times are summed;
// max_rss_bytes is the largest resident set of any one of those processes, not a total.
struct Resources {
    std::int64_t max_rss_bytes = 0;
    std::int64_t user_ms = 0;
    std::int64_t sys_ms = 0;
};

struct Completed {
    Outcome outcome = Outcome::spawn_failed;
    int exit_code = -1;  // valid when outcome == exited
    int signal = 0;      // valid when outcome == signaled
    std::string out;     // stdout, unless it was streamed to a LineSink
    std::string err;     // only the last kMaxStderr bytes are kept
    std::chrono::milliseconds duration{0};
    Resources resources;
    // spawn_failed, internal_error: the whole explanation. too_much_output: which limit.
    std::string message;

    [[nodiscard]] bool succeeded() const { return outcome == Outcome::exited && exit_code == 0; }
    // "exited with code 101", "killed by signal 11 (SIGSEGV)", "timed out after 5 s", ...
    [[nodiscard]] std::string describe(const Command& cmd) const;
};

// Output limits, so that a runaway command cannot take gatecheck's memory (or the disk of a
// CI log) with it. Past kMaxStdout bytes on stdout in all while streaming, kMaxCollected when
// the output is kept whole (Completed::out, then parsed whole: about three times its size at
// the peak), or past a single line of kMaxLine bytes while streaming (the only thing a
// LineSink run buffers), the process group is killed and the outcome is too_much_output. Of
// stderr only the last kMaxStderr bytes are kept: enough for the error that ended a run.
// What is kept whole is small when genuine (cargo metadata of a large workspace is a few MiB,
// the lcov of every instrumented crate a few tens).
inline constexpr std::size_t kMaxStdout = std::size_t{256} << 20U;
inline constexpr std::size_t kMaxCollected = std::size_t{64} << 20U;
inline constexpr std::size_t kMaxLine = std::size_t{16} << 20U;
inline constexpr std::size_t kMaxStderr = std::size_t{1} << 20U;

// Receives a command's stdout line by line as it arrives (without the '\n'; a final line
// without one is delivered too), on the thread that runs the command. If line() throws, the
// command is killed and its outcome is internal_error.
class LineSink {
public:
    LineSink() = default;
    LineSink(const LineSink&) = delete;
    LineSink& operator=(const LineSink&) = delete;
    LineSink(LineSink&&) = delete;
    LineSink& operator=(LineSink&&) = delete;
    virtual ~LineSink() = default;
    virtual void line(std::string_view text) = 0;
};

// The scheduler talks to this interface, so its unit tests can plug in a fake.
class Runner {
public:
    Runner() = default;
    Runner(const Runner&) = delete;
    Runner& operator=(const Runner&) = delete;
    Runner(Runner&&) = delete;
    Runner& operator=(Runner&&) = delete;
    virtual ~Runner() = default;
    // Thread-safe: the scheduler calls it from several threads at once. With a sink, stdout
    // goes to the sink and Completed::out stays empty. Overriders repeat the default.
    virtual Completed run(const Command& cmd, LineSink* sink = nullptr) = 0;
};

std::unique_ptr<Runner> make_system_runner();

// Kills the process group of every command now running and makes later runs return
// `cancelled` at once. Async-signal-unsafe: call it from a normal thread.
void cancel_all();
bool cancel_requested();

// Where argv[0] of a command would be found, searching `path_var` like execvp does.
std::filesystem::path find_executable(const std::string& name, const std::string& path_var);

}  // namespace gc::process
