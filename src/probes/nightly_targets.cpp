#include "probes/nightly_targets.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <regex>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "probes/concurrency_scan.hpp"

namespace gc::probes {

std::optional<std::string> nightly_feature(std::string_view source) {
    if (source.find("feature") == std::string_view::npos && source.find("bench") == std::string_view::npos) {
        return std::nullopt;
    }
    const std::string code = code_only(source);
    static const std::regex feature(R"(#\s*!\s*\[\s*feature\s*\(([^)]*)\))");
    if (std::smatch m; std::regex_search(code, m, feature)) {
        std::string names = m[1].str();
        names.erase(std::remove_if(names.begin(), names.end(), [](char c) { return c == ' ' || c == '\n'; }),
                    names.end());
        return fmt::format("#![feature({})]", names);
    }
    static const std::regex bench(R"(#\s*\[\s*bench\s*\])");
    if (std::regex_search(code, bench)) {
        return std::string("#[bench]");
    }
    return std::nullopt;
}

std::vector<NightlyTarget> nightly_targets(const Workspace& ws, const TargetScope& scope) {
    std::vector<NightlyTarget> out;
    for (const auto* pkg : ws.selected_packages()) {
        for (const auto& t : pkg->targets) {
            const auto kind = t.kind();
            const bool candidate = kind == "bench" || kind == "example";
            const bool seen = std::any_of(out.begin(), out.end(),
                                          [&](const NightlyTarget& n) { return n.kind == kind && n.name == t.name; });
            if (!candidate || seen || scope.configured_excludes(t)) {
                continue;
            }
            std::ifstream in(t.src_path, std::ios::binary);
            if (!in) {
                continue;
            }
            const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
            if (auto reason = nightly_feature(text)) {
                out.push_back({kind, t.name, ws.relative(t.src_path), std::move(*reason)});
            }
        }
    }
    return out;
}

std::string nightly_note(const std::vector<NightlyTarget>& targets) {
    std::vector<std::string> each;
    bool benches = false;
    for (const auto& t : targets) {
        each.push_back(fmt::format("{} ({} `{}`) uses {}", t.file, t.kind, t.name, t.reason));
        benches = benches || t.kind == "bench";
    }
    return fmt::format(
        "{}: {} nightly, so {} left out of the stable builds (build, clippy and the lint gates, features, tests, "
        "docs){}",
        fmt::join(each, "; "), targets.size() == 1 ? "needs" : "need", targets.size() == 1 ? "it is" : "they are",
        benches ? "; the benchmark gates (benchmarks, allocations, profile) still build and run the benches, with "
                  "RUSTC_BOOTSTRAP=1"
                : "");
}

}  // namespace gc::probes
