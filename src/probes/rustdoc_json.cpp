// The walk over rustdoc's JSON index that yields the public items and the error types of
// public functions (see rustdoc_json.hpp for the rules).
#include "probes/rustdoc_json.hpp"

#include <algorithm>
#include <deque>
#include <map>
#include <regex>
#include <set>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace gc {
namespace {

using json = nlohmann::json;

const json kNull;

const json& field(const json& j, const char* key) {
    if (!j.is_object()) {
        return kNull;
    }
    const auto it = j.find(key);
    return it == j.end() ? kNull : *it;
}

std::string id_string(const json& id) {
    if (id.is_number_unsigned() || id.is_number_integer()) {
        return std::to_string(id.get<long long>());
    }
    return id.is_string() ? id.get<std::string>() : std::string();
}

// The one key of an item's `inner`: "module", "function", "struct", ...
std::pair<std::string, const json*> inner_of(const json& item) {
    const auto& inner = field(item, "inner");
    if (!inner.is_object() || inner.empty()) {
        return {"", &kNull};
    }
    return {inner.begin().key(), &inner.begin().value()};
}

// `#[allow(missing_docs)]` or `#[expect(...)]` says "no docs here on purpose": rustdoc then
// leaves an undocumented item out of its total; warn/deny/forbid put it back.
std::optional<bool> missing_docs_allowed(const json& item) {
    static const std::regex lint(R"(#!?\[\s*(allow|expect|warn|deny|forbid)\s*\(([^)]*)\))");
    std::optional<bool> allowed;
    for (const auto& attr : field(item, "attrs")) {
        const auto& other = field(attr, "other");
        if (!other.is_string()) {
            continue;
        }
        static const std::regex name(R"((^|[\s,])missing_docs($|[\s,]))");
        const auto& text = other.get_ref<const std::string&>();
        std::smatch m;
        if (!std::regex_search(text, m, lint)) {
            continue;
        }
        const std::string lints = m[2].str();
        if (std::regex_search(lints, name)) {
            allowed = m[1] == "allow" || m[1] == "expect";
        }
    }
    return allowed;
}

struct Span {
    std::string file;
    int begin = 0;
    int end = 0;
    int column = 0;  // of begin
};

Span span_of(const json& item) {
    const auto& span = field(item, "span");
    Span s;
    if (const auto& file = field(span, "filename"); file.is_string()) {
        s.file = file.get<std::string>();
    }
    const auto& begin = field(span, "begin");
    const auto& end = field(span, "end");
    s.begin = begin.is_array() && !begin.empty() && begin[0].is_number() ? begin[0].get<int>() : 0;
    s.column = begin.is_array() && begin.size() > 1 && begin[1].is_number() ? begin[1].get<int>() : 0;
    s.end = end.is_array() && !end.empty() && end[0].is_number() ? end[0].get<int>() : s.begin;
    return s;
}

// rustdoc strips private modules before it counts, and the impl blocks written inside them
// with it: the methods of `impl Foo` in a private `mod imp` are documented but never counted,
// even when Foo is re-exported. The index has no parent links, so the module that holds an
// impl is the innermost module span around it; a file no public module spans is private.
class ModuleMap {
public:
    ModuleMap(const json& index, const json& paths) : paths_(paths) {
        for (const auto& [id, item] : index.items()) {
            if (field(item, "crate_id") == 0 && inner_of(item).first == "module") {
                const bool pub = field(item, "visibility") == "public";
                modules_.emplace_back(span_of(item), pub);
                if (const auto& path = field(field(paths, id.c_str()), "path"); pub && path.is_array()) {
                    public_paths_.insert(path.dump());
                }
            }
        }
    }
    // Whether an item is defined in public modules only, by its canonical path in `paths`
    // (`crate::private::P`: `crate::private` is no public module); by its span when absent.
    [[nodiscard]] bool public_home(const std::string& id, const json& item) const {
        const auto& path = field(field(paths_, id.c_str()), "path");
        if (!path.is_array() || path.empty()) {
            return in_public_module(item);
        }
        json prefix = json::array();
        for (std::size_t i = 0; i + 1 < path.size(); ++i) {
            prefix.push_back(path[i]);
            if (public_paths_.count(prefix.dump()) == 0) {
                return false;
            }
        }
        return true;
    }
    [[nodiscard]] bool in_public_module(const json& impl) const {
        const auto at = span_of(impl);
        const std::pair<Span, bool>* innermost = nullptr;
        for (const auto& m : modules_) {
            if (m.first.file == at.file && m.first.begin <= at.begin && at.begin <= m.first.end &&
                (innermost == nullptr || m.first.begin >= innermost->first.begin)) {
                innermost = &m;
            }
        }
        return innermost != nullptr && innermost->second;
    }

private:
    const json& paths_;
    std::vector<std::pair<Span, bool>> modules_;
    std::set<std::string> public_paths_;  // canonical paths of public modules, as JSON arrays
};

struct Visit {
    std::string id;
    std::string path;             // the item's own path (including its name)
    bool directly_public = true;  // reached through public modules only, not via a re-export
    bool docs_allowed = false;    // under #[allow(missing_docs)]
    bool tuple_field = false;
    bool copy = false;  // an inlined re-export: rustdoc counts the item (and its fields) again
};

bool has_attr(const json& item, std::string_view text) {
    for (const auto& attr : field(item, "attrs")) {
        const auto& other = field(attr, "other");
        if (other.is_string() && other.get_ref<const std::string&>().find(text) != std::string::npos) {
            return true;
        }
    }
    return false;
}

class Walker {
public:
    Walker(const json& index, const json& paths, RustdocApi& out)
        : index_(index), paths_(paths), out_(out), modules_(index, paths) {}

