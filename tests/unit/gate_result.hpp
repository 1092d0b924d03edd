#pragma once
// Reading a gate's result in unit tests.
#include <catch2/catch.hpp>

#include <string>

#include "report/model.hpp"

namespace unit {

// The value of metric `name`; a test failure when the gate has none.
inline double metric(const gc::GateResult& r, const std::string& name) {
    for (const auto& [key, value] : r.metrics) {
        if (key == name) {
            return value;
        }
    }
    FAIL("no metric " << name);
    return -1;
}

}  // namespace unit
