#include "probes/parsers.hpp"
#include "core/text.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <regex>
#include <set>
#include <tuple>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace gc {
namespace {

using json = nlohmann::json;

bool blank(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t'; });
}

json parse_object(std::string_view line) {
    auto j = json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        return json();
    }
    return j;
}

// Typed field access that never throws: a field of the wrong type reads as absent.
std::string str(const json& obj, const char* key) {
    const auto it = obj.find(key);
    return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<bool> boolean(const json& obj, const char* key) {
    const auto it = obj.find(key);
    return it != obj.end() && it->is_boolean() ? std::optional<bool>(it->get<bool>()) : std::nullopt;
}

std::optional<long> count(const json& obj, const char* key) {
    const auto it = obj.find(key);
    if (it == obj.end() || !it->is_number_integer()) {
        return std::nullopt;
    }
    if (it->is_number_unsigned()) {
        const auto v = it->get<std::uint64_t>();
        return v <= static_cast<std::uint64_t>(std::numeric_limits<long>::max())
                   ? std::optional<long>(static_cast<long>(v))
                   : std::nullopt;
    }
    const auto v = it->get<std::int64_t>();
    return v >= 0 ? std::optional<long>(static_cast<long>(v)) : std::nullopt;
}

double seconds(const json& obj, const char* key) {
    const auto it = obj.find(key);
    return it != obj.end() && it->is_number() ? it->get<double>() : 0.0;
}

// A decimal that fits an int, or nothing (never throws, unlike std::stoi).
// The source text a span covers (rustc's "text" lines), for line-independent fingerprints.
std::string span_snippet(const json& span) {
    std::string out;
    const auto text = span.find("text");
    if (text == span.end() || !text->is_array()) {
        return out;
    }
    for (const auto& t : *text) {
        if (t.is_object()) {
            out += (out.empty() ? "" : "\n") + str(t, "text");
        }
    }
    return out;
}

// The span a user should look at: the primary one, followed out of macro expansions
// defined outside the crate (a span in /rustc/... or a registry crate) to the call site.
void locate(const json& spans, Diagnostic& d) {
    const json* chosen = nullptr;
    for (const auto& s : spans) {
        if (s.is_object() && boolean(s, "is_primary").value_or(false)) {
            chosen = &s;
            break;
        }
    }
    if (chosen == nullptr && !spans.empty() && spans.front().is_object()) {
        chosen = &spans.front();
    }
    while (chosen != nullptr) {
        const auto file = str(*chosen, "file_name");
        const bool outside = file.empty() || file.front() == '<' || file.rfind("/rustc/", 0) == 0 ||
                             file.find("/.cargo/registry/") != std::string::npos ||
                             file.rfind("/usr/share/cargo/registry/", 0) == 0;
        const auto exp = chosen->find("expansion");
        if (outside && exp != chosen->end() && exp->is_object() && exp->contains("span") &&
            (*exp)["span"].is_object()) {
            chosen = &(*exp)["span"];
            continue;
        }
        d.file = file;
        d.snippet = span_snippet(*chosen);
        d.line = static_cast<int>(std::min<long>(count(*chosen, "line_start").value_or(0), INT32_MAX));
        d.column = static_cast<int>(std::min<long>(count(*chosen, "column_start").value_or(0), INT32_MAX));
        return;
    }
}

// rustc's note on where the lint's level came from (LintSource), if this diagnostic has it.
// `#![deny(warnings)]` is "defined here" too, but only raises lints something else turned on
// ("`#[warn(x)]` implied by `#[warn(warnings)]`"): that says nothing of who turned x on.
LintSource lint_source(const json& message) {
    const auto children = message.find("children");
    if (children == message.end() || !children->is_array()) {
        return LintSource::unknown;
    }
    bool attribute = false;
    for (const auto& child : *children) {
        if (!child.is_object()) {
            continue;
        }
        const auto text = str(child, "message");
        if (text == "the lint level is defined here") {
            attribute = true;
        } else if (text.rfind("`#[", 0) == 0 && text.find(" implied by `#[") != std::string::npos &&
                   text.find("(warnings)]`") != std::string::npos) {
            return LintSource::unknown;
        } else if (text.rfind("requested on the command line with `", 0) == 0 ||
                   (text.rfind("`-", 0) == 0 && text.find("` implied by `-") != std::string::npos)) {
            return LintSource::command_line;
        } else if (text.rfind("`#[", 0) == 0 && text.size() > 14 &&
                   text.compare(text.size() - 14, 14, " on by default") == 0) {
            return LintSource::defaults;
        }
    }
    return attribute ? LintSource::crate_attribute : LintSource::unknown;
}

// The message, and the notes that say what went wrong: a linker error's first note is its
// whole command line, its last one what the linker printed.
void keep_unlocated_error(const json& m, CargoMessages& result) {
    constexpr std::size_t kKept = 3;
    constexpr std::size_t kChars = 300;
    const auto message = str(m, "message");
    if (str(m, "level") != "error" || message.rfind("aborting due to", 0) == 0 ||
        result.unlocated_errors.size() >= kKept) {
        return;
    }
    auto text = message;
    if (const auto children = m.find("children"); children != m.end() && children->is_array()) {
        for (const auto& child : *children) {
            const auto note = child.is_object() ? str(child, "message") : std::string{};
            if (note.find("error") != std::string::npos) {
                text += ": " + note;
            }
        }
    }
    std::replace(text.begin(), text.end(), '\n', ' ');
    while (!text.empty() && text.back() == ' ') {
        text.pop_back();
    }
    result.unlocated_errors.push_back(text.substr(0, kChars));
}

void add_diagnostic(const json& msg, const Workspace& ws, CargoMessages& result) {
    const auto package_id = str(msg, "package_id");
    if (!ws.is_selected_id(package_id)) {
        return;
    }
    const auto it = msg.find("message");
    if (it == msg.end() || !it->is_object()) {
        ++result.unparsed_lines;
        return;
    }
    const auto& m = *it;
    Diagnostic d;
    const auto* pkg = ws.find_by_id(package_id);
    d.package = pkg != nullptr ? pkg->name : package_id;
    d.level = str(m, "level");
    d.message = str(m, "message");
    d.rendered = str(m, "rendered");
    if (const auto code = m.find("code"); code != m.end() && code->is_object()) {
        d.code = str(*code, "code");
    }
    if (const auto spans = m.find("spans"); spans != m.end() && spans->is_array()) {
        locate(*spans, d);
    }
    if (!d.code.empty()) {
        d.lint_source = lint_source(m);
    }
    if (const auto t = msg.find("target"); t != msg.end() && t->is_object()) {
        d.target_name = str(*t, "name");
        if (const auto k = t->find("kind"); k != t->end() && k->is_array() && !k->empty() && k->front().is_string()) {
            d.target_kind = k->front().get<std::string>();
        }
    }
    // "2 warnings emitted", "aborting due to 1 previous error": summaries, not findings.
    if (d.code.empty() && d.file.empty()) {
        keep_unlocated_error(m, result);
        return;
    }
    d.rendered_hash = std::hash<std::string>{}(d.rendered);
    if (++result.per_code[d.code] > kRenderedPerCode) {
        // Counts and places stay exact; only findings past a gate's cap would show the text.
        // A new string, not an assignment: assigning a short one keeps the long one's buffer.
        std::string(d.rendered.find(kGatecheckMark) != std::string::npos ? kGatecheckMark : "").swap(d.rendered);
    }
    result.diagnostics.push_back(std::move(d));
}

CargoArtifact artifact(const json& msg) {
    CargoArtifact a;
    a.package_id = str(msg, "package_id");
    if (const auto t = msg.find("target"); t != msg.end() && t->is_object()) {
        a.target_name = str(*t, "name");
        a.src_path = str(*t, "src_path");
        if (const auto k = t->find("kind"); k != t->end() && k->is_array()) {
            for (const auto& kind : *k) {
                if (kind.is_string()) {
                    a.kinds.push_back(kind.get<std::string>());
                }
            }
        }
    }
    if (const auto p = msg.find("profile"); p != msg.end() && p->is_object()) {
        a.test_profile = boolean(*p, "test").value_or(false);
    }
    a.executable = str(msg, "executable");
    return a;
}

std::optional<TestCase> test_case(const json& ev, const std::string& name, const std::string& event) {
    TestCase tc;
    tc.name = name;
    if (event == "ok") {
        tc.result = TestCase::Result::passed;
    } else if (event == "failed") {
        tc.result = TestCase::Result::failed;
        tc.output = str(ev, "stdout");
        const auto message = str(ev, "message");
        if (!message.empty()) {
            tc.output += (tc.output.empty() ? "" : "\n") + message;
        }
        if (const auto panic = panic_info(tc.output)) {
            tc.message = panic->message;
            tc.location = panic->location;
        } else if (!message.empty()) {
            tc.message = message;  // e.g. "test did not panic as expected"
        }
    } else if (event == "ignored") {
        tc.result = TestCase::Result::ignored;
    } else {
        return std::nullopt;
    }
    tc.seconds = seconds(ev, "exec_time");
    return tc;
}

}  // namespace

