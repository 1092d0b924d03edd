#include <catch2/catch.hpp>

#include "report/checklist.hpp"

TEST_CASE("the checklist holds every item of the spec's Rust Quality Gates list") {
    REQUIRE(gc::checklist_items().size() == 26);
}
