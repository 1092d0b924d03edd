#include "scheduler/scheduler.hpp"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <list>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>

namespace gc {
namespace {

using process::Completed;
using process::Outcome;

// Never throws: the worker that builds it may have just caught bad_alloc. Without memory
// for the message, the outcome alone has to do.
Completed internal_error(const char* doing, std::string_view name, const char* what) noexcept {
    Completed c;
    c.outcome = Outcome::internal_error;
    try {
        c.message = std::string("gatecheck could not ") + doing + " ";
        c.message.append(name).append(": ").append(what);
    } catch (...) {
        c.message.clear();
    }
    return c;
}

std::string_view program_name(const process::Command& cmd) noexcept {
    return cmd.argv.empty() ? std::string_view("command") : std::string_view(cmd.argv.front());
}

// Runs one command on a worker thread. Whatever goes wrong in gatecheck while it runs
// (bad_alloc, a std::filesystem error...) becomes that task's result: an exception
// escaping a std::thread would call std::terminate and lose the whole report.
Completed run_guarded(process::Runner& runner, const process::Command& cmd, process::LineSink* sink) noexcept {
    try {
        return runner.run(cmd, sink);
    } catch (const std::exception& e) {
        return internal_error("run", program_name(cmd), e.what());
    } catch (...) {
        return internal_error("run", program_name(cmd), "unknown exception");
    }
}

// Where workers leave their results, one place per slot, allocated up front: handing a
// result over allocates nothing, so it works even when memory has run out.
class Board {
public:
    explicit Board(std::size_t slots) : results_(slots) {}

    void put(std::size_t slot, Completed&& result) noexcept {
        {
            const std::lock_guard lock(mutex_);
            results_[slot] = std::move(result);
        }
        cv_.notify_one();
    }

    // The slot of a finished command and its result, or nothing after `timeout`.
    std::optional<std::pair<std::size_t, Completed>> wait_for(std::chrono::milliseconds timeout) {
        std::unique_lock lock(mutex_);
        auto ready = [&] {
            return std::find_if(results_.begin(), results_.end(), [](auto& r) { return r.has_value(); });
        };
        if (!cv_.wait_for(lock, timeout, [&] { return ready() != results_.end(); })) {
            return std::nullopt;
        }
        const auto it = ready();
        std::pair<std::size_t, Completed> done{static_cast<std::size_t>(it - results_.begin()), std::move(**it)};
        it->reset();
        return done;
    }

private:
    std::mutex mutex_;
    std::condition_variable cv_;
    std::vector<std::optional<Completed>> results_;
};

struct Slot {
    std::optional<Task> task;  // empty: free
    std::thread thread;
};

class Scheduler {
public:
    Scheduler(process::Runner& runner, std::size_t jobs, SchedulerObserver* observer)
        : runner_(runner), jobs_(jobs), observer_(observer), slots_(jobs), board_(jobs) {}
    Scheduler(const Scheduler&) = delete;
    Scheduler& operator=(const Scheduler&) = delete;
    Scheduler(Scheduler&&) = delete;
    Scheduler& operator=(Scheduler&&) = delete;
    // If something threw on this thread, the workers still use board_ and runner_.
    ~Scheduler() {
        for (auto& slot : slots_) {
            if (slot.thread.joinable()) {
                slot.thread.join();
            }
        }
    }

    void add(Task task) {
        ++unfinished_[task.id];
        ++known_;
        pending_.push_back(std::move(task));
    }

    std::vector<TaskRecord> run() {
        while (!pending_.empty() || running_ > 0) {
            if (process::cancel_requested()) {
                cancel_pending();
            }
            start_ready();
            if (running_ > 0) {
                wait_for_one();
            }
        }
        return std::move(records_);
    }

private:
    void cancel_pending();
    void start_ready();
    std::list<Task>::iterator next_startable();
    bool waits_for_others(const Task& task) const;
    void start(std::list<Task>::iterator it);
    void launch(std::size_t slot);
    void wait_for_one();
    void finish(Task& task, const Completed& result, bool started);