std::string strip_ansi(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\x1b') {
            // CSI: ESC [ ... final byte in @-~ ; charset select: ESC ( B
            if (i + 1 < text.size() && text[i + 1] == '[') {
                i += 2;
                while (i < text.size() && (text[i] < '@' || text[i] > '~')) {
                    ++i;
                }
            } else if (i + 2 < text.size() && (text[i + 1] == '(' || text[i + 1] == ')')) {
                i += 2;
            } else {
                ++i;
            }
            continue;
        }
        out += text[i];
    }
    return out;
}

std::string escaped_prefix(std::string_view line, std::size_t max) {
    std::string out;
    for (std::size_t i = 0; i < line.size() && i < max; ++i) {
        const auto c = static_cast<unsigned char>(line[i]);
        if (c >= 0x20 && c < 0x7f) {
            out += static_cast<char>(c);
        } else {
            out += fmt::format("\\x{:02x}", static_cast<unsigned>(c));
        }
    }
    if (line.size() > max) {
        out += fmt::format("... ({} bytes)", line.size());
    }
    return out;
}

void CargoMessageParser::unparsed(std::string_view line) {
    if (result_.unparsed_lines++ == 0) {
        result_.first_unparsed_line = line_number_;
        result_.first_unparsed_bytes = escaped_prefix(line);
    }
}

