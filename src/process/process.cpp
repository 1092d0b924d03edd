// The only translation unit that includes Boost.Process. Pattern and bug list:
// ../shared/notes/cpp-libraries.md (one io_context per run, both pipes drained
// concurrently, the whole process group killed at the timeout, a linger timer so
// grandchildren that keep a pipe open cannot hang the reader).
#include "process/process.hpp"

// boost/asio.hpp needs <utility> first in C++20 with g++ 12.
#include <utility>

#include <boost/asio.hpp>
#include <boost/process.hpp>
#include <boost/process/extend.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstdlib>
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

// Reads one pipe to EOF into `sink`, keeping at most `cap` bytes (the tail for stderr, an
// error flag for stdout).
class PipeReader {
public:
    PipeReader(bp::async_pipe& pipe, std::string& sink, std::size_t cap, bool keep_tail,
               std::function<void()> on_overflow, std::function<void()> on_eof)
        : pipe_(pipe),
          sink_(sink),
          cap_(cap),
          keep_tail_(keep_tail),
          on_overflow_(std::move(on_overflow)),
          on_eof_(std::move(on_eof)) {}

    void start() {
        pipe_.async_read_some(asio::buffer(buf_), [this](const boost::system::error_code& ec, std::size_t n) {
            if (n > 0) {
                append(n);
            }
            if (ec) {
                on_eof_();
                return;
            }
            start();
        });
    }

private:
    void append(std::size_t n) {
        sink_.append(buf_.data(), n);
        if (sink_.size() > cap_) {
            if (keep_tail_) {
                sink_.erase(0, sink_.size() - cap_);
            } else if (!overflowed_) {
                overflowed_ = true;
                on_overflow_();
            }
        }
    }

    bp::async_pipe& pipe_;
    std::string& sink_;
    std::size_t cap_;
    bool keep_tail_;
    bool overflowed_ = false;
    std::function<void()> on_overflow_;
    std::function<void()> on_eof_;
    std::array<char, 65536> buf_{};
};

class SystemRunner final : public Runner {
public:
    Completed run(const Command& cmd) override;
};

