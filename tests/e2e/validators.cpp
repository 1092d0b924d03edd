#include "validators.hpp"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "support.hpp"

namespace e2e {
namespace {

std::string env_dir(const char* name) {
    const char* value = std::getenv(name);
    if (value == nullptr || *value == '\0') {
        throw std::runtime_error(std::string(name) + " is not set: run the tests through ctest");
    }
    return value;
}

fs::path installed() {
    const fs::path dir = env_dir("GATECHECK_VALIDATORS");
    if (!fs::exists(dir / "node_modules")) {
        throw std::runtime_error("no report validators in " + dir.string() + ": run scripts/setup.sh");
    }
    return dir;
}

fs::path sources() {
    return env_dir("GATECHECK_VALIDATORS_SRC");
}

std::string slurp_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

std::string sarif_errors(const std::vector<fs::path>& files) {
    const fs::path tool = installed() / "node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool";
    const fs::path log =
        fs::temp_directory_path() / ("gatecheck-sarif-validate-" + std::to_string(::getpid()) + ".sarif");
    fs::remove(log);
    std::vector<std::string> argv{tool.string(), "validate",       "--rule-kind", "Gh;Sarif",
                                  "--log",       "ForceOverwrite", "-o",          log.string()};
    for (const auto& f : files) {
        argv.push_back(f.string());
    }
    const auto run = run_program(argv, fs::temp_directory_path(), {{"DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "1"}});
    if (!fs::exists(log)) {
        return "sarif-multitool wrote no log (exit " + std::to_string(run.exit_code) + "): " + run.out + run.err;
    }
    const auto doc = nlohmann::json::parse(slurp_file(log));
    fs::remove(log);
    std::string problems;
    const auto& the_run = doc.at("runs").at(0);
    // Its own failures (a file it could not read or parse) are notifications, not results.
    for (const auto& inv : the_run.value("invocations", nlohmann::json::array())) {
        for (const auto& n : inv.value("toolExecutionNotifications", nlohmann::json::array())) {
            if (n.value("level", "warning") == "error") {
                problems += "tool: " + n.at("message").dump() + "\n";
            }
        }
        if (!inv.value("executionSuccessful", true)) {
            problems += "sarif-multitool did not run successfully\n";
        }
    }
    // A result's level defaults to warning (SARIF 3.27.10); only errors fail validation.
    for (const auto& r : the_run.value("results", nlohmann::json::array())) {
        if (r.value("level", "warning") == "error") {
            problems += r.value("ruleId", "?") + ": " + r.at("message").dump() + " at " +
                        r.value("locations", nlohmann::json::array()).dump() + "\n";
        }
    }
    return problems;
}

std::string junit_errors(const std::vector<fs::path>& files) {
    std::vector<std::string> argv{"xmllint", "--noout", "--schema", (sources() / "junit-10.xsd").string()};
    for (const auto& f : files) {
        argv.push_back(f.string());
    }
    const auto run = run_program(argv, fs::temp_directory_path());
    return run.exit_code == 0 ? "" : "xmllint exit " + std::to_string(run.exit_code) + ": " + run.err;
}

std::string codequality_errors(const fs::path& file) {
    const auto run = run_program({"node", (sources() / "validate-codequality.cjs").string(), file.string()},
                                 fs::temp_directory_path(), {{"NODE_PATH", (installed() / "node_modules").string()}});
    return run.exit_code == 0 ? "" : run.out + run.err;
}

}  // namespace e2e