    void run(const std::string& root) {
        const auto& item = field(index_, root.c_str());
        const auto name = field(item, "name");
        out_.crate_name = name.is_string() ? name.get<std::string>() : "crate";
        queue_.push_back(Visit{root, out_.crate_name, true, false, false});
        // Modules and items first, re-exports after: an item keeps the path of its own module
        // when it has one, and is listed once however often it is re-exported.
        while (!queue_.empty() || !uses_.empty()) {
            if (queue_.empty()) {
                queue_.push_back(uses_.front());
                uses_.pop_front();
            }
            auto v = std::move(queue_.front());
            queue_.pop_front();
            visit(v);
        }
    }

    // Public functions and their Result error types, by the error type's id.
    std::map<std::string, std::vector<std::string>> errors;  // error type id -> function paths
    std::map<std::string, std::string> item_paths;           // id -> path of each listed item

private:
    const json& item(const std::string& id) const { return field(index_, id.c_str()); }

    bool local(const json& it) const { return it.is_object() && field(it, "crate_id") == 0; }

    void visit(const Visit& v) {
        const auto& it = item(v.id);
        if (!local(it)) {
            return;  // another crate's item: rustdoc's coverage skips it too
        }
        const auto [kind, inner] = inner_of(it);
        if (kind == "use") {
            if (seen_uses_.insert(v.id).second) {
                reexport(v, it, *inner);
            }
            return;
        }
        if (kind == "impl" || kind == "extern_crate") {
            return;
        }
        if (!seen_.insert(v.id).second && !v.copy) {
            return;
        }
        const auto& vis = field(it, "visibility");
        if (vis.is_object() || vis == "crate") {
            return;  // not public: only its re-exports are
        }
        Visit self = v;
        if (const auto allowed = missing_docs_allowed(it)) {
            self.docs_allowed = *allowed;
        }
        record(self, it, kind);
        if (self.directly_public) {
            direct_.insert(v.id);
        }
        children(self, kind, *inner);
    }

