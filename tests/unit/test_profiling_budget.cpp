// The profilers' budget (issue 25): the order DHAT and perf measure benchmarks in, the budget
// that stops a round, and the rotation state file that carries the order across runs.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "probes/profiling_budget.hpp"
#include "probes/rotation_state.hpp"

using namespace std::chrono_literals;
using Strings = std::vector<std::string>;

namespace {

// Every benchmark of `order` measured in rounds under `budget`, each taking `each`: the keys
// each round measured, as consecutive runs would, the state carried from one to the next.
std::vector<Strings> rounds(const std::vector<gc::BudgetCandidate>& candidates, std::chrono::seconds budget,
                            std::chrono::seconds each, int count) {
    std::vector<Strings> out;
    gc::RotationState state;
    for (int i = 0; i < count; ++i) {
        gc::ProfilingRound round(gc::profiling_order(candidates, state), budget);
        auto now = gc::ProfilingRound::Clock::time_point{} + std::chrono::hours(i);  // a fake clock
        round.begin(now);
        while (round.next(now)) {
            now += each;
            round.finished(now);
        }
        out.push_back(round.measured());
        state = round.recorded(state);
    }
    return out;
}

}  // namespace

TEST_CASE("profiling order: targets first, then never measured, least recently measured, slowest") {
    const std::vector<gc::BudgetCandidate> c{
        {"p/b/fast", false, 10}, {"p/b/slow", false, 5000}, {"p/b/limited", true, 1}, {"p/b/unknown", false, -1}};
    CHECK(gc::profiling_order(c, {}) == Strings{"p/b/limited", "p/b/slow", "p/b/fast", "p/b/unknown"});

    gc::RotationState state;
    state.rounds = 2;
    state.last = {{"p/b/slow", 2}, {"p/b/fast", 1}, {"p/b/limited", 2}};
    // unknown was never measured, fast longer ago than slow; the target goes first whatever its history.
    CHECK(gc::profiling_order(c, state) == Strings{"p/b/limited", "p/b/unknown", "p/b/fast", "p/b/slow"});
}

TEST_CASE("profiling budget: the first always runs, the next ones while time is left, the rest rotate in") {
    const std::vector<gc::BudgetCandidate> c{{"a", false, 3}, {"b", false, 2}, {"c", false, 1}};
    // 10 s each, a 5 s budget: one per run, the slowest first, then each in turn.
    CHECK(rounds(c, 5s, 10s, 4) == std::vector<Strings>{{"a"}, {"b"}, {"c"}, {"a"}});
    // 20 s budget: two per run (the second starts at 10 s, below 20 s; the third at 20 s does not);
    // in the third, a and c were both measured last in the second: the slower first.
    CHECK(rounds(c, 20s, 10s, 3) == std::vector<Strings>{{"a", "b"}, {"c", "a"}, {"b", "a"}});
    // no budget: everything, every run.
    CHECK(rounds(c, 0s, 100s, 2) == std::vector<Strings>{{"a", "b", "c"}, {"a", "b", "c"}});
    // a target is measured every run, the others rotate behind it.
    const std::vector<gc::BudgetCandidate> t{{"a", false, 3}, {"b", false, 2}, {"t", true, 1}};
    CHECK(rounds(t, 15s, 10s, 3) == std::vector<Strings>{{"t", "a"}, {"t", "b"}, {"t", "a"}});
    // targets the budget cannot fit at once take turns, ahead of the rest.
    const std::vector<gc::BudgetCandidate> two{{"a", false, 9}, {"t1", true, 1}, {"t2", true, 2}};
    CHECK(rounds(two, 5s, 10s, 3) == std::vector<Strings>{{"t2"}, {"t1"}, {"t2"}});

    gc::ProfilingRound round({"a", "b", "c"}, 5s);
    const auto start = gc::ProfilingRound::Clock::time_point{};
    round.begin(start);
    CHECK(round.next(start) == std::optional<std::string>("a"));
    round.finished(start + 7s);
    CHECK_FALSE(round.next(start + 7s));
    CHECK(round.deferred() == Strings{"b", "c"});
    CHECK(round.spent_seconds() == Approx(7.0));

    gc::ProfilingRound stopped({"a", "b"}, 0s);
    stopped.begin(start);
    CHECK(stopped.next(start));
    stopped.stop();  // interrupted
    CHECK_FALSE(stopped.next(start));
    CHECK(stopped.deferred() == Strings{"b"});
}

TEST_CASE("rotation state: recorded rounds keep only this run's benchmarks") {
    gc::RotationState previous;
    previous.rounds = 3;
    previous.last = {{"gone", 1}, {"b", 2}, {"c", 3}};
    gc::ProfilingRound round({"a", "b", "c"}, 0s);
    round.begin({});
    while (round.next({})) {
        if (round.measured().size() == 1) {
            round.stop();
        }
    }
    const auto next = round.recorded(previous);
    CHECK(next.rounds == 4);
    CHECK(next.last == std::map<std::string, std::int64_t>{{"a", 4}, {"b", 2}, {"c", 3}});
}

TEST_CASE("rotation state file: round trip, atomic replace, and a corrupt or absent file is no history") {
    const auto dir = std::filesystem::temp_directory_path() / "gatecheck-rotation-test";
    std::filesystem::remove_all(dir);
    const auto file = dir / "profile" / "rotation.json";
    std::string note;
    CHECK(gc::read_rotation_state(file, note).rounds == 0);  // absent: no history, no note
    CHECK(note.empty());

    gc::RotationState state;
    state.rounds = 5;
    state.last = {{"pkg/bench/group/fn", 5}, {"pkg/legacy", 2}};
    REQUIRE(gc::write_rotation_state(file, state).ok());
    CHECK_FALSE(std::filesystem::exists(file.string() + ".tmp"));
    const auto back = gc::read_rotation_state(file, note);
    CHECK(note.empty());
    CHECK(back.rounds == 5);
    CHECK(back.last == state.last);

    for (const char* corrupt :
         {"", "{", "[]", "{\"version\": 2, \"rounds\": 1, \"last\": {}}",
          "{\"version\": 1, \"rounds\": 1, \"last\": {\"a\": 7}}", "{\"version\": 1, \"rounds\": -1, \"last\": {}}",
          "{\"version\": 1, \"rounds\": 1, \"last\": {\"a\": \"x\"}}"}) {
        INFO(corrupt);
        CHECK_FALSE(gc::parse_rotation_state(corrupt));
        std::ofstream(file, std::ios::trunc) << corrupt;
        note.clear();
        CHECK(gc::read_rotation_state(file, note).last.empty());
        CHECK_FALSE(note.empty());
    }
    // A directory in the file's place cannot be replaced: an error to report, never a crash.
    std::filesystem::remove(file);
    std::filesystem::create_directories(file / "sub");
    CHECK_FALSE(gc::write_rotation_state(file, state).ok());
    note.clear();
    CHECK(gc::read_rotation_state(file, note).last.empty());
    std::filesystem::remove_all(dir);
}
