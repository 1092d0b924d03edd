// The edge of the program: signals, exceptions and Errors become messages and exit codes here.
#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <exception>
#include <thread>

#include <fmt/format.h>

#include "cli/cli.hpp"
#include "core/exit_codes.hpp"
#include "process/process.hpp"

namespace {

// SIGINT/SIGTERM are blocked in every thread and taken by one watcher thread, which kills
// every running child process group; the run then writes its partial report and exits 130.
class SignalWatcher {
public:
    SignalWatcher() {
        sigemptyset(&set_);
        sigaddset(&set_, SIGINT);
        sigaddset(&set_, SIGTERM);
        sigaddset(&set_, SIGUSR2);  // our own wake-up call at exit
        pthread_sigmask(SIG_BLOCK, &set_, nullptr);
        thread_ = std::thread([this] {
            for (;;) {
                int sig = 0;
                if (sigwait(&set_, &sig) != 0 || sig == SIGUSR2) {
                    return;
                }
                gc::process::cancel_all();
            }
        });
    }
    SignalWatcher(const SignalWatcher&) = delete;
    SignalWatcher& operator=(const SignalWatcher&) = delete;
    SignalWatcher(SignalWatcher&&) = delete;
    SignalWatcher& operator=(SignalWatcher&&) = delete;
    ~SignalWatcher() {
        pthread_kill(thread_.native_handle(), SIGUSR2);
        thread_.join();
    }

private:
    sigset_t set_{};
    std::thread thread_;
};

int exit_code_for(const gc::Error& e) {
    switch (e.kind) {
        case gc::ErrorKind::usage:
        case gc::ErrorKind::config:
        case gc::ErrorKind::input:
        case gc::ErrorKind::io:
            return gc::kExitUsage;
        case gc::ErrorKind::internal:
            return gc::kExitUnevaluated;
    }
    return gc::kExitUnevaluated;
}

int run(int argc, char** argv) {
    auto parsed = gc::parse_command_line(argc, argv);
    if (!parsed) {
        fmt::print(stderr, "gatecheck: error: {}\nRun 'gatecheck --help' for usage.\n", parsed.error().message);
        return gc::kExitUsage;
    }
    const auto result = gc::dispatch(*parsed);
    if (!result) {
        fmt::print(stderr, "gatecheck: error: {}\n", result.error().message);
        return gc::process::cancel_requested() ? gc::kExitInterrupted : exit_code_for(result.error());
    }
    return *result;
}

}  // namespace

int main(int argc, char** argv) {
    const SignalWatcher signals;
    try {
        return run(argc, argv);
    } catch (const std::exception& e) {
        fmt::print(stderr, "gatecheck: error: internal: {}\n", e.what());
    } catch (...) {
        fmt::print(stderr, "gatecheck: error: internal: unknown exception\n");
    }
    return gc::kExitUnevaluated;
}
