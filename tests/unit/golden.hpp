#pragma once
// Golden-file ("approval") checks, after Catch2's own approval tests: a renderer's output is
// compared with the file under tests/data/golden that a person approved. On a difference the
// output is written beside it as NAME.unapproved (git-ignored) to diff and, if right, to
// approve; GATECHECK_UPDATE_GOLDEN=1 rewrites every golden file instead.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

namespace golden {

inline std::filesystem::path dir() {
    return std::filesystem::path(GATECHECK_TEST_DATA) / "golden";
}

inline std::string read(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The first line where a and b differ, for the failure message.
inline std::string first_difference(const std::string& a, const std::string& b) {
    std::istringstream sa(a);
    std::istringstream sb(b);
    std::string la;
    std::string lb;
    for (int n = 1;; ++n) {
        const bool ga = static_cast<bool>(std::getline(sa, la));
        const bool gb = static_cast<bool>(std::getline(sb, lb));
        if (!ga && !gb) {
            return "the same lines, different line ends";
        }
        if (ga != gb || la != lb) {
            return "line " + std::to_string(n) + ":\n  golden: " + (ga ? la.substr(0, 300) : "<end>") +
                   "\n  actual: " + (gb ? lb.substr(0, 300) : "<end>");
        }
    }
}

inline void check(const std::string& name, const std::string& actual) {
    const auto path = dir() / name;
    const auto unapproved = dir() / (name + ".unapproved");
    const char* update = std::getenv("GATECHECK_UPDATE_GOLDEN");
    if (update != nullptr && std::string(update) == "1") {
        std::ofstream(path, std::ios::binary) << actual;
        std::filesystem::remove(unapproved);
        WARN("rewrote " << path.string());
        return;
    }
    INFO("golden file " << path.string() << " (GATECHECK_UPDATE_GOLDEN=1 rewrites it)");
    REQUIRE(std::filesystem::exists(path));
    const std::string expected = read(path);
    if (expected != actual) {
        std::ofstream(unapproved, std::ios::binary) << actual;
        FAIL("differs from the golden file; the output is in " << unapproved.string() << "\n"
                                                               << first_difference(expected, actual));
    }
    std::filesystem::remove(unapproved);
}

}  // namespace golden
