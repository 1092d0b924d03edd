// perf script's sample blocks: a header line ("comm tid period"), then one indented line per
// frame, innermost first ("\t    b95d4 gcfx::slow (/path/to/bench)"), then a blank line.
#include "probes/perf_profile.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include <fmt/format.h>

#include "probes/dhat_report.hpp"

namespace gc {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())) != 0) {
        s.remove_prefix(1);
    }
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())) != 0) {
        s.remove_suffix(1);
    }
    return s;
}

bool is_hex(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
}

// "cfree@GLIBC_2.2.5" -> "cfree"; ';' would split a folded stack.
std::string clean_symbol(std::string_view sym) {
    if (const auto at = sym.find("@GLIBC"); at != std::string_view::npos) {
        sym = sym.substr(0, at);
    }
    std::string out(sym);
    std::replace(out.begin(), out.end(), ';', ':');
    return out;
}

// The routine's own closures and the call shims between criterion's loop and the function
// the benchmark calls.
bool is_routine_glue(std::string_view function) {
    return function.find("{{closure}}") != std::string_view::npos || function.starts_with("core::ops::function::") ||
           function.find("black_box") != std::string_view::npos;
}

}  // namespace

void PerfScriptParser::line(std::string_view text) {
    if (trim(text).empty()) {
        end_sample();
        return;
    }
    if (std::isspace(static_cast<unsigned char>(text.front())) == 0) {
        end_sample();  // a header without the blank line before it
        in_sample_ = true;
        return;
    }
    const auto body = trim(text);
    const auto space = body.find(' ');
    const auto open = body.rfind(" (");
    if (!in_sample_ || space == std::string_view::npos || !is_hex(body.substr(0, space)) ||
        open == std::string_view::npos || !body.ends_with(")")) {
        ++unparsed_lines_;
        return;
    }
    const auto sym = open > space ? trim(body.substr(space + 1, open - space - 1)) : std::string_view{};
    frames_.push_back(Frame{clean_symbol(sym.empty() ? "[unknown]" : sym),
                            std::string(body.substr(open + 2, body.size() - open - 3))});
}

void PerfScriptParser::end_sample() {
    if (!in_sample_) {
        return;
    }
    in_sample_ = false;
    if (frames_.empty()) {
        frames_.push_back(Frame{"[unknown]", "[unknown]"});  // a sample perf could not place
    }
    const auto owner = outermost_benchmark_frame(frames_, ids_);
    const auto loop = loop_frame(owner ? static_cast<std::ptrdiff_t>(owner->first) : -1);
    all_.add(frames_, loop);
    if (owner) {
        by_benchmark_[owner->second].add(frames_, loop);
    }
    frames_.clear();
}

// The measured loop's frame (criterion's, or libtest's when not inlined), else the function
// of the bench target the loop is inlined into: from the benchmark function inward, the last
// of the bench target's own frames (helpers, closures); -1 when the sample is outside both.
std::ptrdiff_t PerfScriptParser::loop_frame(std::ptrdiff_t owner) const {
    const auto loop = std::find_if(frames_.begin(), frames_.end(),
                                   [](const Frame& f) { return is_measured_loop_frame(f.function, ""); });
    if (loop != frames_.end()) {
        return loop - frames_.begin();
    }
    auto inner = owner;
    while (inner > 0 && is_bench_target_code(frames_[static_cast<std::size_t>(inner - 1)].function)) {
        --inner;
    }
    return inner;
}

// The bench target's own code: its crate's functions and closures, `<crate::..>` impls. Not
// for a target named like a crate of the standard library (`alloc`, `core`, `std`, `test`),
// whose paths cannot be told from the library's.
bool PerfScriptParser::is_bench_target_code(std::string_view function) const {
    static constexpr std::array<std::string_view, 5> kStd{"alloc", "core", "std", "test", "proc_macro"};
    if (bench_crate_.empty() || std::find(kStd.begin(), kStd.end(), bench_crate_) != kStd.end()) {
        return false;
    }
    const auto prefix = bench_crate_ + "::";
    return function.starts_with(prefix) || (function.starts_with("<") && function.substr(1).starts_with(prefix));
}

// Frames are innermost first: inside the measured loop's frame come the routine's closures,
// then the function the benchmark calls. The leaf is "the loop" when it is the loop frame or
// one of those closures, "the subject" when it is that function.
void PerfScriptParser::Accumulator::add(const std::vector<Frame>& frames, std::ptrdiff_t loop) {
    ++profile.samples;
    const auto& leaf = frames.front();
    auto& hot = self[leaf.function];
    hot.function = leaf.function;
    hot.dso = leaf.dso;
    ++hot.samples;
    if (loop >= 0) {
        auto subject = loop - 1;
        while (subject >= 0 && is_routine_glue(frames[static_cast<std::size_t>(subject)].function)) {
            --subject;
        }
        if (loop == 0 || subject < 0) {
            hot.measured_loop = true;  // the loop itself, or a closure of the routine with no call left
        } else if (subject == 0) {
            hot.benchmark_subject = true;
        }
    }
    std::string stack;
    for (auto it = frames.rbegin(); it != frames.rend(); ++it) {
        stack += (stack.empty() ? "" : ";") + it->function;
    }
    ++profile.folded[stack];
}

CpuProfile PerfScriptParser::Accumulator::finish() {
    CpuProfile out = std::move(profile);
    for (auto& [name, hot] : self) {
        hot.share = out.samples > 0 ? 100.0 * static_cast<double>(hot.samples) / static_cast<double>(out.samples) : 0;
        out.functions.push_back(std::move(hot));
    }
    std::stable_sort(out.functions.begin(), out.functions.end(),
                     [](const HotFunction& a, const HotFunction& b) { return a.samples > b.samples; });
    self.clear();
    profile = CpuProfile{};
    return out;
}

CpuProfile PerfScriptParser::finish() {
    end_sample();
    auto out = all_.finish();
    out.unparsed_lines = unparsed_lines_;
    by_benchmark_.clear();
    unparsed_lines_ = 0;
    return out;
}

std::map<std::string, CpuProfile> PerfScriptParser::finish_by_benchmark() {
    end_sample();
    std::map<std::string, CpuProfile> out;
    for (const auto& id : ids_) {
        out[id] = by_benchmark_[id].finish();
        out[id].unparsed_lines = unparsed_lines_;
    }
    all_ = Accumulator{};
    by_benchmark_.clear();
    unparsed_lines_ = 0;
    return out;
}

CpuProfile parse_perf_script(std::string_view text) {
    PerfScriptParser parser;
    while (!text.empty()) {
        const auto nl = text.find('\n');
        parser.line(text.substr(0, nl));
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    }
    return parser.finish();
}

std::string folded_text(const CpuProfile& profile) {
    std::vector<std::pair<std::string, long long>> stacks(profile.folded.begin(), profile.folded.end());
    std::stable_sort(stacks.begin(), stacks.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    std::string out;
    for (const auto& [stack, n] : stacks) {
        out += fmt::format("{} {}\n", stack, n);
    }
    return out;
}

}  // namespace gc