    void record(const Visit& v, const json& it, const std::string& kind) {
        ApiItem a;
        a.path = v.path;
        a.kind = kind;
        const auto span = span_of(it);
        a.file = span.file;
        a.line = span.begin;
        a.column = span.column;
        const auto& docs = field(it, "docs");
        a.documented = docs.is_string();
        a.has_example = a.documented && has_rust_code_block(docs.get_ref<const std::string&>());
        a.counts_docs = a.documented || (!v.tuple_field && !v.docs_allowed);
        static const std::set<std::string> kExampleKinds{"function", "struct", "enum", "union", "trait"};
        a.needs_example = v.directly_public && kExampleKinds.count(kind) != 0;
        item_paths[v.id] = a.path;
        if (kind == "function") {
            note_error_type(a.path, it);
        }
        out_.items.push_back(std::move(a));
    }

    // A part of the parent item (field, variant, trait item): copied with it when it is inlined.
    void push(const Visit& parent, const json& id, const std::string& name, bool tuple_field = false) {
        const auto key = id_string(id);
        if (key.empty()) {
            return;  // a stripped tuple field
        }
        queue_.push_back(Visit{key, parent.path + "::" + name, parent.directly_public, parent.docs_allowed, tuple_field,
                               parent.copy});
    }

    std::string name_of(const std::string& id) const {
        const auto& n = field(item(id), "name");
        return n.is_string() ? n.get<std::string>() : std::string("_");
    }

    void fields(const Visit& v, const json& kind) {
        for (const auto& f : field(field(kind, "plain"), "fields")) {
            push(v, f, name_of(id_string(f)));
        }
        for (const auto& f : field(kind, "tuple")) {
            push(v, f, name_of(id_string(f)), true);
        }
    }

    void children(const Visit& v, const std::string& kind, const json& inner) {
        if (kind == "module") {
            for (const auto& child : field(inner, "items")) {
                const auto id = id_string(child);
                Visit c{id, v.path + "::" + name_of(id), v.directly_public, v.docs_allowed, false};
                if (inner_of(item(id)).first == "use") {
                    c.path = v.path;  // a re-export names itself
                    uses_.push_back(std::move(c));
                } else {
                    queue_.push_back(std::move(c));
                }
            }
            return;
        }
        if (kind == "struct" || kind == "union" || kind == "variant") {
            fields(v, kind == "union" ? inner : field(inner, "kind"));
            if (kind == "union") {
                for (const auto& f : field(inner, "fields")) {
                    push(v, f, name_of(id_string(f)));
                }
            }
        }
        for (const auto& variant : field(inner, "variants")) {
            push(v, variant, name_of(id_string(variant)));
        }
        if (kind == "trait") {
            for (const auto& child : field(inner, "items")) {
                push(v, child, name_of(id_string(child)));
            }
        }
        for (const auto& impl_id : field(inner, "impls")) {
            const auto& impl = item(id_string(impl_id));
            const auto& body = field(field(impl, "inner"), "impl");
            // Inherent impls only: trait impls (derives included) are the trait's API.
            if (!local(impl) || !field(body, "trait").is_null() || !field(body, "blanket_impl").is_null() ||
                field(body, "is_synthetic") == true || !modules_.in_public_module(impl)) {
                continue;
            }
            // Impls are not part of the item: an inlined copy does not repeat them.
            Visit owner = v;
            owner.copy = false;
            for (const auto& child : field(body, "items")) {
                push(owner, child, name_of(id_string(child)));
            }
        }
    }

    // rustdoc inlines a re-export (documents a copy of the item in place) when it says
    // #[doc(inline)], or when its source is private and it does not say #[doc(no_inline)]; a
    // copy counts again. A copy of a directly public item is still directly public.
    Visit reexported(const Visit& v, const std::string& id, const std::string& name, bool inlined) const {
        const bool seen = seen_.count(id) != 0;
        return Visit{id, v.path + "::" + name, seen && direct_.count(id) != 0, v.docs_allowed, false, inlined && seen};
    }

