// perf script's sample blocks: a header line ("comm tid period"), then one indented line per
// frame, innermost first ("\t    b95d4 gcfx::slow (/path/to/bench)"), then a blank line.
#include "probes/perf_profile.hpp"

#include <algorithm>
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
        ++profile_.unparsed_lines;
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
    ++profile_.samples;
    const auto& leaf = frames_.front();
    auto& hot = self_[leaf.function];
    hot.function = leaf.function;
    hot.dso = leaf.dso;
    ++hot.samples;
    hot.measured_loop = hot.measured_loop || is_measured_loop_frame(leaf.function, "");
    std::string stack;
    for (auto it = frames_.rbegin(); it != frames_.rend(); ++it) {
        stack += (stack.empty() ? "" : ";") + it->function;
    }
    ++profile_.folded[stack];
    frames_.clear();
}

CpuProfile PerfScriptParser::finish() {
    end_sample();
    CpuProfile out = std::move(profile_);
    for (auto& [name, hot] : self_) {
        hot.share = out.samples > 0 ? 100.0 * static_cast<double>(hot.samples) / static_cast<double>(out.samples) : 0;
        out.functions.push_back(std::move(hot));
    }
    std::stable_sort(out.functions.begin(), out.functions.end(),
                     [](const HotFunction& a, const HotFunction& b) { return a.samples > b.samples; });
    self_.clear();
    profile_ = CpuProfile{};
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