void CargoMessageParser::line(std::string_view line) {
    ++line_number_;
    if (blank(line)) {
        return;
    }
    const auto msg = parse_object(line);
    if (msg.is_null()) {
        unparsed(line);
        return;
    }
    const auto reason = str(msg, "reason");
    if (reason == "build-finished") {
        const auto success = boolean(msg, "success");
        if (!success) {
            unparsed(line);
            return;
        }
        result_.build_finished = *success;
    } else if (reason == "compiler-message") {
        add_diagnostic(msg, ws_, result_);
    } else if (reason == "compiler-artifact") {
        result_.artifacts.push_back(artifact(msg));
    } else if (reason == "build-script-executed") {
        const auto out_dir = str(msg, "out_dir");
        if (!out_dir.empty()) {
            result_.out_dirs[str(msg, "package_id")] = out_dir;
        }
    }
}

CargoMessages parse_cargo_messages(std::string_view out, const Workspace& ws) {
    CargoMessageParser parser(ws);
    for_each_line(out, [&](std::string_view line) { parser.line(line); });
    return std::move(parser.result());
}

std::vector<std::string> build_script_failures(std::string_view err) {
    static const std::regex header(R"(failed to run custom build command for `([^ `]+))");
    std::vector<std::string> out;
    const auto plain = strip_ansi(err);
    std::string_view rest(plain);
    std::match_results<std::string_view::const_iterator> m;
    while (std::regex_search(rest.begin(), rest.end(), m, header)) {
        const std::string package = m[1].str();
        rest.remove_prefix(static_cast<std::size_t>(m.position(0) + m.length(0)));
        // The script's own stderr follows, indented, up to the next "error:" of cargo.
        const auto next = rest.find("\nerror");
        std::string section(rest.substr(0, next));
        std::string text;
        for_each_line(section, [&](std::string_view l) {
            while (!l.empty() && l.front() == ' ') {
                l.remove_prefix(1);
            }
            text += std::string(l) + "\n";
        });
        const auto panic = panic_info(text);
        if (panic) {
            out.push_back(fmt::format("build script of `{}` failed: {}{}", package, panic->message,
                                      panic->location.empty() ? "" : " (" + panic->location + ")"));
        } else {
            out.push_back(fmt::format("build script of `{}` failed", package));
        }
    }
    return out;
}