    process::Runner& runner_;
    std::size_t jobs_;
    SchedulerObserver* observer_;
    std::list<Task> pending_;
    std::vector<Slot> slots_;
    Board board_;
    std::set<std::string> held_locks_;
    std::map<std::string, std::size_t> unfinished_;  // ids of pending and running tasks, counted
    bool exclusive_running_ = false;
    std::size_t running_ = 0;
    std::size_t known_ = 0;
    std::vector<TaskRecord> records_;
};

void Scheduler::cancel_pending() {
    while (!pending_.empty()) {
        Task task = std::move(pending_.front());
        pending_.pop_front();
        Completed cancelled;
        cancelled.outcome = Outcome::cancelled;
        finish(task, cancelled, false);
    }
}

void Scheduler::start_ready() {
    while (running_ < jobs_ && !pending_.empty() && !process::cancel_requested()) {
        auto it = next_startable();
        if (it == pending_.end()) {
            if (running_ > 0) {
                return;
            }
            // Nothing runs and nothing may start: the pending tasks wait for each other.
            // Breaking the cycle in order is better than hanging.
            it = pending_.begin();
        }
        start(it);
    }
}

std::list<Task>::iterator Scheduler::next_startable() {
    if (exclusive_running_) {
        return pending_.end();
    }
    for (auto it = pending_.begin(); it != pending_.end(); ++it) {
        if (waits_for_others(*it)) {
            continue;
        }
        if (it->exclusive) {
            // Waits only for the running tasks to end; nothing behind it may start
            // meanwhile, or a steady stream of short tasks could hold it back forever.
            return running_ == 0 ? it : pending_.end();
        }
        if (it->lock.empty() || held_locks_.count(it->lock) == 0) {
            return it;
        }
    }
    return pending_.end();
}

bool Scheduler::waits_for_others(const Task& task) const {
    return std::any_of(task.after.begin(), task.after.end(), [&](const std::string& id) {
        if (id.ends_with('*')) {
            // A prefix: follow-ups not known yet when the task was planned (every test
            // binary of a flavour) count as soon as they are added.
            const std::string_view prefix(id.data(), id.size() - 1);
            for (auto it = unfinished_.lower_bound(std::string(prefix));
                 it != unfinished_.end() && it->first.starts_with(prefix); ++it) {
                if (it->first != task.id) {
                    return true;
                }
            }
            return false;
        }
        const auto found = unfinished_.find(id);
        const std::size_t others = found == unfinished_.end() ? 0 : found->second - (id == task.id ? 1 : 0);
        return others > 0;
    });
}

void Scheduler::start(std::list<Task>::iterator it) {
    Task task = std::move(*it);
    pending_.erase(it);
    if (task.before_start) {
        try {
            task.before_start(task.command);
        } catch (const std::exception& e) {
            finish(task, internal_error("prepare", task.id, e.what()), false);
            return;
        } catch (...) {
            finish(task, internal_error("prepare", task.id, "unknown exception"), false);
            return;
        }
    }
    const auto free_slot =
        std::find_if(slots_.begin(), slots_.end(), [](const Slot& s) { return !s.task.has_value(); });
    const auto slot = static_cast<std::size_t>(free_slot - slots_.begin());
    slots_[slot].task = std::move(task);
    launch(slot);
}

void Scheduler::launch(std::size_t slot) {
    Task& task = *slots_[slot].task;
    try {
        // The worker gets its own copies: the task stays here for its callback.
        slots_[slot].thread = std::thread([this, slot, cmd = task.command, sink = task.sink] {
            board_.put(slot, run_guarded(runner_, cmd, sink.get()));
        });
    } catch (const std::exception& e) {  // no thread (resource limits) or no memory for the copies
        Task failed = std::move(task);
        slots_[slot].task.reset();
        finish(failed, internal_error("start", program_name(failed.command), e.what()), false);
        return;
    }
    if (!task.lock.empty()) {
        held_locks_.insert(task.lock);
    }
    exclusive_running_ = task.exclusive;
    ++running_;
    if (observer_ != nullptr) {
        observer_->started(task, running_, records_.size(), known_);
    }
}

void Scheduler::wait_for_one() {
    auto done = board_.wait_for(std::chrono::milliseconds(100));
    if (!done) {
        if (observer_ != nullptr) {
            observer_->tick();
        }
        return;
    }
    auto& [index, result] = *done;
    Slot& slot = slots_[index];
    slot.thread.join();
    Task task = std::move(*slot.task);
    slot.task.reset();
    --running_;
    if (!task.lock.empty()) {
        held_locks_.erase(task.lock);
    }
    if (task.exclusive) {
        exclusive_running_ = false;
    }
    finish(task, result, true);
}

void Scheduler::finish(Task& task, const Completed& result, bool started) {
    TaskRecord rec{task.id,         task.command.display(), result.describe(task.command),
                   result.duration, result.resources,       started};
    if (result.outcome == Outcome::exited) {
        rec.outcome = "exit " + std::to_string(result.exit_code);
    } else if (!started && result.outcome == Outcome::cancelled) {
        rec.outcome = "not started";
    }
    if (const auto found = unfinished_.find(task.id); found != unfinished_.end() && --found->second == 0) {
        unfinished_.erase(found);
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
    records_.push_back(rec);
    if (observer_ != nullptr) {
        observer_->finished(rec, running_, records_.size(), known_);
    }
    if (!process::cancel_requested()) {
        for (auto& t : more) {
            add(std::move(t));
        }
    }
}

}  // namespace

std::vector<TaskRecord> run_tasks(std::vector<Task> tasks, process::Runner& runner, std::size_t jobs,
                                  SchedulerObserver* observer) {
    Scheduler scheduler(runner, std::max<std::size_t>(jobs, 1), observer);
    for (auto& task : tasks) {
        scheduler.add(std::move(task));
    }
    return scheduler.run();
}

}  // namespace gc
