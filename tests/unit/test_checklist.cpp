#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

#include "report/checklist.hpp"
#include "report/model.hpp"

namespace {

gc::GateResult gate(const std::string& id, gc::GateStatus status) {
    gc::GateResult g;
    g.id = id;
    g.status = status;
    return g;
}

gc::ItemStatus status_of(const std::vector<gc::ChecklistEntry>& entries, const std::string& text) {
    for (const auto& e : entries) {
        if (e.text == text) {
            return e.status;
        }
    }
    FAIL("no checklist item " << text);
    return gc::ItemStatus::error;
}

const std::string kClippy = "Code passes `cargo clippy` with pedantic lints";
const std::string kUnit = "Unit tests with comprehensive coverage";
const std::string kIdioms = "Follow Rust idioms and community conventions";
const std::string kMiri = "Miri testing for undefined behavior detection";

}  // namespace

TEST_CASE("the checklist holds every item of the spec's Rust Quality Gates list") {
    REQUIRE(gc::checklist_items().size() == 29);
}

TEST_CASE("an item's status is the worst of its gates; no gate is not-checked, all skipped is skip") {
    const std::vector<std::pair<std::string, std::vector<std::string>>> items{
        {"clippy", {kClippy}}, {"build", {kClippy}}, {"unit-tests", {kUnit}}, {"fmt", {kIdioms}}, {"docs", {kIdioms}}};
    const std::vector<gc::GateResult> results{gate("clippy", gc::GateStatus::pass),
                                              gate("build", gc::GateStatus::error),
                                              gate("unit-tests", gc::GateStatus::skip),
                                              gate("fmt", gc::GateStatus::warn), gate("docs", gc::GateStatus::fail)};
    const auto entries = gc::build_checklist(results, items);
    CHECK(status_of(entries, kClippy) == gc::ItemStatus::error);
    CHECK(status_of(entries, kUnit) == gc::ItemStatus::skip);
    CHECK(status_of(entries, kIdioms) == gc::ItemStatus::fail);
    CHECK(status_of(entries, kMiri) == gc::ItemStatus::not_checked);
}

TEST_CASE("a gate that proves an item but has no result counts as skipped, never as pass") {
    const auto entries = gc::build_checklist({}, {{"clippy", {kClippy}}});
    CHECK(status_of(entries, kClippy) == gc::ItemStatus::skip);
}

TEST_CASE("item statuses are spelt as the JSON report spells them, and parse back") {
    CHECK(gc::to_string(gc::ItemStatus::not_checked) == "not-checked");
    CHECK(gc::to_string(gc::ItemStatus::manual) == "manual");
    for (const auto s :
         {gc::ItemStatus::pass, gc::ItemStatus::fail, gc::ItemStatus::warn, gc::ItemStatus::skip,
          gc::ItemStatus::unavailable, gc::ItemStatus::error, gc::ItemStatus::manual, gc::ItemStatus::not_checked}) {
        CHECK(gc::parse_item_status(gc::to_string(s)) == s);
    }
    CHECK_FALSE(gc::parse_item_status("not_checked").has_value());
    CHECK_FALSE(gc::parse_item_status("PASS").has_value());
}

TEST_CASE("every gate status maps to the item status of the same name") {
    for (const auto s : {gc::GateStatus::pass, gc::GateStatus::fail, gc::GateStatus::warn, gc::GateStatus::skip,
                         gc::GateStatus::unavailable, gc::GateStatus::error}) {
        CHECK(gc::to_string(gc::to_item_status(s)) == gc::to_string(s));
    }
}

TEST_CASE("a gate whose tool is unavailable does not lower an item another gate evaluated", "[checklist]") {
    const std::string memory = "Memory safety invariants maintained";
    const std::vector<std::pair<std::string, std::vector<std::string>>> items{{"sanitizer", {memory}},
                                                                              {"miri", {kMiri, memory}}};
    auto entries = gc::build_checklist(
        {gate("sanitizer", gc::GateStatus::pass), gate("miri", gc::GateStatus::unavailable)}, items);
    CHECK(status_of(entries, memory) == gc::ItemStatus::pass);
    CHECK(status_of(entries, kMiri) == gc::ItemStatus::unavailable);
    // When Miri ran, the item takes the worse of both.
    entries = gc::build_checklist({gate("sanitizer", gc::GateStatus::pass), gate("miri", gc::GateStatus::fail)}, items);
    CHECK(status_of(entries, memory) == gc::ItemStatus::fail);
    // A tool that broke (error) still lowers it; nothing evaluated leaves it unavailable.
    entries =
        gc::build_checklist({gate("sanitizer", gc::GateStatus::pass), gate("miri", gc::GateStatus::error)}, items);
    CHECK(status_of(entries, memory) == gc::ItemStatus::error);
    entries = gc::build_checklist({gate("sanitizer", gc::GateStatus::skip), gate("miri", gc::GateStatus::unavailable)},
                                  items);
    CHECK(status_of(entries, memory) == gc::ItemStatus::unavailable);
}