void LibtestParser::line(std::string_view line) {
    if (blank(line)) {
        return;
    }
    const auto ev = parse_object(line);
    if (ev.is_null()) {
        ++result_.unparsed_lines;
        return;
    }
    const auto type = str(ev, "type");
    const auto event = str(ev, "event");
    if (type == "suite") {
        suite_event(event, count(ev, "passed"), count(ev, "failed"), count(ev, "ignored"));
        return;
    }
    if (type != "test") {
        return;  // "bench" events and future kinds: not tests, not errors
    }
    const auto name = str(ev, "name");
    if (!in_suite_) {
        ++result_.foreign_lines;  // before libtest's suite started or after it ended
        return;
    }
    if (event == "started") {
        running_.push_back(name);
        return;
    }
    if (event == "timeout") {  // libtest's "running for over 60 seconds" warning
        return;
    }
    const auto it = std::find(running_.begin(), running_.end(), name);
    if (it == running_.end()) {
        ++result_.foreign_lines;  // a result for a test libtest never started
        return;
    }
    auto tc = test_case(ev, name, event);
    if (!tc) {
        ++result_.unparsed_lines;
        return;
    }
    running_.erase(it);
    result_.tests.push_back(std::move(*tc));
}

void LibtestParser::suite_event(std::string_view event, std::optional<long> passed, std::optional<long> failed,
                                std::optional<long> ignored) {
    if (event == "started") {
        if (in_suite_) {
            ++result_.foreign_lines;  // libtest starts one suite per binary
            return;
        }
        in_suite_ = true;
        ++result_.suites_started;
        return;
    }
    if (event != "ok" && event != "failed") {
        ++result_.unparsed_lines;
        return;
    }
    if (!passed || !failed || !ignored) {
        ++result_.unparsed_lines;  // a summary we cannot read does not finish a suite
        return;
    }
    if (!in_suite_ || !running_.empty()) {
        // No suite open, or tests still running: libtest only summarises when all are done.
        ++result_.foreign_lines;
        return;
    }
    in_suite_ = false;
    ++result_.suites_finished;
    result_.reported_passed += *passed;
    result_.reported_failed += *failed;
    result_.reported_ignored += *ignored;
}

LibtestOutput LibtestParser::finish() {
    result_.unfinished = running_;
    return std::move(result_);
}

LibtestOutput parse_libtest(std::string_view out) {
    LibtestParser parser;
    for_each_line(out, [&](std::string_view line) { parser.line(line); });
    return parser.finish();
}

std::optional<PanicInfo> panic_info(std::string_view output) {
    // Rust >= 1.73: "thread 'name' panicked at src/lib.rs:3:5:\nMESSAGE\nnote: run with ..."
    static const std::regex modern(R"(panicked at ([^\s]+:\d+:\d+):\r?\n)");
    // Older: "thread 'name' panicked at 'MESSAGE', src/lib.rs:3:5"
    static const std::regex legacy(R"(panicked at '([\s\S]*?)', ([^\s]+:\d+:\d+))");
    std::match_results<std::string_view::const_iterator> m;
    if (std::regex_search(output.begin(), output.end(), m, modern)) {
        PanicInfo info;
        info.location = m[1].str();
        std::string_view rest = output.substr(static_cast<std::size_t>(m.position(0) + m.length(0)));
        std::string message;
        for_each_line(rest, [&, done = false](std::string_view line) mutable {
            done = done || line.rfind("note: ", 0) == 0 || line.rfind("stack backtrace:", 0) == 0 ||
                   line.rfind("thread '", 0) == 0 || line.rfind("---- ", 0) == 0;
            if (!done) {
                message += (message.empty() ? "" : "\n") + std::string(line);
            }
        });
        while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
            message.pop_back();
        }
        info.message = message;
        return info;
    }
    if (std::regex_search(output.begin(), output.end(), m, legacy)) {
        return PanicInfo{m[1].str(), m[2].str()};
    }
    return std::nullopt;
}