    void reexport(const Visit& v, const json& use_item, const json& use) {
        const auto target = id_string(field(use, "id"));
        if (target.empty()) {
            return;  // a re-export of something rustdoc does not document (a primitive, ...)
        }
        const bool doc_inline = has_attr(use_item, "doc(inline)");
        const bool no_inline = has_attr(use_item, "doc(no_inline)");
        const auto& source = item(target);
        if (field(use, "is_glob") == true) {
            const bool inlined = doc_inline || (!no_inline && field(source, "visibility") != "public");
            const auto [kind, inner] = inner_of(source);
            const auto& children = kind == "enum" ? field(*inner, "variants") : field(*inner, "items");
            for (const auto& child : children) {
                const auto id = id_string(child);
                auto c = reexported(v, id, name_of(id), inlined);
                (inner_of(item(id)).first == "use" ? uses_ : queue_).push_back(std::move(c));
            }
            return;
        }
        const bool inlined = doc_inline || (!no_inline && !modules_.public_home(target, source));
        const auto& name = field(use, "name");
        queue_.push_back(reexported(v, target, name.is_string() ? name.get<std::string>() : name_of(target), inlined));
    }

    void note_error_type(const std::string& fn_path, const json& fn) {
        const auto& output = field(field(field(field(fn, "inner"), "function"), "sig"), "output");
        if (const auto err = result_error(output, {}, 0); !err.empty()) {
            errors[err].push_back(fn_path);
        }
    }

    bool is_result(const std::string& id) const {
        const auto& p = field(field(paths_, id.c_str()), "path");
        if (!p.is_array() || p.size() != 3) {
            return false;
        }
        return (p[0] == "core" || p[0] == "std") && p[1] == "result" && p[2] == "Result";
    }

    // The id of E in `Result<T, E>` (through the crate's own type aliases), or empty.
    std::string result_error(const json& type, const std::map<std::string, json>& generics, int depth) const {
        const auto& rp = field(type, "resolved_path");
        const auto id = id_string(field(rp, "id"));
        if (id.empty() || depth > 8) {
            return "";
        }
        std::vector<json> args;
        for (const auto& a : field(field(field(rp, "args"), "angle_bracketed"), "args")) {
            if (const auto& t = field(a, "type"); !t.is_null()) {
                const auto& g = field(t, "generic");
                const auto bound = g.is_string() ? generics.find(g.get<std::string>()) : generics.end();
                args.push_back(bound != generics.end() ? bound->second : t);
            }
        }
        if (is_result(id)) {
            return args.size() == 2 ? id_string(field(field(args[1], "resolved_path"), "id")) : "";
        }
        const auto& alias = item(id);
        const auto [kind, inner] = inner_of(alias);
        if (!local(alias) || kind != "type_alias") {
            return "";
        }
        // `pub type Result<T, E = Error> = std::result::Result<T, E>`: bind the alias's
        // parameters to the arguments given, or to their defaults.
        std::map<std::string, json> bound;
        std::size_t next = 0;
        for (const auto& param : field(field(*inner, "generics"), "params")) {
            const auto& ty = field(field(param, "kind"), "type");
            if (ty.is_null()) {
                continue;
            }
            const auto name = field(param, "name").get<std::string>();
            bound[name] = next < args.size() ? args[next] : field(ty, "default");
            ++next;
        }
        return result_error(field(*inner, "type"), bound, depth + 1);
    }