Completed SystemRunner::run(const Command& cmd) {
    Completed result;
    const auto start = Clock::now();
    auto finish = [&]() -> Completed& {
        result.duration = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
        return result;
    };
    if (cmd.argv.empty()) {
        result.spawn_error = "empty command";
        return finish();
    }
    if (g_cancelled.load()) {
        result.outcome = Outcome::cancelled;
        return finish();
    }

    // Boost.Process 1.74's environment find()/count()/operator[] read past the end of shorter
    // entries (std::equal against a C string: a heap over-read ASan reports). Only set() is
    // safe, and PATH is read from our own inputs.
    bp::environment env = boost::this_process::environment();
    const char* inherited_path = std::getenv("PATH");
    std::string path_var = inherited_path != nullptr ? inherited_path : "";
    for (const auto& [key, value] : cmd.env) {
        env.set(key, value);
        if (key == "PATH") {
            path_var = value;
        }
    }
    const auto exe = find_executable(cmd.argv.front(), path_var);
    if (exe.empty()) {
        result.spawn_error = fmt::format("{}: command not found", cmd.argv.front());
        return finish();
    }
    // bp::start_dir ignores a failing chdir (bug 4): check here, and chdir in the child.
    const std::string cwd = cmd.cwd.string();
    if (!cwd.empty() && !std::filesystem::is_directory(cmd.cwd)) {
        result.spawn_error = fmt::format("working directory {} does not exist", cwd);
        return finish();
    }
    const std::vector<std::string> args(cmd.argv.begin() + 1, cmd.argv.end());

    asio::io_context ioc;
    std::optional<bp::async_pipe> out_pipe;
    std::optional<bp::async_pipe> err_pipe;
    std::optional<bp::child> child;
    bool exited = false;
    int raw_status = 0;
    bool timed_out = false;
    bool overflow = false;
    int eofs = 0;
    asio::steady_timer timeout_timer(ioc);
    asio::steady_timer linger_timer(ioc);
    pid_t pgid = -1;

    auto close_pipes = [&] {
        boost::system::error_code ignored;
        out_pipe->close(ignored);
        err_pipe->close(ignored);
    };
    auto maybe_done = [&] {
        if (exited && eofs == 2) {
            linger_timer.cancel();
            timeout_timer.cancel();
            kill_group(pgid);  // strays left in the group by a child that exited
        }
    };
    auto on_eof = [&] {
        ++eofs;
        maybe_done();
    };

    std::error_code spawn_ec;
    {
        const std::lock_guard spawn_lock(g_spawn_mutex);
        out_pipe.emplace(ioc);
        err_pipe.emplace(ioc);
        for (const int fd :
             {out_pipe->native_source(), out_pipe->native_sink(), err_pipe->native_source(), err_pipe->native_sink()}) {
            set_cloexec(fd);
        }
        auto setup = [&cwd](auto& /*executor*/) {
            // In the child, between fork and exec: own process group (so the whole tree can
            // be killed), default signal mask (the parent blocks SIGINT/SIGTERM for its
            // signal thread), stdin from /dev/null, and a chdir that fails loudly.
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
        child.emplace(
            bp::exe = exe.string(), bp::args = args, bp::std_out > *out_pipe, bp::std_err > *err_pipe, env, ioc,
            bp::extend::on_exec_setup = setup,
            bp::on_exit =
                [&](int /*decoded: exit code and signal look alike*/, const std::error_code& /*ec*/) {
                    exited = true;
                    raw_status = child->native_exit_code();
                    timeout_timer.cancel();
                    linger_timer.expires_after(kLinger);
                    linger_timer.async_wait([&](const boost::system::error_code& ec) {
                        if (!ec) {
                            kill_group(pgid);
                            close_pipes();
                        }
                    });
                    maybe_done();
                },
            spawn_ec);
    }
    if (spawn_ec || !child->valid()) {
        result.spawn_error = fmt::format("cannot start {}: {}", exe.string(), spawn_ec.message());
        return finish();
    }
    pgid = child->id();
    ::setpgid(pgid, pgid);  // also done in the child; whichever runs first wins the race
    const GroupRegistration registration(pgid);
    if (g_cancelled.load()) {
        kill_group(pgid);
    }

    std::string& out = result.out;
    std::string& err = result.err;
    PipeReader out_reader(
        *out_pipe, out, kMaxStdout, false,
        [&] {
            overflow = true;
            kill_group(pgid);
        },
        on_eof);
    PipeReader err_reader(
        *err_pipe, err, kMaxStderr, true, [] {}, on_eof);
    out_reader.start();
    err_reader.start();
    if (cmd.timeout.count() > 0) {
        timeout_timer.expires_after(cmd.timeout);
        timeout_timer.async_wait([&](const boost::system::error_code& ec) {
            if (!ec && !exited) {
                timed_out = true;
                kill_group(pgid);
            }
        });
    }
    ioc.run();
    child->detach();  // reaped by on_exit already: the destructor must not signal a reused pid
    kill_and_reap_group(pgid);

    if (timed_out) {
        result.outcome = Outcome::timed_out;
    } else if (overflow) {
        result.outcome = Outcome::too_much_output;
    } else if (WIFSIGNALED(raw_status)) {
        result.outcome = g_cancelled.load() ? Outcome::cancelled : Outcome::signaled;
        result.signal = WTERMSIG(raw_status);
    } else if (WIFEXITED(raw_status)) {
        result.outcome = Outcome::exited;
        result.exit_code = WEXITSTATUS(raw_status);
        if (g_cancelled.load() && result.exit_code != 0) {
            result.outcome = Outcome::cancelled;
        }
    } else {
        result.outcome = Outcome::signaled;
    }
    return finish();
}

std::string quote(const std::string& arg) {
    if (!arg.empty() && arg.find_first_of(" \t\n'\"\\$`*?[]{}()<>|&;#~!") == std::string::npos) {
        return arg;
    }
    std::string q = "'";
    for (const char c : arg) {
        if (c == '\'') {
            q += "'\\''";
        } else {
            q += c;
        }
    }
    return q + "'";
}

}  // namespace

std::string Command::display() const {
    std::string s;
    for (const auto& [key, value] : env) {
        s += key + "=" + quote(value) + " ";
    }
    for (std::size_t i = 0; i < argv.size(); ++i) {
        s += (i == 0 ? "" : " ") + quote(argv[i]);
    }
    return s;
}

std::string Completed::describe(const Command& cmd) const {
    const std::string name = cmd.argv.empty() ? std::string("command") : cmd.argv.front();
    switch (outcome) {
        case Outcome::exited:
            return fmt::format("{} exited with code {}", name, exit_code);
        case Outcome::signaled:
            return fmt::format("{} was killed by {}", name, signal_name(signal));
        case Outcome::timed_out:
            return fmt::format("{} timed out after {} s and was killed with its process group", name,
                               std::chrono::duration_cast<std::chrono::seconds>(cmd.timeout).count());
        case Outcome::spawn_failed:
            return spawn_error;
        case Outcome::cancelled:
            return fmt::format("{} was interrupted", name);
        case Outcome::too_much_output:
            return fmt::format("{} printed more than {} MiB on stdout and was killed", name, kMaxStdout >> 20U);
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
