#include "probes/advisory_db.hpp"
#include "core/text.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <toml++/toml.h>

namespace gc {
namespace {

Error at(const std::string& file, int line, int column, const std::string& what) {
    return make_error(ErrorKind::input, fmt::format("{}:{}:{}: {}", file, line, column, what));
}

Error at(const std::string& file, const toml::source_region& region, const std::string& what) {
    return at(file, static_cast<int>(region.begin.line), static_cast<int>(region.begin.column), what);
}

std::vector<std::string_view> lines_of(std::string_view text) {
    std::vector<std::string_view> out;
    while (!text.empty()) {
        const auto nl = text.find('\n');
        out.push_back(text.substr(0, nl));
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    }
    return out;
}

// The TOML between the opening ```toml and the closing ``` fence, padded with empty lines
// so that toml++'s line numbers are the file's; and the `# title` after it.
struct FrontMatter {
    std::string toml;
    std::string title;
};

Result<FrontMatter> split_front_matter(std::string_view text, const std::string& file) {
    const auto lines = lines_of(text);
    if (lines.empty() || trim(lines[0]) != "```toml") {
        return at(file, 1, 1, "an advisory must start with a ```toml front matter block");
    }
    FrontMatter fm;
    std::size_t close = 1;
    for (; close < lines.size() && trim(lines[close]) != "```"; ++close) {
    }
    if (close == lines.size()) {
        return at(file, 1, 1, "the ```toml front matter block is never closed");
    }
    fm.toml = "\n";
    for (std::size_t i = 1; i < close; ++i) {
        fm.toml.append(lines[i]).push_back('\n');
    }
    for (std::size_t i = close + 1; i < lines.size() && fm.title.empty(); ++i) {
        if (lines[i].substr(0, 2) == "# ") {
            fm.title = std::string(trim(lines[i].substr(2)));
        }
    }
    if (fm.title.empty()) {
        return at(file, static_cast<int>(close) + 1, 1, "no `# title` heading after the front matter");
    }
    return fm;
}

Status read_string(const toml::table& t, std::string_view key, std::string& out, bool required, const std::string& file,
                   const std::string& where) {
    const auto* node = t.get(key);
    if (node == nullptr) {
        return required ? Status(at(file, t.source(), fmt::format("[{}] has no '{}'", where, key))) : Status(Ok{});
    }
    const auto* s = node->as_string();
    if (s == nullptr) {
        return at(file, node->source(), fmt::format("'{}' must be a string", key));
    }
    out = s->get();
    return Ok{};
}

Status read_strings(const toml::table& t, std::string_view key, std::vector<std::string>& out,
                    const std::string& file) {
    const auto* node = t.get(key);
    if (node == nullptr) {
        return Ok{};
    }
    const auto* array = node->as_array();
    if (array == nullptr) {
        return at(file, node->source(), fmt::format("'{}' must be an array of strings", key));
    }
    for (const auto& item : *array) {
        const auto* s = item.as_string();
        if (s == nullptr) {
            return at(file, item.source(), fmt::format("'{}' must hold only strings", key));
        }
        out.push_back(s->get());
    }
    return Ok{};
}

// `patched` / `unaffected`: each string a version requirement, parsed now so that a range
// cargo-audit would reject is an error here too, at its line.
Status read_ranges(const toml::table& versions, std::string_view key, std::vector<std::string>& text,
                   std::vector<semver::VersionReq>& reqs, const std::string& file) {
    if (auto st = read_strings(versions, key, text, file); !st) {
        return st;
    }
    const auto* array = versions.get_as<toml::array>(key);
    for (std::size_t i = 0; i < text.size(); ++i) {
        auto req = semver::parse_req(text[i]);
        if (!req) {
            return at(file, (*array)[i].source(), req.error().message);
        }
        reqs.push_back(std::move(*req));
    }
    return Ok{};
}

Status read_advisory_table(const toml::table& doc, Advisory& a, const std::string& file) {
    const auto* adv = doc.get_as<toml::table>("advisory");
    if (adv == nullptr) {
        return at(file, 2, 1, "no [advisory] table");
    }
    for (const auto& [key, out, required] : {std::tuple<std::string_view, std::string*, bool>{"id", &a.id, true},
                                             {"package", &a.package, true},
                                             {"date", &a.date, true},
                                             {"url", &a.url, false},
                                             {"informational", &a.informational, false},
                                             {"withdrawn", &a.withdrawn, false}}) {
        if (auto st = read_string(*adv, key, *out, required, file, "advisory"); !st) {
            return st;
        }
    }
    return read_strings(*adv, "aliases", a.aliases, file);
}

std::string slurp(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string trimmed_file(const std::filesystem::path& path) {
    return std::string(trim(slurp(path).substr(0, 200)));
}

// The files under DIR/crates/<package>/, sorted so errors and results are reproducible.
// Dotfiles are skipped, as cargo-audit skips them; anything else is an advisory to load.
Result<std::vector<std::filesystem::path>> advisory_files(const std::filesystem::path& crates) {
    std::vector<std::filesystem::path> out;
    if (!std::filesystem::is_directory(crates)) {
        return out;
    }
    std::error_code ec;
    for (std::filesystem::directory_iterator pkg(crates, ec), end; !ec && pkg != end; pkg.increment(ec)) {
        if (!pkg->is_directory()) {
            continue;
        }
        for (std::filesystem::directory_iterator it(pkg->path(), ec); !ec && it != end; it.increment(ec)) {
            if (it->path().filename().string().rfind('.', 0) != 0) {
                out.push_back(it->path());
            }
        }
    }
    if (ec) {
        return make_error(ErrorKind::input, fmt::format("{}: cannot be read: {}", crates.string(), ec.message()));
    }
    std::sort(out.begin(), out.end());
    return out;
}

// The checks cargo-audit makes before it trusts a file: a .md named after its id, in the
// directory named after its package. A placeholder (RUSTSEC-0000-0000, a draft) must parse
// but is not an advisory.
Status check_place(const Advisory& a, const std::filesystem::path& path) {
    const auto shown = path.string();
    if (path.extension() != ".md") {
        return at(shown, 1, 1,
                  path.extension() == ".toml"
                      ? "a legacy .toml advisory (the database has used .md files since 2021): update the database"
                      : "not an advisory (.md) file; cargo-audit rejects it too");
    }
    const bool placeholder = a.id == "RUSTSEC-0000-0000";
    if (!placeholder && path.filename() != a.id + ".md") {
        return at(shown, 1, 1, fmt::format("advisory {} must be in a file named {}.md", a.id, a.id));
    }
    if (path.parent_path().filename() != a.package) {
        return at(
            shown, 1, 1,
            fmt::format("advisory {} is about package '{}' but is not in crates/{}/", a.id, a.package, a.package));
    }
    return Ok{};
}

}  // namespace

bool Advisory::affects(const semver::Version& version) const {
    const auto hit = [&](const semver::VersionReq& r) { return semver::matches(r, version); };
    return std::none_of(patched.begin(), patched.end(), hit) && std::none_of(unaffected.begin(), unaffected.end(), hit);
}

Result<Advisory> parse_advisory(std::string_view text, const std::string& file) {
    auto fm = split_front_matter(text, file);
    if (!fm) {
        return fm.error();
    }
    toml::table doc;
    try {
        doc = toml::parse(fm->toml, std::string_view(file));
    } catch (const toml::parse_error& e) {
        return at(file, e.source(), std::string(e.description()));
    }
    Advisory a;
    a.file = file;
    a.title = fm->title;
    if (auto st = read_advisory_table(doc, a, file); !st) {
        return st.error();
    }
    const auto* versions = doc.get_as<toml::table>("versions");
    if (versions == nullptr) {
        return at(file, 2, 1, "no [versions] table");
    }
    if (auto st = read_ranges(*versions, "patched", a.patched_text, a.patched, file); !st) {
        return st.error();
    }
    if (auto st = read_ranges(*versions, "unaffected", a.unaffected_text, a.unaffected, file); !st) {
        return st.error();
    }
    return a;
}

namespace {

AdvisoryMatch match_of(const Advisory& a, const LockedPackage& p) {
    return AdvisoryMatch{
        a.id,   p.name, p.version, a.title,        a.informational.empty() ? "vulnerability" : a.informational,
        a.date, a.url,  a.aliases, a.patched_text, a.unaffected_text,
        a.file, p.line};
}

}  // namespace

Result<AdvisoryEvidence> audit_packages(const AdvisoryDb& db, const std::vector<LockedPackage>& packages,
                                        const std::string& lockfile) {
    AdvisoryEvidence ev;
    ev.db_path = db.path;
    ev.db_commit = db.commit;
    ev.db_newest = db.newest;
    ev.advisories = db.count;
    ev.withdrawn = db.withdrawn;
    ev.lockfile = lockfile;
    ev.packages = static_cast<long>(packages.size());
    for (const auto& p : packages) {
        if (p.source.empty()) {
            continue;
        }
        if (!is_crates_io(p.source)) {
            ev.unchecked.push_back(fmt::format("{} {} ({})", p.name, p.version, p.source));
            continue;
        }
        ++ev.checked;
        const auto version = semver::parse_version(p.version);
        if (!version) {
            return at(lockfile, p.line, 1, version.error().message);
        }
        const auto found = db.by_package.find(p.name);
        if (found == db.by_package.end()) {
            continue;
        }
        for (const auto& a : found->second) {
            if (a.withdrawn.empty() && a.affects(*version)) {
                ev.matches.push_back(match_of(a, p));
            }
        }
    }
    return ev;
}

std::string git_head(const std::filesystem::path& dir) {
    const auto git = dir / ".git";
    const auto head = trimmed_file(git / "HEAD");
    if (head.rfind("ref: ", 0) != 0) {
        return head.size() == 40 ? head : "";  // a detached HEAD names the commit itself
    }
    const auto ref = std::string(trim(std::string_view(head).substr(5)));
    if (auto loose = trimmed_file(git / ref); loose.size() >= 40) {
        return loose.substr(0, 40);
    }
    std::istringstream packed(slurp(git / "packed-refs"));
    for (std::string line; std::getline(packed, line);) {
        if (line.size() > 41 && line.compare(41, std::string::npos, ref) == 0) {
            return line.substr(0, 40);
        }
    }
    return "";
}

Result<AdvisoryDb> load_advisory_db(const std::filesystem::path& dir) {
    AdvisoryDb db;
    db.path = dir.string();
    db.commit = git_head(dir);
    auto files = advisory_files(dir / "crates");
    if (!files) {
        return files.error();
    }
    std::set<std::string> ids;
    for (const auto& path : *files) {
        if (path.extension() != ".md") {
            return check_place(Advisory{}, path).error();
        }
        auto a = parse_advisory(slurp(path), path.string());
        if (!a) {
            return a.error();
        }
        if (auto st = check_place(*a, path); !st) {
            return st.error();
        }
        if (a->id == "RUSTSEC-0000-0000") {
            continue;
        }
        if (!ids.insert(a->id).second) {
            return at(path.string(), 1, 1, fmt::format("duplicate advisory id {}", a->id));
        }
        ++db.count;
        db.withdrawn += a->withdrawn.empty() ? 0 : 1;
        db.newest = std::max(db.newest, a->date);
        db.by_package[a->package].push_back(std::move(*a));
    }
    if (db.count == 0) {
        return make_error(ErrorKind::input,
                          fmt::format("{}: no advisories under crates/: not a RustSec advisory database", db.path));
    }
    return db;
}

}  // namespace gc
