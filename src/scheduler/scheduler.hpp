#pragma once
// Runs tasks (one external command each) in parallel up to a job limit. Tasks that share a
// lock (a cargo target directory) never run at the same time. A finished task's callback
// runs on the scheduler's own thread, so probes can store evidence without locking, and
// may return follow-up tasks (test binaries to run once they are built).
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "process/process.hpp"

namespace gc {

struct Task {
    std::string id;  // e.g. "clippy", "test:gcfx-clean/lib"
    process::Command command;
    std::string lock;  // empty: runs alongside anything
    std::function<std::vector<Task>(const process::Completed&)> on_done;
};

struct TaskRecord {
    std::string id;
    std::string command;
    std::string outcome;
    std::chrono::milliseconds duration{0};
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
// completion order. When process::cancel_requested() becomes true, no new task starts; the
// tasks never started get their callback with an `Outcome::cancelled` result.
std::vector<TaskRecord> run_tasks(std::vector<Task> tasks, process::Runner& runner, std::size_t jobs,
                                  SchedulerObserver* observer = nullptr);

}  // namespace gc
