// SARIF 2.1.0 for GitHub code scanning (docs/REPORT.md, "SARIF"): one run, one rule per
// finding rule, one result per finding, and one per failing gate that has no finding, so a
// red gate is never an empty upload.
#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <zlib.h>
#include <nlohmann/json.hpp>

#include "core/version.hpp"
#include "report/locations.hpp"
#include "report/render.hpp"
#include "report/sarif_limits.hpp"
#include "report/text_limits.hpp"

namespace gc {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxRuleText = 1024;  // GitHub's limit on a rule's descriptions and help

struct Entry {
    std::string gate;
    std::string rule;
    FindingLevel level = FindingLevel::error;
    std::string message;
    std::string uri;
    int line = 1;
    std::optional<int> column;
    std::string fingerprint;
    std::string line_hash;
};

struct RuleInfo {
    std::string gate;
    FindingLevel level = FindingLevel::note;  // the most severe level seen
    std::string hint;
};

int rank(FindingLevel level) {
    return level == FindingLevel::error ? 0 : level == FindingLevel::warning ? 1 : 2;
}

// Every byte that is not unreserved in a URI path is percent-encoded; GitHub decodes with
// decodeURIComponent, so a '%' or a space in a file name must not reach it raw.
std::string uri_encode(std::string_view path) {
    std::string out;
    for (const char c : path) {
        const auto u = static_cast<unsigned char>(c);
        const bool plain =
            (std::isalnum(u) != 0 && u < 0x80) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
        out += plain ? std::string(1, c) : fmt::format("%{:02X}", u);
    }
    return out;
}

std::string gate_rule(const GateResult& g) {
    return "gatecheck::" + g.id;
}

bool gate_needs_result(const GateResult& g) {
    const bool red =
        g.status == GateStatus::fail || g.status == GateStatus::error || g.status == GateStatus::unavailable;
    return red && std::none_of(g.findings.begin(), g.findings.end(),
                               [](const Finding& f) { return f.level == FindingLevel::error; });
}

std::vector<Entry> collect(const Report& report, std::map<std::string, RuleInfo>& rules) {
    std::vector<Entry> out;
    const auto note_rule = [&](const std::string& id, const std::string& gate, FindingLevel level,
                               const std::string& hint) {
        auto [it, fresh] = rules.try_emplace(id, RuleInfo{gate, level, hint});
        if (!fresh && rank(level) < rank(it->second.level)) {
            it->second.level = level;
        }
        if (it->second.hint.empty()) {
            it->second.hint = hint;
        }
    };
    for (const auto& g : report.gates) {
        for (const auto& f : g.findings) {
            Entry e{g.id,
                    f.rule.empty() ? gate_rule(g) : f.rule,
                    f.level,
                    f.message,
                    uri_encode(repo_relative_path(report, f)),
                    f.line.value_or(1),
                    f.column,
                    f.fingerprint,
                    f.line_hash};
            if (e.line < 1) {
                e.line = 1;
            }
            if (e.column && *e.column < 1) {
                e.column.reset();
            }
            note_rule(e.rule, g.id, f.level, f.hint.empty() ? g.fix : f.hint);
            out.push_back(std::move(e));
        }
        if (gate_needs_result(g)) {
            const FindingLevel level = g.required ? FindingLevel::error : FindingLevel::warning;
            std::string message = fmt::format("gate {} {}: {}", g.id, to_string(g.status), g.summary);
            Entry e{g.id, gate_rule(g), level,          message, uri_encode(manifest_location(report)),
                    1,    std::nullopt, "gate-" + g.id, ""};
            note_rule(e.rule, g.id, level, g.fix);
            out.push_back(std::move(e));
        }
    }
    return out;
}

std::string clippy_lint(std::string_view rule) {
    constexpr std::string_view prefix = "clippy::";
    return rule.substr(0, prefix.size()) == prefix ? std::string(rule.substr(prefix.size())) : "";
}

json rule_json(const std::string& id, const RuleInfo& info) {
    const std::string lint = clippy_lint(id);
    const bool whole_gate = id.rfind("gatecheck::", 0) == 0;
    std::string short_text = whole_gate     ? fmt::format("gatecheck gate {}", info.gate)
                             : lint.empty() ? fmt::format("{} ({} gate)", id, info.gate)
                                            : fmt::format("clippy lint {}", lint);
    std::string full_text = whole_gate ? fmt::format(
                                             "The {} gate did not pass and reported no finding of its own: "
                                             "the message says why.",
                                             info.gate)
                                       : fmt::format("Findings of rule {} from gatecheck's {} gate.", id, info.gate);
    std::string help = info.hint.empty() ? fmt::format("See the {} gate in gatecheck's docs/CHECKLIST.md.", info.gate)
                                         : fmt::format("Next step: {}", info.hint);
    json rule = {{"id", id},
                 {"name", info.gate},
                 {"shortDescription", {{"text", truncate_utf16(short_text, kMaxRuleText)}}},
                 {"fullDescription", {{"text", truncate_utf16(full_text, kMaxRuleText)}}},
                 {"help", {{"text", truncate_utf16(help, kMaxRuleText)}}},
                 {"defaultConfiguration", {{"level", std::string(to_string(info.level))}}},
                 {"properties", {{"tags", json::array({info.gate})}}}};
    if (!lint.empty()) {
        rule["helpUri"] = "https://rust-lang.github.io/rust-clippy/master/index.html#" + lint;
    }
    return rule;
}

json result_json(const Entry& e, int rule_index) {
    json region = {{"startLine", e.line}};
    if (e.column) {
        region["startColumn"] = *e.column;
    }
    json fingerprints = {{"gatecheck/v1", e.fingerprint.empty() ? std::string("none") : e.fingerprint}};
    if (!e.line_hash.empty()) {
        fingerprints["primaryLocationLineHash"] = e.line_hash;
    }
    // An empty message is invalid SARIF; the rule id says at least what it is.
    const std::string text = e.message.empty() ? e.rule : e.message;
    return {{"ruleId", e.rule},
            {"ruleIndex", rule_index},
            {"level", std::string(to_string(e.level))},
            {"message", {{"text", text}}},
            {"locations",
             json::array({{{"physicalLocation", {{"artifactLocation", {{"uri", e.uri}}}, {"region", region}}}}})},
            {"partialFingerprints", fingerprints},
            {"properties", {{"gate", e.gate}}}};
}

json notification(const std::string& level, const std::string& text) {
    return {{"level", level}, {"message", {{"text", text}}}};
}

std::string render_kept(const Report& report, const std::vector<Entry>& entries, std::size_t kept,
                        const std::map<std::string, RuleInfo>& rules, const std::string& dropped_note) {
    json rule_array = json::array();
    std::map<std::string, int> index;
    for (const auto& [id, info] : rules) {
        index[id] = static_cast<int>(rule_array.size());
        rule_array.push_back(rule_json(id, info));
    }
    json results = json::array();
    for (std::size_t i = 0; i < kept; ++i) {
        results.push_back(result_json(entries[i], index.at(entries[i].rule)));
    }
    json notes = json::array();
    if (!report.error.empty()) {
        notes.push_back(notification("error", report.error));
    }
    if (report.interrupted) {
        notes.push_back(notification("error", "the run was interrupted: the results are incomplete"));
    }
    for (const auto& g : report.gates) {
        if (g.omitted_total() > 0) {
            notes.push_back(notification(
                "warning", fmt::format("gate {}: {} findings past the per-rule cap are left out of every report", g.id,
                                       g.omitted_total())));
        }
    }
    if (!dropped_note.empty()) {
        notes.push_back(notification("warning", dropped_note));
    }
    json invocation = {{"executionSuccessful", report.error.empty() && !report.interrupted}};
    if (!notes.empty()) {
        invocation["toolExecutionNotifications"] = notes;
    }
    json run = {
        {"tool",
         {{"driver",
           {{"name", "gatecheck"},
            {"version", report.tool_version},
            {"semanticVersion", report.tool_version},
            {"informationUri", kGatecheckInformationUri},
            {"rules", rule_array}}}}},
        // One category per set of packages: a later upload for the same crate replaces this one.
        {"automationDetails", {{"id", fmt::format("gatecheck/{}/", packages_label(report))}}},
        {"invocations", json::array({invocation})},
        {"results", results},
        {"properties", {{"verdict", std::string(to_string(report.verdict))}, {"exitCode", report.exit_code}}},
    };
    json doc = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                {"version", "2.1.0"},
                {"runs", json::array({run})}};
    return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string describe_dropped(const std::vector<Entry>& entries, std::size_t kept, std::string_view why) {
    std::array<std::size_t, 3> by_level{};
    for (std::size_t i = kept; i < entries.size(); ++i) {
        ++by_level.at(static_cast<std::size_t>(rank(entries[i].level)));
    }
    return fmt::format(
        "{} of {} results left out ({}), the least severe ones: {} errors, {} warnings, {} notes; "
        "the JSON report has them all",
        entries.size() - kept, entries.size(), why, by_level[0], by_level[1], by_level[2]);
}

std::string sarif(const Report& report, const RenderOptions& /*options*/) {
    std::map<std::string, RuleInfo> rules;
    auto entries = collect(report, rules);
    std::size_t kept = entries.size();
    std::string note;
    if (kept > kSarifMaxResults) {
        std::stable_sort(entries.begin(), entries.end(),
                         [](const Entry& a, const Entry& b) { return rank(a.level) < rank(b.level); });
        kept = kSarifMaxResults;
        note = describe_dropped(entries, kept, fmt::format("GitHub accepts {} a run", kSarifMaxResults));
    }
    std::string out = render_kept(report, entries, kept, rules, note);
    // Under the limit uncompressed, it is under it gzipped: compress only when it may matter.
    while (out.size() > kSarifMaxGzipBytes && gzip_size(out) > kSarifMaxGzipBytes && kept > 0) {
        if (note.empty()) {
            std::stable_sort(entries.begin(), entries.end(),
                             [](const Entry& a, const Entry& b) { return rank(a.level) < rank(b.level); });
        }
        kept = kept * 3 / 4;
        note = describe_dropped(entries, kept, "GitHub accepts 10 MB gzipped a file");
        out = render_kept(report, entries, kept, rules, note);
    }
    return out;
}

}  // namespace

std::size_t gzip_size(std::string_view data) {
    z_stream zs{};
    // 15 + 16: a gzip wrapper, as the upload is.
    if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        return data.size();
    }
    std::vector<unsigned char> buffer(1U << 16U);
    std::size_t total = 0;
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));  // zlib's API is not const
    zs.avail_in = static_cast<uInt>(data.size());
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        zs.next_out = buffer.data();
        zs.avail_out = static_cast<uInt>(buffer.size());
        rc = deflate(&zs, Z_FINISH);
        if (rc == Z_STREAM_ERROR) {
            break;
        }
        total += buffer.size() - zs.avail_out;
    }
    deflateEnd(&zs);
    return total;
}

std::string render_sarif(const Report& report) {
    return sarif(report, RenderOptions{});
}

}  // namespace gc
