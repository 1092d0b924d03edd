#include "report/json_reader.hpp"

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "report/perf_section.hpp"

namespace gc {
namespace {

using nlohmann::json;

constexpr std::string_view kSchema = "gatecheck/report/v1";

enum class Need { required, optional };

// Walks the document and keeps the first problem, with the path of its field; reading
// goes on with defaults afterwards, so each reader stays a flat list of fields.
class Reader {
public:
    [[nodiscard]] const std::string& error() const { return error_; }

    void fail(const std::string& path, std::string_view what) {
        if (error_.empty()) {
            error_ = fmt::format("{}: {}", path, what);
        }
    }

    // The field, or nullptr when absent (a problem only when required) or not an object holder.
    const json* field(const json& obj, std::string_view key, const std::string& path, Need need) {
        if (!obj.is_object()) {
            fail(path, "expected an object");
            return nullptr;
        }
        const auto it = obj.find(key);
        if (it == obj.end()) {
            if (need == Need::required) {
                fail(join(path, key), "missing");
            }
            return nullptr;
        }
        return &*it;
    }

    void read(const json& obj, std::string_view key, const std::string& path, std::string& out,
              Need need = Need::required) {
        if (const json* v = field(obj, key, path, need)) {
            if (v->is_string()) {
                out = v->get<std::string>();
            } else {
                fail(join(path, key), "expected a string");
            }
        }
    }

    // A string that the report writes as null when empty ("file").
    void read_nullable(const json& obj, std::string_view key, const std::string& path, std::string& out) {
        if (const json* v = field(obj, key, path, Need::required); v != nullptr && !v->is_null()) {
            read(obj, key, path, out);
        }
    }

    void read(const json& obj, std::string_view key, const std::string& path, bool& out, Need need = Need::required) {
        if (const json* v = field(obj, key, path, need)) {
            if (v->is_boolean()) {
                out = v->get<bool>();
            } else {
                fail(join(path, key), "expected true or false");
            }
        }
    }

    void read(const json& obj, std::string_view key, const std::string& path, std::int64_t& out,
              Need need = Need::required) {
        if (const json* v = field(obj, key, path, need)) {
            if (v->is_number_integer()) {
                out = v->get<std::int64_t>();
            } else {
                fail(join(path, key), "expected an integer");
            }
        }
    }

    void read(const json& obj, std::string_view key, const std::string& path, int& out, Need need = Need::required) {
        std::int64_t wide = out;
        read(obj, key, path, wide, need);
        if (wide < std::numeric_limits<int>::min() || wide > std::numeric_limits<int>::max()) {
            fail(join(path, key), "out of range");
            return;
        }
        out = static_cast<int>(wide);
    }

    void read(const json& obj, std::string_view key, const std::string& path, double& out, Need need = Need::required) {
        if (const json* v = field(obj, key, path, need)) {
            if (v->is_number()) {
                out = v->get<double>();
            } else {
                fail(join(path, key), "expected a number");
            }
        }
    }

    void read(const json& obj, std::string_view key, const std::string& path, std::chrono::milliseconds& out) {
        std::int64_t ms = 0;
        read(obj, key, path, ms);
        out = std::chrono::milliseconds(ms);
    }

    // An integer or null ("line", "column").
    void read(const json& obj, std::string_view key, const std::string& path, std::optional<int>& out) {
        if (const json* v = field(obj, key, path, Need::required); v != nullptr && !v->is_null()) {
            int n = 0;
            read(obj, key, path, n);
            out = n;
        }
    }

    void read(const json& obj, std::string_view key, const std::string& path, std::vector<std::string>& out,
              Need need = Need::required) {
        if (const json* v = array(obj, key, path, need)) {
            for (std::size_t i = 0; i < v->size(); ++i) {
                if (!(*v)[i].is_string()) {
                    fail(index(join(path, key), i), "expected a string");
                    return;
                }
                out.push_back((*v)[i].get<std::string>());
            }
        }
    }

    // An enum spelt as one of its names; parse is the model's parse_* function.
    template <class E>
    void read_enum(const json& obj, std::string_view key, const std::string& path, E& out,
                   std::optional<E> (*parse)(std::string_view), std::string_view names) {
        std::string text;
        read(obj, key, path, text);
        if (!error_.empty()) {
            return;
        }
        if (const auto value = parse(text)) {
            out = *value;
        } else {
            fail(join(path, key), fmt::format("expected one of {}, not \"{}\"", names, text));
        }
    }

    const json* array(const json& obj, std::string_view key, const std::string& path, Need need) {
        const json* v = field(obj, key, path, need);
        if (v != nullptr && !v->is_array()) {
            fail(join(path, key), "expected an array");
            return nullptr;
        }
        return v;
    }

