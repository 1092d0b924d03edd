#pragma once
// A fake process runner for engine and scheduler tests only: it answers each command with
// recorded real output (tests/data/) instead of running it. Gates and probes are tested end
// to end against the real tools elsewhere.
#include <algorithm>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "process/process.hpp"
#include "recorded.hpp"

namespace recorded {

struct Answer {
    std::function<bool(const std::vector<std::string>&)> matches;
    int exit_code = 0;
    std::string out;
    std::string err;
};

inline bool has(const std::vector<std::string>& argv, const std::string& word) {
    return std::find(argv.begin(), argv.end(), word) != argv.end();
}

// The answer recorded for `probe` of `fixture` (its .stdout, .stderr and .exit files).
inline Answer answer(std::function<bool(const std::vector<std::string>&)> matches, const std::string& fixture,
                     const std::string& probe) {
    return Answer{std::move(matches), recorded_exit(fixture, probe), read_data(fixture + "/" + probe + ".stdout"),
                  read_data(fixture + "/" + probe + ".stderr")};
}

// Answers each command with the first matching answer (none: "command not found", as the
// real runner says), streaming stdout to the task's sink line by line as the real runner
// does. Records every command it was given.
class RecordedRunner final : public gc::process::Runner {
public:
    explicit RecordedRunner(std::vector<Answer> answers) : answers_(std::move(answers)) {}
    gc::process::Completed run(const gc::process::Command& cmd, gc::process::LineSink* sink) override {
        {
            const std::lock_guard lock(mutex_);
            commands.push_back(cmd);
        }
        gc::process::Completed c;
        const auto it =
            std::find_if(answers_.begin(), answers_.end(), [&](const Answer& a) { return a.matches(cmd.argv); });
        if (it == answers_.end()) {
            c.outcome = gc::process::Outcome::spawn_failed;
            c.message = cmd.argv.front() + ": command not found";
            return c;
        }
        c.outcome = gc::process::Outcome::exited;
        c.exit_code = it->exit_code;
        c.err = it->err;
        if (sink == nullptr) {
            c.out = it->out;
            return c;
        }
        for (std::string_view rest(it->out); !rest.empty();) {
            const auto nl = rest.find('\n');
            sink->line(rest.substr(0, nl));
            rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
        }
        return c;
    }
    [[nodiscard]] const gc::process::Command* find(const std::function<bool(const gc::process::Command&)>& p) const {
        const auto it = std::find_if(commands.begin(), commands.end(), p);
        return it == commands.end() ? nullptr : &*it;
    }
    std::mutex mutex_;
    std::vector<gc::process::Command> commands;

private:
    std::vector<Answer> answers_;
};

}  // namespace recorded
