// async: clippy's lints on costly or pointless futures, when the crate has async code at all.
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "gates/common.hpp"
#include "gates/gates.hpp"
#include "probes/keys.hpp"

namespace gc::gates {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& path) {
    std::ifstream in(path);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Whether a selected package has async code: an `async fn` / `async {` / `async move` in one of
// its .rs files (its target dir and hidden dirs skipped, whole-line comments ignored), or
// tokio / async-std among the dependencies its Cargo.toml names.
bool has_async_code(const Workspace& ws) {
    static const std::regex async_code(R"((^|[^\w])async\s+(fn\b|move\b|\{))");
    static const std::regex runtime(R"((^|\n)\s*(\[[\w.-]*dependencies\.)?(tokio|async-std|async_std)\b\]?\s*[=\n])");
    for (const auto* pkg : ws.selected_packages()) {
        if (std::regex_search(slurp(pkg->manifest_path), runtime)) {
            return true;
        }
        std::error_code ec;
        for (fs::recursive_directory_iterator it(pkg->root(), ec), end; !ec && it != end; it.increment(ec)) {
            const auto name = it->path().filename().string();
            if (it->is_directory(ec) && (name == "target" || (!name.empty() && name[0] == '.'))) {
                it.disable_recursion_pending();
                continue;
            }
            if (it->path().extension() != ".rs") {
                continue;
            }
            std::istringstream lines(slurp(it->path()));
            for (std::string line; std::getline(lines, line);) {
                const auto code = line.find_first_not_of(" \t");
                if (code != std::string::npos && line.compare(code, 2, "//") != 0 &&
                    std::regex_search(line, async_code)) {
                    return true;
                }
            }
        }
    }
    return false;
}

class AsyncGate final : public Gate {
public:
    [[nodiscard]] const GateInfo& info() const override {
        static const GateInfo info{
            "async",
            "Performance",
            {"Async performance optimized"},
            "when the crate has async code (an async fn or block in its sources, or tokio / async-std in its "
            "manifest): the shared cargo clippy run with clippy::large_futures, unused_async, async_yields_async, "
            "future_not_send",
            {keys::clippy.family},
            {"max_findings (integer, 0): more distinct findings than this fail the gate"}};
        return info;
    }
    [[nodiscard]] std::vector<SettingSpec> settings() const override {
        return {{"max_findings", SettingSpec::Type::integer, std::int64_t{0}, "distinct findings allowed"}};
    }
    [[nodiscard]] std::vector<LintRequest> lints() const override {
        return {{"clippy::large_futures"},
                {"clippy::unused_async"},
                {"clippy::async_yields_async"},
                {"clippy::future_not_send"}};
    }
    [[nodiscard]] GateResult evaluate(const GateInput& in) const override {
        GateResult r = start(info(), in.settings);
        const auto view = own_lints(in.evidence, lints());
        const auto* ev = view.get();
        if (ev == nullptr) {
            return from_problem(std::move(r), problem_of(view, "cargo clippy did not run"));
        }
        const bool async_code = has_async_code(in.workspace);
        r = evaluate_lints(std::move(r), *ev, lints(), in.settings.integer("max_findings"),
                           async_code ? "async code, and no costly or pointless future" : "no async code");
        r.metrics.emplace_back("async_code", async_code ? 1.0 : 0.0);
        return r;
    }
};

}  // namespace

std::unique_ptr<Gate> make_async_gate() {
    return std::make_unique<AsyncGate>();
}

}  // namespace gc::gates
