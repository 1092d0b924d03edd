// The scheduler with a fake process runner (the one place a fake runner is allowed):
// job limit, target-dir locks, follow-up tasks, dependencies, exclusive tasks, failures in
// gatecheck itself, and cancellation.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <new>
#include <stdexcept>
#include <thread>

#include "scheduler/scheduler.hpp"

namespace {

// Sleeps a little per command and records how many ran at once, per lock.
class FakeRunner final : public gc::process::Runner {
public:
    // Until `rendezvous` commands have once run together, each waits for the others (up to
    // 5 s): a loaded machine that starts threads slowly cannot make the overlap vanish.
    explicit FakeRunner(int rendezvous = 0) : rendezvous_(rendezvous) {}

    gc::process::Completed run(const gc::process::Command& cmd, gc::process::LineSink* sink = nullptr) override {
        const auto started = std::chrono::steady_clock::now();
        const int now = ++running_;
        int seen = max_running_.load();
        while (now > seen && !max_running_.compare_exchange_weak(seen, now)) {
        }
        const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        while (max_running_.load() < rendezvous_ && std::chrono::steady_clock::now() < give_up) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        {
            const std::lock_guard lock(mutex_);
            order_.push_back(cmd.argv.at(0));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(cmd.argv.size() > 1 ? std::stoi(cmd.argv[1]) : 20));
        if (sink != nullptr) {
            sink->line(cmd.argv.at(0));
        }
        --running_;
        {
            const std::lock_guard lock(mutex_);
            spans_[cmd.argv.at(0)] = {started, std::chrono::steady_clock::now()};
        }
        gc::process::Completed c;
        c.outcome = gc::process::Outcome::exited;
        c.exit_code = 0;
        c.out = cmd.argv.at(0);
        return c;
    }
    int rendezvous_;
    std::atomic<int> running_{0};
    std::atomic<int> max_running_{0};
    std::mutex mutex_;
    std::vector<std::string> order_;
    // When each command ran, by name.
    std::map<std::string, std::pair<std::chrono::steady_clock::time_point, std::chrono::steady_clock::time_point>>
        spans_;

    bool overlap(const std::string& a, const std::string& b) {
        const std::lock_guard lock(mutex_);
        const auto& x = spans_.at(a);
        const auto& y = spans_.at(b);
        return x.first < y.second && y.first < x.second;
    }
    // `a` ended before `b` started.
    bool before(const std::string& a, const std::string& b) {
        const std::lock_guard lock(mutex_);
        return spans_.at(a).second <= spans_.at(b).first;
    }
};

gc::Task task(const std::string& name, const std::string& lock = "", int ms = 20) {
    gc::Task t;
    t.id = name;
    t.command.argv = {name, std::to_string(ms)};
    t.lock = lock;
    return t;
}

}  // namespace

TEST_CASE("no more than --jobs commands run at once") {
    FakeRunner runner(3);
    std::vector<gc::Task> tasks;
    for (int i = 0; i < 8; ++i) {
        tasks.push_back(task("t" + std::to_string(i)));
    }
    const auto records = gc::run_tasks(std::move(tasks), runner, 3);
    CHECK(records.size() == 8);
    CHECK(runner.max_running_ == 3);

    FakeRunner serial;
    std::vector<gc::Task> more{task("a"), task("b"), task("c")};
    gc::run_tasks(std::move(more), serial, 1);
    CHECK(serial.max_running_ == 1);
    CHECK(serial.order_ == std::vector<std::string>{"a", "b", "c"});
}

TEST_CASE("tasks sharing a lock (a cargo target dir) never overlap; others run alongside") {
    FakeRunner runner(2);
    std::atomic<int> in_lock{0};
    std::atomic<int> max_in_lock{0};
    std::vector<gc::Task> tasks;
    for (int i = 0; i < 4; ++i) {
        auto t = task("cargo" + std::to_string(i), "/target", 30);
        tasks.push_back(std::move(t));
    }
    tasks.push_back(task("free1", "", 60));
    tasks.push_back(task("free2", "", 60));
    // Wrap the fake to count overlap inside the lock.
    class Counting final : public gc::process::Runner {
    public:
        Counting(FakeRunner& inner, std::atomic<int>& in, std::atomic<int>& max) : inner_(inner), in_(in), max_(max) {}
        gc::process::Completed run(const gc::process::Command& cmd, gc::process::LineSink* sink = nullptr) override {
            const bool locked = cmd.argv[0].rfind("cargo", 0) == 0;
            if (locked) {
                const int n = ++in_;
                int seen = max_.load();
                while (n > seen && !max_.compare_exchange_weak(seen, n)) {
                }
            }
            auto r = inner_.run(cmd, sink);
            if (locked) {
                --in_;
            }
            return r;
        }

    private:
        FakeRunner& inner_;
        std::atomic<int>& in_;
        std::atomic<int>& max_;
    } counting(runner, in_lock, max_in_lock);
    const auto records = gc::run_tasks(std::move(tasks), counting, 4);
    CHECK(records.size() == 6);
    CHECK(max_in_lock == 1);
    CHECK(runner.max_running_ >= 2);  // the free tasks ran beside the locked ones
}