Result<DocCoverage> parse_doc_coverage(std::string_view out) {
    // rustdoc prints exactly one JSON object; anything else on stdout is not ours to guess.
    std::optional<json> found;
    bool malformed = false;
    for_each_line(out, [&](std::string_view line) {
        if (blank(line)) {
            return;
        }
        auto j = parse_object(line);
        if (j.is_null() || j.contains("reason")) {
            malformed = malformed || j.is_null();
            return;
        }
        if (found) {
            malformed = true;
        }
        found = std::move(j);
    });
    if (!found || malformed) {
        return make_error(ErrorKind::internal, "rustdoc's coverage output is not the one JSON object expected");
    }
    DocCoverage cov;
    for (const auto& [file, counts] : found->items()) {
        if (!counts.is_object()) {
            return make_error(ErrorKind::internal, "rustdoc coverage entry for " + file + " is not an object");
        }
        DocCounts c;
        for (const auto& [key, field] :
             {std::pair{"total", &c.total}, std::pair{"with_docs", &c.with_docs},
              std::pair{"total_examples", &c.total_examples}, std::pair{"with_examples", &c.with_examples}}) {
            const auto value = count(counts, key);
            if (!value) {
                return make_error(ErrorKind::internal,
                                  "rustdoc coverage entry for " + file + " has no count '" + key + "'");
            }
            *field = *value;
        }
        if (c.with_docs > c.total || c.with_examples > c.total_examples) {
            return make_error(ErrorKind::internal, "rustdoc coverage counts for " + file + " are inconsistent");
        }
        cov.files[file] = c;
    }
    if (cov.files.empty()) {
        // rustdoc always counts at least the crate root: an empty report is not a measurement.
        return make_error(ErrorKind::internal, "rustdoc's coverage output lists no file");
    }
    return cov;
}

Result<FmtEvidence> parse_fmt_check(std::string_view out, const Workspace& ws) {
    static const std::regex diff_re(R"(^Diff in (.+?)(?: at line |:)(\d+):?\s*$)");
    FmtEvidence ev;
    std::map<std::string, std::size_t> index;
    const auto plain = strip_ansi(out);
    for_each_line(plain, [&](std::string_view line) {
        std::match_results<std::string_view::const_iterator> m;
        if (!std::regex_match(line.begin(), line.end(), m, diff_re)) {
            return;
        }
        const auto file = ws.relative(m[1].str());
        const int line_no = to_int(m[2].str()).value_or(0);
        auto [it, inserted] = index.emplace(file, ev.files.size());
        if (inserted) {
            ev.files.push_back(FmtFile{file, line_no, 0});
        }
        ++ev.files[it->second].hunks;
    });
    return ev;
}

std::string parse_version_line(std::string_view out, std::string_view program) {
    std::string first;
    for_each_line(out, [&](std::string_view line) {
        if (first.empty() && !blank(line)) {
            first = std::string(line);
        }
    });
    const auto start = first.find_first_not_of(" \t");
    const auto end = first.find_last_not_of(" \t\r");
    if (start == std::string::npos) {
        return {};
    }
    first = first.substr(start, end - start + 1);
    // "cargo 1.95.0 (...)": the program's own name, then a space ("cargo-clippy 0.1" is not cargo).
    if (first.size() <= program.size() || first.compare(0, program.size(), program) != 0 ||
        first[program.size()] != ' ') {
        return {};
    }
    return first;
}

}  // namespace gc
