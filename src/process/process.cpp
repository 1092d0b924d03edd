// The only translation unit that includes Boost.Process. Pattern and bug list:
// ../shared/notes/cpp-libraries.md (one io_context per run, both pipes drained
// concurrently, the whole process group killed at the timeout, a linger timer so
// grandchildren that keep a pipe open cannot hang the reader).
//
// Boost only spawns the child here. We reap it ourselves with wait4() on a helper thread:
// Boost's on_exit (its SIGCHLD service) reaps with waitpid and loses the child's rusage.
#include "process/process.hpp"

#include "core/shell.hpp"

// boost/asio.hpp needs <utility> first in C++20 with g++ 12.
#include <utility>

#include <boost/asio.hpp>
#include <boost/process.hpp>
#include <boost/process/extend.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

#include <fmt/format.h>

namespace gc::process {
namespace {

namespace asio = boost::asio;
namespace bp = boost::process;
using Clock = std::chrono::steady_clock;

// After the direct child exits, how long its pipes may stay open (held by grandchildren)
// before the rest of its process group is killed and the pipes are closed.
constexpr auto kLinger = std::chrono::milliseconds(500);
// One read from a pipe; also the most a streamed run holds besides its current line.
constexpr std::size_t kChunk = 65536;

std::atomic<bool> g_cancelled{false};
std::mutex g_groups_mutex;
std::set<pid_t> g_groups;  // process groups of the commands now running

// Pipes are created without O_CLOEXEC (bug 3): while one thread creates a pipe and marks it
// close-on-exec, no other thread may fork, or the pipe leaks into an unrelated child and
// that command's reader never sees EOF. Spawning is serialised by this mutex.
std::mutex g_spawn_mutex;

void set_cloexec(int fd) {
    if (fd >= 0) {
        const int flags = ::fcntl(fd, F_GETFD);
        if (flags >= 0) {
            ::fcntl(fd, F_SETFD, flags | FD_CLOEXEC);  // NOLINT(hicpp-signed-bitwise)
        }
    }
}

void kill_group(pid_t pgid) {
    if (pgid > 0) {
        ::killpg(pgid, SIGKILL);
    }
}

// SIGKILL is delivered asynchronously: a linker under cargo, orphaned when cargo died, may
// still be running when cargo's own exit is reported. As a child subreaper we inherit such
// orphans, so after killing a group we can wait until every member is really gone: the
// next command, the report and our own exit never race a dying process that still holds
// the target dir. Linux-only, as the rest of this file.
void become_subreaper() {
    static std::once_flag once;
    std::call_once(once, [] { ::prctl(PR_SET_CHILD_SUBREAPER, 1UL, 0UL, 0UL, 0UL); });
}

// Kills what is left of a group whose leader has been reaped, and reaps the rest. Only
// members in the group are waited for (waitpid(-pgid)), so other runs' children are never
// touched. A member stuck in uninterruptible sleep must not hang us: give up after a bound.
void kill_and_reap_group(pid_t pgid) {
    constexpr auto kBound = std::chrono::seconds(10);
    if (pgid <= 0) {
        return;
    }
    kill_group(pgid);
    const auto deadline = Clock::now() + kBound;
    while (Clock::now() < deadline) {
        const pid_t reaped = ::waitpid(-pgid, nullptr, WNOHANG);
        if (reaped > 0) {
            continue;
        }
        if (reaped < 0 && errno != EINTR) {
            return;  // ECHILD: no member left
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
}

class GroupRegistration {
public:
    explicit GroupRegistration(pid_t pgid) : pgid_(pgid) {
        const std::lock_guard lock(g_groups_mutex);
        g_groups.insert(pgid_);
    }
    GroupRegistration(const GroupRegistration&) = delete;
    GroupRegistration& operator=(const GroupRegistration&) = delete;
    GroupRegistration(GroupRegistration&&) = delete;
    GroupRegistration& operator=(GroupRegistration&&) = delete;
    ~GroupRegistration() {
        const std::lock_guard lock(g_groups_mutex);
        g_groups.erase(pgid_);
    }

private:
    pid_t pgid_;
};

std::string signal_name(int sig) {
    const char* abbrev = ::sigabbrev_np(sig);
    return abbrev != nullptr ? fmt::format("SIG{}", abbrev) : fmt::format("signal {}", sig);
}

std::string program_name(const Command& cmd) {
    return cmd.argv.empty() ? std::string("command") : cmd.argv.front();
}

std::int64_t milliseconds(const timeval& tv) {
    constexpr std::int64_t kMsPerS = 1000;
    constexpr std::int64_t kUsPerMs = 1000;
    return static_cast<std::int64_t>(tv.tv_sec) * kMsPerS + static_cast<std::int64_t>(tv.tv_usec) / kUsPerMs;
}

Resources resources_of(const rusage& ru) {
    constexpr std::int64_t kBytesPerKiB = 1024;  // Linux reports ru_maxrss in KiB
    return Resources{static_cast<std::int64_t>(ru.ru_maxrss) * kBytesPerKiB, milliseconds(ru.ru_utime),
                     milliseconds(ru.ru_stime)};
}

// The child's environment: ours minus cmd.unset_env, plus cmd.env, and the PATH it will
// have (argv[0] is looked up there). Built from `environ` with set() only: Boost 1.74's
// environment find()/count()/operator[] read past the end of shorter entries (a heap
// over-read ASan reports), and it has no way to start from a filtered copy.
struct ChildEnvironment {
    bp::environment env;
    std::string path;
};

ChildEnvironment child_environment(const Command& cmd) {
    ChildEnvironment child;
    auto assign = [&child](const std::string& name, const std::string& value) {
        child.env.set(name, value);
        if (name == "PATH") {
            child.path = value;
        }
    };
    for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
        const std::string_view text(*entry);
        const auto eq = text.find('=');
        if (eq == std::string_view::npos || eq == 0) {
            continue;
        }
        const std::string name(text.substr(0, eq));
        if (std::find(cmd.unset_env.begin(), cmd.unset_env.end(), name) == cmd.unset_env.end()) {
            assign(name, std::string(text.substr(eq + 1)));
        }
    }
    for (const auto& [name, value] : cmd.env) {
        assign(name, value);
    }
    return child;
}

// Reads one pipe to EOF (or until it is closed), handing each chunk to `on_data`.
class PipeReader {
public:
    PipeReader(bp::async_pipe& pipe, std::function<void(std::string_view)> on_data, std::function<void()> on_eof)
        : pipe_(pipe), on_data_(std::move(on_data)), on_eof_(std::move(on_eof)) {}

    void start() {
        pipe_.async_read_some(asio::buffer(buf_), [this](const boost::system::error_code& ec, std::size_t n) {
            if (n > 0) {
                on_data_(std::string_view(buf_.data(), n));
            }
            if (ec) {
                on_eof_();
                return;
            }
            start();
        });
    }

private:
    bp::async_pipe& pipe_;
    std::function<void(std::string_view)> on_data_;
    std::function<void()> on_eof_;
    std::vector<char> buf_ = std::vector<char>(kChunk);
};

// Why stdout made us stop a command: the outcome, and its message.
using StopFn = std::function<void(Outcome, std::string)>;

// stdout, collected into a string or split into lines for a LineSink, within the limits of
// process.hpp. Once it stopped the command, the rest of the output is read and dropped, so
// the group's writers never block on a full pipe while they are being killed.
class StdoutConsumer {
public:
    StdoutConsumer(std::string& out, LineSink* sink, std::string program, StopFn stop)
        : out_(out), sink_(sink), program_(std::move(program)), stop_(std::move(stop)) {}

    void consume(std::string_view data) {
        if (stopped_) {
            return;
        }
        const auto limit = sink_ == nullptr ? kMaxCollected : kMaxStdout;
        if (data.size() > limit - total_) {
            halt(Outcome::too_much_output, fmt::format("printed more than {} MiB on stdout", limit >> 20U));
            return;
        }
        total_ += data.size();
        if (sink_ == nullptr) {
            collect(data);
        } else {
            stream(data);
        }
    }

    // At EOF: a last line without '\n' is a line too.
    void finish() {
        if (!stopped_ && sink_ != nullptr && !partial_.empty()) {
            deliver(partial_);
        }
    }

private:
    void collect(std::string_view data) {
        // Grow by doubling but never past the limit. reserve() on the string itself would not
        // do: libstdc++ grows a string to at least twice its capacity, past the limit for the
        // last few bytes; a fresh string gets exactly what it is asked for.
        if (out_.capacity() - out_.size() < data.size()) {
            std::string grown;
            grown.reserve(std::min(kMaxCollected, std::max(out_.capacity() * 2, out_.size() + data.size())));
            grown.append(out_);
            out_.swap(grown);
        }
        out_.append(data);
    }

    void stream(std::string_view data) {
        while (!stopped_ && !data.empty()) {
            const auto newline = data.find('\n');
            const bool complete = newline != std::string_view::npos;
            const auto piece = data.substr(0, newline);
            data.remove_prefix(complete ? newline + 1 : data.size());
            if (partial_.size() + piece.size() > kMaxLine) {
                halt(Outcome::too_much_output, fmt::format("printed a line longer than {} MiB", kMaxLine >> 20U));
            } else if (complete && partial_.empty()) {
                deliver(piece);  // the common case: a whole line inside one chunk, no copy
            } else {
                partial_.append(piece);
                if (complete) {
                    deliver(partial_);
                    clear_partial();
                }
            }
        }
    }

    void deliver(std::string_view line) {
        try {
            sink_->line(line);
        } catch (const std::exception& e) {
            halt(Outcome::internal_error,
                 fmt::format("gatecheck could not process the output of {}: {}", program_, e.what()));
        } catch (...) {
            halt(Outcome::internal_error,
                 fmt::format("gatecheck could not process the output of {}: unknown exception", program_));
        }
    }

    // One long line must not pin its buffer for the rest of a long run.
    void clear_partial() {
        if (partial_.capacity() > kChunk) {
            std::string().swap(partial_);
        } else {
            partial_.clear();
        }
    }

    void halt(Outcome why, std::string message) {
        stopped_ = true;
        std::string().swap(partial_);
        stop_(why, std::move(message));
    }

    std::string& out_;
    LineSink* sink_;
    std::string program_;
    StopFn stop_;
    std::size_t total_ = 0;
    std::string partial_;  // the current line so far, when it spans chunks
    bool stopped_ = false;
};

// stderr: only its tail is kept.
void keep_tail(std::string& err, std::string_view data) {
    err.append(data);
    if (err.size() > kMaxStderr) {
        err.erase(0, err.size() - kMaxStderr);
    }
}

// One run of one command: spawn, read both pipes, reap the child (wait4, on a helper
// thread), enforce the timeout and limits, and kill and reap what is left of its group.
class Execution {
public:
    Execution(const Command& cmd, LineSink* sink)
        : cmd_(cmd), stdout_(result_.out, sink, program_name(cmd), [this](Outcome why, std::string message) {
              stop(why, std::move(message));
          }) {}
    Execution(const Execution&) = delete;
    Execution& operator=(const Execution&) = delete;
    Execution(Execution&&) = delete;
    Execution& operator=(Execution&&) = delete;
    // On an exception (out of memory...) the child must not outlive us either.
    ~Execution() { finish_group(); }

    Completed run(const std::filesystem::path& exe, const bp::environment& env) {
        if (!spawn(exe, env)) {
            return std::move(result_);
        }
        registration_.emplace(pgid_);
        if (g_cancelled.load()) {
            kill_group(pgid_);
        }
        // ioc_.run() must not return before the exit is seen, even when the child closed
        // both pipes long before it exits.
        work_.emplace(ioc_.get_executor());
        start_waiter();
        start_readers();
        arm_timeout();
        ioc_.run();
        finish_group();
        settle();
        return std::move(result_);
    }

private:
    bool spawn(const std::filesystem::path& exe, const bp::environment& env);
    void start_waiter();
    void start_readers();
    void arm_timeout();
    void on_exit(std::optional<int> status, const rusage& usage);
    void on_eof();
    void check_done();
    void stop(Outcome why, std::string message);
    void close_pipes();
    void finish_group();
    void settle();

    const Command& cmd_;
    Completed result_;
    StdoutConsumer stdout_;
    // Declared before everything that uses it, so it is destroyed last.
    asio::io_context ioc_;
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_;
    std::optional<bp::async_pipe> out_pipe_;
    std::optional<bp::async_pipe> err_pipe_;
    std::optional<PipeReader> out_reader_;
    std::optional<PipeReader> err_reader_;
    asio::steady_timer timeout_timer_{ioc_};
    asio::steady_timer linger_timer_{ioc_};
    std::optional<GroupRegistration> registration_;
    std::thread waiter_;
    pid_t pgid_ = -1;
    bool exited_ = false;
    std::optional<int> status_;  // raw wait status; empty if the exit was lost
    int eofs_ = 0;
    std::optional<Outcome> stopped_for_;  // why we killed the group, if we did
    bool finished_ = false;
};

bool Execution::spawn(const std::filesystem::path& exe, const bp::environment& env) {
    const std::string cwd = cmd_.cwd.string();
    const std::vector<std::string> args(cmd_.argv.begin() + 1, cmd_.argv.end());
    // In the child, between fork and exec: own process group (so the whole tree can be
    // killed), default signal mask (the parent blocks SIGINT/SIGTERM for its signal
    // thread), stdin from /dev/null, and a chdir that fails loudly (bug 4).
    auto setup = [&cwd](auto& /*executor*/) {
        ::setpgid(0, 0);
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        const int null_fd = ::open("/dev/null", O_RDONLY);  // NOLINT(cppcoreguidelines-pro-type-vararg)
        if (null_fd >= 0) {
            ::dup2(null_fd, 0);
            ::close(null_fd);
        }
        if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) {
            ::_exit(127);
        }
    };
    // A failed exec leaves a child that Boost forgets without reaping.
    pid_t failed_pid = -1;
    auto on_error = [&failed_pid](auto& executor, const std::error_code& /*ec*/) { failed_pid = executor.pid; };
    std::error_code ec;
    const std::lock_guard spawn_lock(g_spawn_mutex);
    out_pipe_.emplace(ioc_);
    err_pipe_.emplace(ioc_);
    for (const int fd :
         {out_pipe_->native_source(), out_pipe_->native_sink(), err_pipe_->native_source(), err_pipe_->native_sink()}) {
        set_cloexec(fd);
    }
    // No io_context and no on_exit: Boost must not reap the child (see the top of the file).
    bp::child child(bp::exe = exe.string(), bp::args = args, bp::std_out > *out_pipe_, bp::std_err > *err_pipe_, env,
                    bp::extend::on_exec_setup = setup, bp::extend::on_error = on_error, ec);
    if (ec || !child.valid()) {
        if (failed_pid > 0) {
            ::waitpid(failed_pid, nullptr, 0);
        }
        result_.message = fmt::format("cannot start {}: {}", exe.string(), ec.message());
        return false;
    }
    pgid_ = child.id();
    child.detach();           // its destructor would poll (and could reap) the child: we wait4 for it
    ::setpgid(pgid_, pgid_);  // also done in the child; whichever runs first wins the race
    return true;
}

void Execution::start_waiter() {
    waiter_ = std::thread([this, pid = pgid_] {
        int status = 0;
        rusage usage{};
        pid_t reaped = -1;
        do {
            reaped = ::wait4(pid, &status, 0, &usage);
        } while (reaped < 0 && errno == EINTR);
        const std::optional<int> seen = reaped == pid ? std::optional<int>(status) : std::nullopt;
        try {
            asio::post(ioc_, [this, seen, usage] { on_exit(seen, usage); });
        } catch (...) {
            ioc_.stop();  // cannot tell the run: end it, settle() reports the lost exit
        }
    });
}

void Execution::start_readers() {
    out_reader_.emplace(
        *out_pipe_, [this](std::string_view data) { stdout_.consume(data); },
        [this] {
            stdout_.finish();
            on_eof();
        });
    err_reader_.emplace(
        *err_pipe_, [this](std::string_view data) { keep_tail(result_.err, data); }, [this] { on_eof(); });
    out_reader_->start();
    err_reader_->start();
}

void Execution::arm_timeout() {
    if (cmd_.timeout.count() <= 0) {
        return;
    }
    timeout_timer_.expires_after(cmd_.timeout);
    timeout_timer_.async_wait([this](const boost::system::error_code& ec) {
        if (!ec && !exited_) {
            stop(Outcome::timed_out, {});
        }
    });
}

void Execution::on_exit(std::optional<int> status, const rusage& usage) {
    exited_ = true;
    status_ = status;
    result_.resources = resources_of(usage);
    work_.reset();
    timeout_timer_.cancel();
    linger_timer_.expires_after(kLinger);
    linger_timer_.async_wait([this](const boost::system::error_code& ec) {
        if (!ec) {
            kill_group(pgid_);
            close_pipes();
        }
    });
    check_done();
}

void Execution::on_eof() {
    ++eofs_;
    check_done();
}

// The run is over when the child has exited and both pipes are at EOF (or closed by the
// linger timer).
void Execution::check_done() {
    if (exited_ && eofs_ == 2) {
        linger_timer_.cancel();
        kill_group(pgid_);  // strays left in the group by a child that exited
    }
}

void Execution::stop(Outcome why, std::string message) {
    // The first reason wins, except that gatecheck's own failure is always reported: the
    // output is incomplete whatever else happened.
    if (!stopped_for_ || (why == Outcome::internal_error && *stopped_for_ != Outcome::internal_error)) {
        stopped_for_ = why;
        result_.message = std::move(message);
    }
    kill_group(pgid_);
}

void Execution::close_pipes() {
    boost::system::error_code ignored;
    out_pipe_->close(ignored);
    err_pipe_->close(ignored);
}

void Execution::finish_group() {
    if (finished_ || pgid_ <= 0) {
        return;
    }
    finished_ = true;
    if (!exited_) {
        kill_group(pgid_);  // an exception ended the run: the waiter returns once it dies
    }
    if (waiter_.joinable()) {
        waiter_.join();
    }
    kill_and_reap_group(pgid_);
    registration_.reset();
}

void Execution::settle() {
    if (stopped_for_) {
        result_.outcome = *stopped_for_;
        return;
    }
    if (!status_) {
        result_.outcome = Outcome::internal_error;
        result_.message = fmt::format("gatecheck lost the exit status of {}", program_name(cmd_));
        return;
    }
    const int status = *status_;
    if (WIFSIGNALED(status)) {
        result_.outcome = g_cancelled.load() ? Outcome::cancelled : Outcome::signaled;
        result_.signal = WTERMSIG(status);
    } else if (WIFEXITED(status)) {
        result_.outcome = Outcome::exited;
        result_.exit_code = WEXITSTATUS(status);
        if (g_cancelled.load() && result_.exit_code != 0) {
            result_.outcome = Outcome::cancelled;
        }
    } else {
        result_.outcome = Outcome::signaled;
    }
}

Completed run_command(const Command& cmd, LineSink* sink) {
    Completed result;
    if (cmd.argv.empty()) {
        result.message = "empty command";
        return result;
    }
    if (g_cancelled.load()) {
        result.outcome = Outcome::cancelled;
        return result;
    }
    const ChildEnvironment env = child_environment(cmd);
    const auto exe = find_executable(cmd.argv.front(), env.path);
    if (exe.empty()) {
        result.message = fmt::format("{}: command not found", cmd.argv.front());
        return result;
    }
    // bp::start_dir ignores a failing chdir (bug 4): check here, and chdir in the child.
    if (!cmd.cwd.empty() && !std::filesystem::is_directory(cmd.cwd)) {
        result.message = fmt::format("working directory {} does not exist", cmd.cwd.string());
        return result;
    }
    Execution execution(cmd, sink);
    return execution.run(exe, env.env);
}

class SystemRunner final : public Runner {
public:
    Completed run(const Command& cmd, LineSink* sink = nullptr) override {
        const auto start = Clock::now();
        Completed result;
        try {
            result = run_command(cmd, sink);
        } catch (const std::exception& e) {
            // Out of memory or a filesystem error in gatecheck itself: the command's group
            // is already killed and reaped (Execution's destructor); report, do not crash.
            result = Completed{};
            result.outcome = Outcome::internal_error;
            result.message = fmt::format("gatecheck could not run {}: {}", program_name(cmd), e.what());
        }
        result.duration = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
        return result;
    }
};

}  // namespace

std::string Command::display() const {
    std::string s;
    if (!unset_env.empty()) {
        s += "env";
        for (const auto& name : unset_env) {
            s += " -u " + shell_quote(name);
        }
        s += " ";
    }
    for (const auto& [key, value] : env) {
        s += key + "=" + shell_quote(value) + " ";
    }
    return s + shell_line(argv);
}

std::string Completed::describe(const Command& cmd) const {
    const std::string name = program_name(cmd);
    switch (outcome) {
        case Outcome::exited:
            return fmt::format("{} exited with code {}", name, exit_code);
        case Outcome::signaled:
            return fmt::format("{} was killed by {}", name, signal_name(signal));
        case Outcome::timed_out:
            return fmt::format("{} timed out after {} s and was killed with its process group", name,
                               std::chrono::duration_cast<std::chrono::seconds>(cmd.timeout).count());
        case Outcome::spawn_failed:
            return message;
        case Outcome::cancelled:
            return fmt::format("{} was interrupted", name);
        case Outcome::too_much_output:
            return fmt::format(
                "{} {} and was killed", name,
                message.empty() ? fmt::format("printed more than {} MiB on stdout", kMaxStdout >> 20U) : message);
        case Outcome::internal_error:
            return message.empty() ? fmt::format("gatecheck failed while running {}", name) : message;
    }
    return "unknown outcome";
}

std::unique_ptr<Runner> make_system_runner() {
    become_subreaper();
    return std::make_unique<SystemRunner>();
}

void cancel_all() {
    g_cancelled.store(true);
    const std::lock_guard lock(g_groups_mutex);
    for (const pid_t pgid : g_groups) {
        kill_group(pgid);
    }
}

bool cancel_requested() {
    return g_cancelled.load();
}

std::filesystem::path find_executable(const std::string& name, const std::string& path_var) {
    auto runnable = [](const std::filesystem::path& p) {
        struct stat st {};
        return ::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(p.c_str(), X_OK) == 0;
    };
    if (name.find('/') != std::string::npos) {
        return runnable(name) ? std::filesystem::path(name) : std::filesystem::path();
    }
    std::stringstream dirs(path_var);
    std::string dir;
    while (std::getline(dirs, dir, ':')) {
        auto candidate = std::filesystem::path(dir.empty() ? "." : dir) / name;
        if (runnable(candidate)) {
            return candidate;
        }
    }
    return {};
}

}  // namespace gc::process