TEST_CASE("a finished task's callback gets the result and may add follow-up tasks") {
    FakeRunner runner;
    std::vector<std::string> outputs;
    auto build = task("build");
    build.on_done = [&](const gc::process::Completed& r) {
        outputs.push_back(r.out);
        std::vector<gc::Task> more;
        for (int i = 0; i < 3; ++i) {
            auto t = task("bin" + std::to_string(i));
            t.on_done = [&outputs](const gc::process::Completed& rr) {
                outputs.push_back(rr.out);
                return std::vector<gc::Task>{};
            };
            more.push_back(std::move(t));
        }
        return more;
    };
    std::vector<gc::Task> tasks;
    tasks.push_back(std::move(build));
    const auto records = gc::run_tasks(std::move(tasks), runner, 2);
    CHECK(records.size() == 4);
    REQUIRE(outputs.size() == 4);
    CHECK(outputs[0] == "build");
    std::sort(outputs.begin() + 1, outputs.end());
    CHECK(outputs == std::vector<std::string>{"build", "bin0", "bin1", "bin2"});
}

TEST_CASE("a task with `after` starts only when those tasks are done; others run alongside") {
    FakeRunner runner(2);
    std::vector<gc::Task> tasks;
    auto b = task("b", "", 20);
    b.after = {"a"};
    tasks.push_back(std::move(b));  // listed first: order alone must not start it
    tasks.push_back(task("a", "", 100));
    tasks.push_back(task("free", "", 100));
    const auto records = gc::run_tasks(std::move(tasks), runner, 3);
    REQUIRE(records.size() == 3);
    CHECK(records.back().id == "b");
    CHECK(runner.before("a", "b"));
    CHECK(runner.overlap("a", "free"));
}

TEST_CASE("a follow-up task counts as pending for `after`") {
    FakeRunner runner;
    auto build = task("build", "", 20);
    build.on_done = [](const gc::process::Completed&) { return std::vector<gc::Task>{task("bin", "", 80)}; };
    auto report = task("report", "", 20);
    report.after = {"build", "bin"};
    std::vector<gc::Task> tasks;
    tasks.push_back(std::move(build));
    tasks.push_back(std::move(report));
    const auto records = gc::run_tasks(std::move(tasks), runner, 4);
    REQUIRE(records.size() == 3);
    CHECK(records[2].id == "report");
    CHECK(runner.before("bin", "report"));
}

TEST_CASE("an `after` prefix waits for every follow-up with that prefix, added later and by later follow-ups") {
    FakeRunner runner;
    auto build = task("build", "", 20);
    build.on_done = [](const gc::process::Completed&) {
        auto bin0 = task("run:bin0", "", 40);
        bin0.on_done = [](const gc::process::Completed&) {
            return std::vector<gc::Task>{task("run:bin0-list", "", 60)};
        };
        return std::vector<gc::Task>{std::move(bin0), task("run:bin1", "", 80), task("other", "", 400)};
    };
    auto merge = task("merge", "", 20);
    merge.after = {"build", "run:*"};
    std::vector<gc::Task> tasks;
    tasks.push_back(std::move(merge));
    tasks.push_back(std::move(build));
    const auto records = gc::run_tasks(std::move(tasks), runner, 4);
    REQUIRE(records.size() == 6);
    for (const char* run : {"build", "run:bin0", "run:bin1", "run:bin0-list"}) {
        CHECK(runner.before(run, "merge"));
    }
    CHECK(runner.overlap("other", "merge"));  // not matched by the prefix
}

TEST_CASE("an exclusive task runs alone") {
    FakeRunner runner(2);
    std::vector<gc::Task> tasks{task("t1", "", 60), task("t2", "", 60)};
    auto bench = task("bench", "", 60);
    bench.exclusive = true;
    tasks.push_back(std::move(bench));
    tasks.push_back(task("t3", "", 60));
    tasks.push_back(task("t4", "", 60));
    const auto records = gc::run_tasks(std::move(tasks), runner, 4);
    CHECK(records.size() == 5);
    for (const char* other : {"t1", "t2", "t3", "t4"}) {
        CHECK_FALSE(runner.overlap("bench", other));
    }
    CHECK(runner.overlap("t1", "t2"));
    // Held back behind the benchmark, although jobs were free when it waited.
    CHECK(runner.before("bench", "t3"));
    CHECK(runner.before("bench", "t4"));
}

TEST_CASE("before_start sees the results of the tasks it waited for") {
    FakeRunner runner;
    std::string found;  // set by a's callback, on the scheduler's thread
    auto a = task("a");
    a.on_done = [&found](const gc::process::Completed& r) {
        found = "from-" + r.out;
        return std::vector<gc::Task>{};
    };
    auto b = task("b");
    b.after = {"a"};
    b.before_start = [&found](gc::process::Command& cmd) { cmd.argv.push_back(found); };
    std::vector<gc::Task> tasks;
    tasks.push_back(std::move(b));
    tasks.push_back(std::move(a));
    const auto records = gc::run_tasks(std::move(tasks), runner, 2);
    REQUIRE(records.size() == 2);
    CHECK(records[1].command == "b 20 from-a");
}

