#include "engine/progress.hpp"

#include <cstdio>

#include <fmt/format.h>

namespace gc {

Progress::Progress(bool live, bool verbose) : live_(live), verbose_(verbose) {}

Progress::~Progress() {
    clear();
}

void Progress::clear() {
    if (drawn_) {
        std::fputs("\r\x1b[K", stderr);
        std::fflush(stderr);
        drawn_ = false;
    }
}

void Progress::started(const Task& task, std::size_t /*running*/, std::size_t done, std::size_t known) {
    running_[task.id] = std::chrono::steady_clock::now();
    done_ = done;
    known_ = known;
    if (verbose_) {
        clear();
        fmt::print(stderr, "gatecheck: running {}: {}\n", task.id, task.command.display());
    }
    redraw();
}

void Progress::finished(const TaskRecord& record, std::size_t /*running*/, std::size_t done, std::size_t known) {
    running_.erase(record.id);
    done_ = done;
    known_ = known;
    if (verbose_) {
        clear();
        fmt::print(stderr, "gatecheck: finished {}: {} ({} ms)\n", record.id, record.outcome, record.duration.count());
    }
    redraw();
}

void Progress::tick() {
    redraw();
}

void Progress::redraw() {
    if (!live_ || running_.empty()) {
        clear();
        return;
    }
    std::string names;
    for (const auto& [id, since] : running_) {
        names += (names.empty() ? "" : ", ") + id;
    }
    if (names.size() > 60) {
        names = names.substr(0, 57) + "...";
    }
    const auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    fmt::print(stderr, "\r\x1b[K[{}/{}] {} ({:.0f} s)", done_, known_, names, elapsed);
    std::fflush(stderr);
    drawn_ = true;
}

}  // namespace gc
