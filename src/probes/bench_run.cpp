// The bench runs and their parsers (probes/bench_run.hpp). Each executable runs alone
// (exclusive), from its package root like cargo bench, with criterion's results in a home of
// its own under gatecheck's bench dir: never in the user's target/criterion.
#include "probes/bench_run.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <regex>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "evidence/keys.hpp"

namespace gc::probes {

namespace {

// "1,234.5" -> 1234.5 (libtest groups digits with commas). Nothing for what the line's
// pattern lets through but is no number ("," or "1.2.3"; found by tests/fuzz/): std::stod
// would throw out of the parser.
std::optional<double> plain_number(std::string text) {
    text.erase(std::remove(text.begin(), text.end(), ','), text.end());
    double value = 0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc{} || ptr != end) {
        return std::nullopt;
    }
    return value;
}

}  // namespace

std::vector<BenchEstimate> parse_bench_lines(std::string_view text) {
    static const std::regex line(R"(^test (.+?)\s+\.\.\. bench:\s+([0-9,.]+) ns/iter \(\+/- ([0-9,.]+)\))");
    std::vector<BenchEstimate> out;
    std::istringstream in{std::string(text)};
    std::string l;
    while (std::getline(in, l)) {
        std::smatch m;
        if (!std::regex_search(l, m, line)) {
            continue;
        }
        // A line whose figures are not numbers is not a result (no estimate: the benchmark
        // counts as not measured), like any other line that does not match.
        const auto median = plain_number(m[2].str());
        const auto spread = plain_number(m[3].str());
        if (median && spread) {
            out.push_back({m[1].str(), "median", {*median, std::max(0.0, *median - *spread), *median + *spread}, 0});
        }
    }
    return out;
}

std::size_t count_criterion_reports(std::string_view text) {
    std::size_t n = 0;
    for (auto pos = text.find("time:   ["); pos != std::string_view::npos; pos = text.find("time:   [", pos + 1)) {
        ++n;
    }
    return n;
}

namespace {

std::optional<Interval> interval(const nlohmann::json& doc, const char* name) {
    if (!doc.contains(name) || !doc.at(name).is_object()) {
        return std::nullopt;
    }
    const auto& e = doc.at(name);
    const auto& ci = e.at("confidence_interval");
    return Interval{e.at("point_estimate").get<double>(), ci.at("lower_bound").get<double>(),
                    ci.at("upper_bound").get<double>()};
}

}  // namespace

Result<BenchEstimate> parse_criterion_estimate(std::string_view estimates_json, std::string_view benchmark_json) {
    const auto est = nlohmann::json::parse(estimates_json, nullptr, false);
    const auto bench = nlohmann::json::parse(benchmark_json, nullptr, false);
    if (est.is_discarded() || bench.is_discarded() || !est.is_object() || !bench.is_object()) {
        return make_error(ErrorKind::input, "criterion's estimates.json or benchmark.json is not JSON");
    }
    try {
        BenchEstimate e;
        e.id = bench.at("full_id").get<std::string>();
        const auto slope = interval(est, "slope");
        const auto mean = interval(est, "mean");
        if (!mean) {
            return make_error(ErrorKind::input, fmt::format("criterion's estimates of {} have no mean", e.id));
        }
        e.statistic = slope ? "slope" : "mean";
        e.estimate = slope ? *slope : *mean;
        e.confidence = est.at("mean").at("confidence_interval").at("confidence_level").get<double>();
        e.median = interval(est, "median");
        return e;
    } catch (const nlohmann::json::exception& ex) {
        return make_error(ErrorKind::input,
                          fmt::format("criterion's estimates do not have the 0.3 shape: {}", ex.what()));
    }
}

namespace {

std::optional<std::string> slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

Result<std::vector<BenchEstimate>> read_criterion_dir(const std::filesystem::path& home,
                                                      std::filesystem::file_time_type since) {
    std::vector<BenchEstimate> out;
    std::error_code ec;
    if (!std::filesystem::exists(home, ec)) {
        return out;
    }
    for (auto it = std::filesystem::recursive_directory_iterator(home, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
        const auto& p = it->path();
        if (p.filename() != "estimates.json" || p.parent_path().filename() != "new") {
            continue;
        }
        if (std::filesystem::last_write_time(p, ec) < since) {
            continue;  // an earlier run's benchmark, not one this run measured
        }
        const auto est = slurp(p);
        const auto bench = slurp(p.parent_path() / "benchmark.json");
        if (!est || !bench) {
            return make_error(ErrorKind::input, fmt::format("cannot read {} and its benchmark.json", p.string()));
        }
        auto e = parse_criterion_estimate(*est, *bench);
        if (!e) {
            return e.error();
        }
        out.push_back(std::move(*e));
    }
    if (ec) {
        return make_error(ErrorKind::input, fmt::format("cannot read {}: {}", home.string(), ec.message()));
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    return out;
}

namespace {

nlohmann::json to_json(const Interval& i) {
    return {{"point", i.point}, {"lower", i.lower}, {"upper", i.upper}};
}

Interval from_json(const nlohmann::json& j) {
    return {j.at("point").get<double>(), j.at("lower").get<double>(), j.at("upper").get<double>()};
}

}  // namespace

std::string baseline_json(const std::vector<BenchEstimate>& estimates) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& e : estimates) {
        nlohmann::json j{
            {"id", e.id}, {"statistic", e.statistic}, {"estimate", to_json(e.estimate)}, {"confidence", e.confidence}};
        if (e.median) {
            j["median"] = to_json(*e.median);
        }
        list.push_back(std::move(j));
    }
    return nlohmann::json{{"format", "gatecheck-bench-baseline-1"}, {"unit", "ns/iter"}, {"benchmarks", list}}.dump(2) +
           "\n";
}

Result<std::vector<BenchEstimate>> parse_baseline_json(std::string_view text) {
    const auto doc = nlohmann::json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object() || doc.value("format", "") != "gatecheck-bench-baseline-1") {
        return make_error(ErrorKind::input, "not a gatecheck bench baseline (gatecheck-bench-baseline-1)");
    }
    try {
        std::vector<BenchEstimate> out;
        for (const auto& j : doc.at("benchmarks")) {
            BenchEstimate e{j.at("id").get<std::string>(), j.at("statistic").get<std::string>(),
                            from_json(j.at("estimate")), j.at("confidence").get<double>()};
            if (j.contains("median")) {
                e.median = from_json(j.at("median"));
            }
            out.push_back(std::move(e));
        }
        return out;
    } catch (const nlohmann::json::exception& ex) {
        return make_error(ErrorKind::input, fmt::format("bench baseline: {}", ex.what()));
    }
}

}  // namespace gc::probes