    const json& index_;
    const json& paths_;
    RustdocApi& out_;
    ModuleMap modules_;
    std::deque<Visit> queue_;
    std::deque<Visit> uses_;
    std::set<std::string> seen_;
    std::set<std::string> direct_;     // items reached through public modules only
    std::set<std::string> seen_uses_;  // a glob can re-export the module that holds it
};

bool implements(const json& index, const json& paths, const json& type_inner, std::string_view trait_name) {
    for (const auto& impl_id : field(type_inner, "impls")) {
        const auto& trait = field(field(field(field(index, id_string(impl_id).c_str()), "inner"), "impl"), "trait");
        const auto& p = field(field(paths, id_string(field(trait, "id")).c_str()), "path");
        if (!p.is_array() || p.size() != 3 || !p[2].is_string() || p[2] != std::string(trait_name)) {
            continue;
        }
        if ((p[0] == "core" || p[0] == "std") && (p[1] == "error" || p[1] == "fmt")) {
            return true;
        }
    }
    return false;
}

std::vector<ErrorType> error_types(const json& index, const json& paths, const Walker& walker) {
    std::vector<ErrorType> out;
    for (const auto& [id, functions] : walker.errors) {
        const auto& it = field(index, id.c_str());
        if (!it.is_object() || field(it, "crate_id") != 0) {
            continue;  // another crate's type (std::io::Error, Box<dyn Error>): not this crate's to fix
        }
        ErrorType e;
        const auto known = walker.item_paths.find(id);
        e.path = known != walker.item_paths.end() ? known->second : field(it, "name").get<std::string>();
        const auto span = span_of(it);
        e.file = span.file;
        e.line = span.begin;
        e.column = span.column;
        const auto& inner = field(it, "inner");
        const auto& body = inner.empty() ? kNull : inner.begin().value();
        e.implements_error = implements(index, paths, body, "Error");
        e.implements_display = implements(index, paths, body, "Display");
        e.returned_by = *std::min_element(functions.begin(), functions.end());
        e.functions = static_cast<long>(functions.size());
        out.push_back(std::move(e));
    }
    std::sort(out.begin(), out.end(), [](const ErrorType& a, const ErrorType& b) { return a.path < b.path; });
    return out;
}

// The parts of the document the distillation never reads, and most of its size: functions'
// parameters, trait bounds and where clauses, headers, the target's feature list, links.
// Dropped while parsing, so they never take memory.
bool kept(int /*depth*/, json::parse_event_t event, json& parsed) {
    static const std::set<std::string, std::less<>> unread{
        "inputs",      "where_predicates", "bounds", "target",          "external_crates", "links",
        "deprecation", "header",           "for",    "implementations", "generic_params"};
    return event != json::parse_event_t::key || unread.count(parsed.get_ref<const std::string&>()) == 0;
}

Result<RustdocApi> distill(const json& doc) {
    RustdocApi api;
    const auto& version = field(doc, "format_version");
    if (!version.is_number_integer()) {
        return make_error(ErrorKind::internal, "rustdoc's JSON has no format_version");
    }
    api.format_version = version.get<int>();
    if (api.format_version < kRustdocFormatMin || api.format_version > kRustdocFormatMax) {
        return make_error(ErrorKind::internal,
                          fmt::format("rustdoc's JSON is format_version {}; gatecheck reads {} to {}",
                                      api.format_version, kRustdocFormatMin, kRustdocFormatMax));
    }
    const auto& index = field(doc, "index");
    const auto& paths = field(doc, "paths");
    const auto root = id_string(field(doc, "root"));
    if (!index.is_object() || !paths.is_object() || !field(index, root.c_str()).is_object()) {
        return make_error(ErrorKind::internal, "rustdoc's JSON has no index, paths or root module");
    }
    Walker walker(index, paths, api);
    walker.run(root);
    api.error_types = error_types(index, paths, walker);
    return api;
}

}  // namespace

Result<RustdocApi> parse_rustdoc_json(std::string_view document) {
    try {
        return distill(json::parse(document, kept));
    } catch (const json::exception& e) {
        return make_error(ErrorKind::internal, std::string("rustdoc's JSON does not parse: ") + e.what());
    }
}

Result<RustdocApi> parse_rustdoc_json(std::istream& document) {
    try {
        return distill(json::parse(document, kept));
    } catch (const json::exception& e) {
        return make_error(ErrorKind::internal, std::string("rustdoc's JSON does not parse: ") + e.what());
    }
}

}  // namespace gc