    // Reads each element of the array `key` with read_one(element, element_path).
    template <class T, class F>
    void read_array(const json& obj, std::string_view key, const std::string& path, std::vector<T>& out, F read_one,
                    Need need = Need::required) {
        if (const json* v = array(obj, key, path, need)) {
            for (std::size_t i = 0; i < v->size() && error_.empty(); ++i) {
                out.push_back(read_one((*v)[i], index(join(path, key), i)));
            }
        }
    }

    static std::string join(const std::string& path, std::string_view key) {
        return path.empty() ? std::string(key) : fmt::format("{}.{}", path, key);
    }
    static std::string index(const std::string& path, std::size_t i) { return fmt::format("{}[{}]", path, i); }

private:
    std::string error_;
};

PackageRef read_package(Reader& r, const json& j, const std::string& path) {
    PackageRef p;
    r.read(j, "name", path, p.name);
    r.read(j, "version", path, p.version);
    r.read(j, "manifest_path", path, p.manifest_path);
    return p;
}

Finding read_finding(Reader& r, const json& j, const std::string& path) {
    Finding f;
    r.read(j, "rule", path, f.rule);
    r.read_enum(j, "level", path, f.level, &parse_finding_level, "error, warning, note");
    r.read(j, "message", path, f.message);
    r.read_nullable(j, "file", path, f.file);
    r.read(j, "line", path, f.line);
    r.read(j, "column", path, f.column);
    r.read(j, "snippet", path, f.snippet, Need::optional);
    r.read(j, "fingerprint", path, f.fingerprint, Need::optional);
    r.read(j, "hint", path, f.hint, Need::optional);
    r.read(j, "line_hash", path, f.line_hash, Need::optional);
    return f;
}

TestCaseRecord read_test(Reader& r, const json& j, const std::string& path) {
    TestCaseRecord t;
    r.read(j, "name", path, t.name);
    r.read(j, "target", path, t.target);
    r.read_enum(j, "status", path, t.status, &parse_test_outcome, "passed, failed, ignored");
    r.read(j, "seconds", path, t.seconds);
    r.read(j, "message", path, t.message, Need::optional);
    r.read(j, "output", path, t.output, Need::optional);
    r.read(j, "rerun", path, t.rerun, Need::optional);
    return t;
}

std::vector<Metric> read_metrics(Reader& r, const json& j, const std::string& path) {
    std::vector<Metric> out;
    const json* m = r.field(j, "metrics", path, Need::required);
    if (m == nullptr) {
        return out;
    }
    if (!m->is_object()) {
        r.fail(Reader::join(path, "metrics"), "expected an object");
        return out;
    }
    for (const auto& [key, value] : m->items()) {
        double v = 0;
        r.read(*m, key, Reader::join(path, "metrics"), v);
        out.emplace_back(key, v);
    }
    return out;
}

// The optional "omitted_by_rule" object: findings counted but left out, by rule.
void read_omitted(Reader& r, const json& j, const std::string& path, GateResult& g) {
    const json* m = r.field(j, "omitted_by_rule", path, Need::optional);
    if (m == nullptr) {
        return;
    }
    if (!m->is_object()) {
        r.fail(Reader::join(path, "omitted_by_rule"), "expected an object");
        return;
    }
    for (const auto& [rule, value] : m->items()) {
        std::int64_t n = 0;
        r.read(*m, rule, Reader::join(path, "omitted_by_rule"), n);
        g.omitted[rule] = n;
    }
}

// The optional "attestation" object and "todo" of an attestation gate or its checklist item.
template <class T>
void read_attestation(Reader& r, const json& j, const std::string& path, T& out) {
    r.read(j, "todo", path, out.todo, Need::optional);
    const json* a = r.field(j, "attestation", path, Need::optional);
    if (a == nullptr) {
        return;
    }
    const auto at = Reader::join(path, "attestation");
    AttestationRecord rec;
    r.read(*a, "by", at, rec.by);
    r.read(*a, "date", at, rec.date);
    r.read(*a, "note", at, rec.note);
    if (const json* e = r.field(*a, "expires", at, Need::required); e != nullptr && !e->is_null()) {
        r.read(*a, "expires", at, rec.expires);
    }
    r.read(*a, "expired", at, rec.expired);
    out.attestation = std::move(rec);
}

GateResult read_gate(Reader& r, const json& j, const std::string& path) {
    GateResult g;
    r.read(j, "id", path, g.id);
    r.read_enum(j, "status", path, g.status, &parse_gate_status,
                "pass, fail, warn, skip, unavailable, error, manual, attested, not-applicable");
    r.read(j, "required", path, g.required);
    r.read(j, "summary", path, g.summary);
    g.metrics = read_metrics(r, j, path);
    r.read_array(j, "findings", path, g.findings,
                 [&](const json& e, const std::string& p) { return read_finding(r, e, p); });
    r.read_array(
        j, "tests", path, g.tests, [&](const json& e, const std::string& p) { return read_test(r, e, p); },
        Need::optional);
    r.read(j, "fix", path, g.fix, Need::optional);
    r.read(j, "defers_to", path, g.defers_to, Need::optional);
    r.read(j, "duration_ms", path, g.duration);
    read_attestation(r, j, path, g);
    read_omitted(r, j, path, g);
    return g;
}

ChecklistEntry read_checklist_entry(Reader& r, const json& j, const std::string& path) {
    ChecklistEntry c;
    r.read(j, "item", path, c.text);
    r.read(j, "phase", path, c.phase);
    r.read_enum(j, "status", path, c.status, &parse_item_status,
                "pass, fail, warn, skip, unavailable, error, manual, not-checked, attested, not-applicable");
    r.read(j, "gates", path, c.gates);
    read_attestation(r, j, path, c);
    return c;
}

ProbeRecord read_probe(Reader& r, const json& j, const std::string& path) {
    ProbeRecord p;
    r.read(j, "id", path, p.id);
    r.read(j, "command", path, p.command);
    r.read(j, "outcome", path, p.outcome);
    r.read(j, "duration_ms", path, p.duration);
    r.read(j, "started", path, p.started, Need::optional);
    r.read(j, "max_rss_bytes", path, p.max_rss_bytes, Need::optional);
    r.read(j, "user_ms", path, p.user_ms, Need::optional);
    r.read(j, "sys_ms", path, p.sys_ms, Need::optional);
    return p;
}

void read_header(Reader& r, const json& doc, Report& report) {
    std::string schema;
    r.read(doc, "schema", "", schema);
    if (r.error().empty() && schema != kSchema) {
        r.fail("schema", fmt::format("expected \"{}\", not \"{}\"", kSchema, schema));
    }
    if (const json* tool = r.field(doc, "tool", "", Need::required)) {
        r.read(*tool, "version", "tool", report.tool_version);
        r.read(*tool, "max_rss_bytes", "tool", report.tool_max_rss_bytes, Need::optional);
    }
    if (const json* target = r.field(doc, "target", "", Need::required)) {
        r.read(*target, "path", "target", report.target_path);
        r.read(*target, "workspace_root", "target", report.workspace_root, Need::optional);
        r.read(*target, "repo_root", "target", report.repo_root, Need::optional);
        r.read_array(*target, "packages", "target", report.packages,
                     [&](const json& e, const std::string& p) { return read_package(r, e, p); });
    }
    if (const json* toolchain = r.field(doc, "toolchain", "", Need::required)) {
        r.read(*toolchain, "rustc", "toolchain", report.rustc_version);
        r.read(*toolchain, "cargo", "toolchain", report.cargo_version);
    }
    r.read_enum(doc, "verdict", "", report.verdict, &parse_verdict, "pass, fail, error");
    r.read(doc, "verdict_reason", "", report.verdict_reason, Need::optional);
    r.read(doc, "error", "", report.error, Need::optional);
    r.read(doc, "exit_code", "", report.exit_code);
    r.read(doc, "interrupted", "", report.interrupted);
    r.read(doc, "duration_ms", "", report.duration);
    r.read(doc, "notes", "", report.notes, Need::optional);  // reports before notes have none
    if (const json* profiled = r.field(doc, "profiled", "", Need::optional)) {
        ProfiledBenchmarks p;
        r.read(*profiled, "budget_s", "profiled", p.budget_s);
        r.read(*profiled, "spent_s", "profiled", p.spent_s);
        r.read(*profiled, "measured", "profiled", p.measured);
        r.read(*profiled, "deferred", "profiled", p.deferred);
        report.profiled = std::move(p);
    }
}

Report read_report(Reader& r, const json& doc) {
    Report report;
    read_header(r, doc, report);
    r.read_array(doc, "gates", "", report.gates,
                 [&](const json& e, const std::string& p) { return read_gate(r, e, p); });
    r.read_array(doc, "checklist", "", report.checklist,
                 [&](const json& e, const std::string& p) { return read_checklist_entry(r, e, p); });
    r.read_array(doc, "probes", "", report.probes,
                 [&](const json& e, const std::string& p) { return read_probe(r, e, p); });
    // Derived from the gates' metrics, as the run derived it: the JSON's copy is for readers.
    report.performance = performance_analysis(report);
    return report;
}

}  // namespace

Result<Report> read_report_json(std::string_view text) {
    json doc;
    try {
        doc = json::parse(text.begin(), text.end());
    } catch (const json::exception& e) {
        return make_error(ErrorKind::input, fmt::format("not a JSON report: {}", e.what()));
    }
    if (!doc.is_object()) {
        return make_error(ErrorKind::input, "not a gatecheck report: the JSON is not an object");
    }
    Reader r;
    Report report;
    try {
        report = read_report(r, doc);
    } catch (const json::exception& e) {
        // The reader checks every type first; this is a bug in it, still not a crash.
        return make_error(ErrorKind::internal, fmt::format("reading the report: {}", e.what()));
    }
    if (!r.error().empty()) {
        return make_error(ErrorKind::input, fmt::format("not a gatecheck report: {}", r.error()));
    }
    return report;
}

}  // namespace gc
