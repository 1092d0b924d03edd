#pragma once
// What the user sees while probes run: a live status line on a terminal, the commands
// themselves with -v, nothing otherwise.
#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include "scheduler/scheduler.hpp"

namespace gc {

class Progress final : public SchedulerObserver {
public:
    Progress(bool live, bool verbose);
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;
    Progress(Progress&&) = delete;
    Progress& operator=(Progress&&) = delete;
    ~Progress() override;
    void started(const Task& task, std::size_t running, std::size_t done, std::size_t known) override;
    void finished(const TaskRecord& record, std::size_t running, std::size_t done, std::size_t known) override;
    void tick() override;
    void clear();

private:
    void redraw();
    bool live_;
    bool verbose_;
    bool drawn_ = false;
    std::size_t done_ = 0;
    std::size_t known_ = 0;
    std::map<std::string, std::chrono::steady_clock::time_point> running_;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace gc
