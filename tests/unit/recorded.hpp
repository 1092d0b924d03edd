#pragma once
// Recorded real output (tests/data/, written by scripts/record-samples.sh) for unit tests.
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "cargo/workspace.hpp"

namespace recorded {

inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw std::runtime_error("cannot read " + path + " (test data: run scripts/record-samples.sh)");
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

inline std::string read_data(const std::string& relative) {
    return read_file(std::string(GATECHECK_TEST_DATA) + "/" + relative);
}

inline int recorded_exit(const std::string& fixture, const std::string& probe) {
    return std::stoi(read_data(fixture + "/" + probe + ".exit"));
}

// The workspace of a recorded fixture (its `cargo metadata`), every member selected.
inline gc::Workspace workspace_of(const std::string& fixture) {
    auto parsed = gc::parse_cargo_metadata(read_data(fixture + "/metadata.stdout"));
    if (!parsed) {
        throw std::runtime_error("cannot parse " + fixture + "/metadata.stdout: " + parsed.error().message);
    }
    gc::Workspace ws = std::move(parsed.value());
    for (std::size_t i = 0; i < ws.members.size(); ++i) {
        ws.selected.push_back(i);
    }
    return ws;
}

}  // namespace recorded
