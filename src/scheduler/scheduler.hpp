#pragma once
// Runs tasks (one external command each) in parallel up to a job limit. Tasks that share a
// lock (a cargo target directory) never run at the same time; an exclusive task (a
// benchmark) runs alone; a task may wait for others (`after`). A finished task's callback
// runs on the scheduler's own thread, so probes can store evidence without locking, and
// may return follow-up tasks (test binaries to run once they are built).
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "process/process.hpp"

namespace gc {

struct Task {
    std::string id;  // e.g. "clippy", "test:gcfx-clean/lib"
    process::Command command;
    std::string lock;        // empty: runs alongside anything (a cargo target dir)
    bool exclusive = false;  // runs alone: nothing else runs while it does (benchmarks)
    // Starts only when no task with one of these ids is pending or running; an id ending in
    // `*` is a prefix ("unit-test@coverage:*"), which also covers follow-ups added later. If nothing runs
    // and nothing can start (a cycle), the first pending task starts anyway.
    std::vector<std::string> after;
    std::shared_ptr<process::LineSink> sink;  // optional: receives stdout while it runs (on the runner's thread)
    // Optional: last changes to the command, on the scheduler's thread, right before it
    // starts (after its `after` tasks finished). If it throws, the task does not run and
    // completes as internal_error.
    std::function<void(process::Command&)> before_start;
    std::function<std::vector<Task>(const process::Completed&)> on_done;
};

struct TaskRecord {
    std::string id;
    std::string command;
    std::string outcome;  // "exit 0", or Completed::describe(); "not started" if cancelled first
    std::chrono::milliseconds duration{0};
    process::Resources resources;
    bool started = true;  // false: never ran (cancelled before it started, or before_start failed)
};

class SchedulerObserver {
public:
    SchedulerObserver() = default;
    SchedulerObserver(const SchedulerObserver&) = delete;
    SchedulerObserver& operator=(const SchedulerObserver&) = delete;
    SchedulerObserver(SchedulerObserver&&) = delete;
    SchedulerObserver& operator=(SchedulerObserver&&) = delete;
    virtual ~SchedulerObserver() = default;
    virtual void started(const Task& task, std::size_t running, std::size_t done, std::size_t known) = 0;
    virtual void finished(const TaskRecord& record, std::size_t running, std::size_t done, std::size_t known) = 0;
    // Called a few times a second while tasks run (for a live progress line).
    virtual void tick() {}
};

// Runs every task (and the follow-ups they return) and returns one record per task in
// completion order. Tasks start in order, skipping those that must wait; an exclusive task
// that waits only for running tasks to end holds back the tasks behind it, so it cannot be
// starved. When process::cancel_requested() becomes true, no new task starts; the tasks
// never started get their callback with an `Outcome::cancelled` result. An exception from
// the runner becomes an internal_error result of that task; the run goes on.
std::vector<TaskRecord> run_tasks(std::vector<Task> tasks, process::Runner& runner, std::size_t jobs,
                                  SchedulerObserver* observer = nullptr);

}  // namespace gc
