// The scheduler with a fake process runner (the one place a fake runner is allowed):
// job limit, target-dir locks, follow-up tasks, and cancellation.
#include <catch2/catch.hpp>

#include <atomic>
#include <map>
#include <mutex>
#include <thread>

#include "scheduler/scheduler.hpp"

namespace {

// Sleeps a little per command and records how many ran at once, per lock.
class FakeRunner final : public gc::process::Runner {
public:
    // Until `rendezvous` commands have once run together, each waits for the others (up to
    // 5 s): a loaded machine that starts threads slowly cannot make the overlap vanish.
    explicit FakeRunner(int rendezvous = 0) : rendezvous_(rendezvous) {}

    gc::process::Completed run(const gc::process::Command& cmd) override {
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
        --running_;
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
        gc::process::Completed run(const gc::process::Command& cmd) override {
            const bool locked = cmd.argv[0].rfind("cargo", 0) == 0;
            if (locked) {
                const int n = ++in_;
                int seen = max_.load();
                while (n > seen && !max_.compare_exchange_weak(seen, n)) {
                }
            }
            auto r = inner_.run(cmd);
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