TEST_CASE("a before_start that throws: the task completes as internal_error without running") {
    FakeRunner runner;
    gc::process::Outcome seen = gc::process::Outcome::exited;
    auto t = task("broken");
    t.before_start = [](gc::process::Command&) { throw std::runtime_error("no test binary"); };
    t.on_done = [&seen](const gc::process::Completed& r) {
        seen = r.outcome;
        return std::vector<gc::Task>{};
    };
    std::vector<gc::Task> tasks;
    tasks.push_back(std::move(t));
    tasks.push_back(task("fine"));
    const auto records = gc::run_tasks(std::move(tasks), runner, 2);
    REQUIRE(records.size() == 2);
    CHECK(seen == gc::process::Outcome::internal_error);
    CHECK(records[0].outcome == "gatecheck could not prepare broken: no test binary");
    CHECK_FALSE(records[0].started);
    CHECK(runner.order_ == std::vector<std::string>{"fine"});
}

TEST_CASE("an exception from the runner becomes the task's result; the run goes on") {
    class Failing final : public gc::process::Runner {
    public:
        explicit Failing(FakeRunner& inner) : inner_(inner) {}
        gc::process::Completed run(const gc::process::Command& cmd, gc::process::LineSink* sink = nullptr) override {
            if (cmd.argv[0] == "oom") {
                throw std::bad_alloc();
            }
            return inner_.run(cmd, sink);
        }

    private:
        FakeRunner& inner_;
    };
    FakeRunner inner;
    Failing runner(inner);
    std::vector<gc::Task> tasks{task("a"), task("oom"), task("b")};
    const auto records = gc::run_tasks(std::move(tasks), runner, 2);
    REQUIRE(records.size() == 3);
    std::map<std::string, std::string> outcomes;
    for (const auto& r : records) {
        outcomes[r.id] = r.outcome;
    }
    CHECK(outcomes["a"] == "exit 0");
    CHECK(outcomes["b"] == "exit 0");
    CHECK(outcomes["oom"].find("bad_alloc") != std::string::npos);
}

TEST_CASE("tasks waiting for each other (a cycle) still run") {
    FakeRunner runner;
    auto a = task("a");
    a.after = {"b"};
    auto b = task("b");
    b.after = {"a"};
    std::vector<gc::Task> tasks;
    tasks.push_back(std::move(a));
    tasks.push_back(std::move(b));
    const auto records = gc::run_tasks(std::move(tasks), runner, 2);
    REQUIRE(records.size() == 2);
    CHECK(runner.order_ == std::vector<std::string>{"a", "b"});
    CHECK(runner.before("a", "b"));
}

TEST_CASE("a task's sink receives its output on the runner's thread") {
    class Collect final : public gc::process::LineSink {
    public:
        void line(std::string_view text) override { got = text; }
        std::string got;
    };
    FakeRunner runner;
    auto t = task("lines");
    auto sink = std::make_shared<Collect>();
    t.sink = sink;
    std::vector<gc::Task> tasks;
    tasks.push_back(std::move(t));
    gc::run_tasks(std::move(tasks), runner, 1);
    CHECK(sink->got == "lines");
}

TEST_CASE("after a cancellation, the tasks not started get records with started = false") {
    // cancel_all() cannot be undone: cancel in a child process, report back through a pipe.
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        ::close(fds[0]);
        FakeRunner runner;
        std::string report;
        auto first = task("first");
        first.on_done = [](const gc::process::Completed&) {
            gc::process::cancel_all();
            return std::vector<gc::Task>{task("follow-up")};  // dropped: the run is cancelled
        };
        std::vector<gc::Task> tasks;
        tasks.push_back(std::move(first));
        for (const char* name : {"second", "third"}) {
            auto t = task(name);
            t.on_done = [&report](const gc::process::Completed& r) {
                report += r.outcome == gc::process::Outcome::cancelled ? "cancelled;" : "other;";
                return std::vector<gc::Task>{};
            };
            tasks.push_back(std::move(t));
        }
        for (const auto& r : gc::run_tasks(std::move(tasks), runner, 1)) {
            report += r.id + ":" + (r.started ? "started" : "not") + ":" + r.outcome + ";";
        }
        const auto written = ::write(fds[1], report.data(), report.size());
        ::_exit(written == static_cast<ssize_t>(report.size()) ? 0 : 1);
    }
    ::close(fds[1]);
    std::string report;
    char buf[512];
    ssize_t n = 0;
    while ((n = ::read(fds[0], buf, sizeof buf)) > 0) {
        report.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status));
    CHECK(report == "cancelled;cancelled;first:started:exit 0;second:not:not started;third:not:not started;");
}
