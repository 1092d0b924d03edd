#include "scheduler/scheduler.hpp"

#include <condition_variable>
#include <deque>
#include <exception>
#include <list>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

namespace gc {
namespace {

struct Finished {
    std::size_t slot;
    process::Completed result;
};

class Completions {
public:
    void push(Finished f) {
        {
            const std::lock_guard lock(mutex_);
            queue_.push_back(std::move(f));
        }
        cv_.notify_one();
    }
    std::optional<Finished> wait_for(std::chrono::milliseconds timeout) {
        std::unique_lock lock(mutex_);
        if (!cv_.wait_for(lock, timeout, [&] { return !queue_.empty(); })) {
            return std::nullopt;
        }
        Finished f = std::move(queue_.front());
        queue_.pop_front();
        return f;
    }

private:
    std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<Finished> queue_;
};

}  // namespace

std::vector<TaskRecord> run_tasks(std::vector<Task> initial, process::Runner& runner, std::size_t jobs,
                                  SchedulerObserver* observer) {
    if (jobs == 0) {
        jobs = 1;
    }
    std::list<Task> pending(std::make_move_iterator(initial.begin()), std::make_move_iterator(initial.end()));
    std::vector<std::optional<Task>> running_tasks;  // by slot
    std::vector<std::thread> threads;                // by slot
    std::set<std::string> held_locks;
    std::vector<TaskRecord> records;
    Completions completions;
    std::size_t running = 0;
    std::size_t known = pending.size();

    auto finish = [&](Task& task, const process::Completed& result) {
        TaskRecord rec{task.id, task.command.display(), result.describe(task.command), result.duration};
        if (result.outcome == process::Outcome::exited) {
            rec.outcome = "exit " + std::to_string(result.exit_code);
        }
        std::vector<Task> more;
        if (task.on_done) {
            // A callback that throws leaves its evidence unset, which every gate reports as
            // an error; the run (and the other tasks' threads) must go on regardless.
            try {
                more = task.on_done(result);
            } catch (const std::exception& e) {
                rec.outcome += std::string("; gatecheck could not use its output: ") + e.what();
            }
        }
        records.push_back(rec);
        if (observer != nullptr) {
            observer->finished(rec, running, records.size(), known);
        }
        if (!process::cancel_requested()) {
            known += more.size();
            for (auto& t : more) {
                pending.push_back(std::move(t));
            }
        }
    };

    while (!pending.empty() || running > 0) {
        if (process::cancel_requested()) {
            while (!pending.empty()) {
                Task task = std::move(pending.front());
                pending.pop_front();
                process::Completed cancelled;
                cancelled.outcome = process::Outcome::cancelled;
                finish(task, cancelled);
            }
        }
        // Start what may start: in order, skipping tasks whose lock is held.
        for (auto it = pending.begin(); it != pending.end() && running < jobs && !process::cancel_requested();) {
            if (!it->lock.empty() && held_locks.count(it->lock) != 0) {
                ++it;
                continue;
            }
            std::size_t slot = 0;
            while (slot < running_tasks.size() && running_tasks[slot].has_value()) {
                ++slot;
            }
            if (slot == running_tasks.size()) {
                running_tasks.emplace_back();
                threads.emplace_back();
            }
            running_tasks[slot] = std::move(*it);
            it = pending.erase(it);
            Task& task = *running_tasks[slot];
            if (!task.lock.empty()) {
                held_locks.insert(task.lock);
            }
            ++running;
            if (observer != nullptr) {
                observer->started(task, running, records.size(), known);
            }
            if (threads[slot].joinable()) {
                threads[slot].join();
            }
            threads[slot] = std::thread([&runner, &completions, slot, cmd = task.command] {
                completions.push(Finished{slot, runner.run(cmd)});
            });
        }
        if (running == 0) {
            continue;
        }
        auto done = completions.wait_for(std::chrono::milliseconds(100));
        if (!done) {
            if (observer != nullptr) {
                observer->tick();
            }
            continue;
        }
        threads[done->slot].join();
        Task task = std::move(*running_tasks[done->slot]);
        running_tasks[done->slot].reset();
        --running;
        if (!task.lock.empty()) {
            held_locks.erase(task.lock);
        }
        finish(task, done->result);
    }
    for (auto& t : threads) {
        if (t.joinable()) {
            t.join();
        }
    }
    return records;
}

}  // namespace gc
