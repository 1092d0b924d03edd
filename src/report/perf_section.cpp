#include "report/perf_section.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

namespace gc {
namespace {

const GateResult* find(const Report& report, const std::string& id) {
    const auto it =
        std::find_if(report.gates.begin(), report.gates.end(), [&](const GateResult& g) { return g.id == id; });
    return it == report.gates.end() ? nullptr : &*it;
}

// "<id>:<suffix>" metrics of a gate (or "<id>.<suffix>" with that separator), by id.
std::map<std::string, double> by_suffix(const GateResult* gate, const std::string& suffix, char separator = ':') {
    std::map<std::string, double> out;
    if (gate == nullptr) {
        return out;
    }
    const auto tail = separator + suffix;
    for (const auto& [name, value] : gate->metrics) {
        if (name.size() > tail.size() && name.compare(name.size() - tail.size(), tail.size(), tail) == 0) {
            out[name.substr(0, name.size() - tail.size())] = value;
        }
    }
    return out;
}

std::optional<double> lookup(const std::map<std::string, double>& m, const std::string& id) {
    const auto it = m.find(id);
    return it == m.end() ? std::nullopt : std::optional<double>(it->second);
}

void add_benchmarks(PerfSection& s, const Report& report) {
    const auto* bench = find(report, "benchmarks");
    const auto ns = by_suffix(bench, "ns");
    const auto lower = by_suffix(bench, "ns_lower");
    const auto upper = by_suffix(bench, "ns_upper");
    const auto* targets = find(report, "bench-targets");
    const auto change = by_suffix(targets, "change");
    const auto change_lower = by_suffix(targets, "change_lower");
    const auto change_upper = by_suffix(targets, "change_upper");
    const auto* allocations = find(report, "allocations");
    const auto allocs = by_suffix(allocations, "allocs_per_iter", '.');
    const auto bytes = by_suffix(allocations, "bytes_per_iter", '.');
    for (const auto& [id, point] : ns) {
        PerfBenchmark b;
        b.id = id;
        b.ns = point;
        b.ns_lower = lookup(lower, id).value_or(point);
        b.ns_upper = lookup(upper, id).value_or(point);
        b.change = lookup(change, id);
        b.change_lower = lookup(change_lower, id);
        b.change_upper = lookup(change_upper, id);
        b.allocations_per_iter = lookup(allocs, id);
        b.bytes_per_iter = lookup(bytes, id);
        s.benchmarks.push_back(std::move(b));
    }
}

void add_memory(PerfSection& s, const Report& report) {
    const auto* memory = find(report, "memory");
    if (memory == nullptr) {
        return;
    }
    for (const auto& [target, bytes] : by_suffix(memory, "max_rss_bytes")) {
        if (!s.peak_rss_bytes || bytes > *s.peak_rss_bytes) {
            s.peak_rss_bytes = bytes;
            s.peak_rss_target = target;
        }
    }
}

void add_hotspots(PerfSection& s, const Report& report) {
    const auto* profile = find(report, "profile");
    if (profile == nullptr) {
        return;
    }
    for (const auto& [name, share] : profile->metrics) {
        if (name.rfind("hotspot:", 0) == 0) {
            s.hotspots.push_back({name.substr(8), share});
        }
    }
    std::stable_sort(s.hotspots.begin(), s.hotspots.end(),
                     [](const PerfHotspot& a, const PerfHotspot& b) { return a.share > b.share; });
    if (s.hotspots.size() > 5) {
        s.hotspots.resize(5);
    }
}

}  // namespace

PerfSection performance_analysis(const Report& report) {
    PerfSection s;
    add_benchmarks(s, report);
    add_memory(s, report);
    add_hotspots(s, report);
    return s;
}

std::string perf_time(double ns) {
    if (ns < 1e3) {
        return fmt::format("{:.4g} ns", ns);
    }
    if (ns < 1e6) {
        return fmt::format("{:.4g} µs", ns / 1e3);
    }
    if (ns < 1e9) {
        return fmt::format("{:.4g} ms", ns / 1e6);
    }
    return fmt::format("{:.4g} s", ns / 1e9);
}

std::string perf_bytes(double bytes) {
    return fmt::format("{:.1f} MiB", bytes / (1024.0 * 1024.0));
}

namespace {

std::string benchmark_line(const PerfBenchmark& b) {
    auto line = fmt::format("- {}: {} ({} .. {})", b.id, perf_time(b.ns), perf_time(b.ns_lower), perf_time(b.ns_upper));
    if (b.change) {
        line += fmt::format(", {:+.1f}% against the baseline ({:+.1f}% .. {:+.1f}%)", *b.change * 100,
                            b.change_lower.value_or(*b.change) * 100, b.change_upper.value_or(*b.change) * 100);
    }
    if (b.allocations_per_iter) {
        line += *b.allocations_per_iter == 0 ? ", zero allocations"
                                             : fmt::format(", {:.3g} allocations/iter", *b.allocations_per_iter);
        if (b.bytes_per_iter && *b.allocations_per_iter != 0) {
            line += fmt::format(" ({:.3g} bytes)", *b.bytes_per_iter);
        }
    }
    return line + "\n";
}

}  // namespace

std::string render_perf_markdown(const PerfSection& s) {
    std::string out = "## Benchmarks\n";
    if (s.benchmarks.empty()) {
        out += "- No benchmark measured\n";
    }
    for (const auto& b : s.benchmarks) {
        out += benchmark_line(b);
    }
    if (s.peak_rss_bytes) {
        out += fmt::format("- Memory usage: peak RSS {} ({})\n", perf_bytes(*s.peak_rss_bytes), s.peak_rss_target);
    }
    if (!s.hotspots.empty()) {
        std::string list;
        for (const auto& h : s.hotspots) {
            list += fmt::format("{}{} {:.1f}%", list.empty() ? "" : ", ", h.function, h.share);
        }
        out += "- CPU hotspots: " + list + "\n";
    }
    return out;
}

}  // namespace gc
