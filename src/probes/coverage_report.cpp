#include "probes/coverage_report.hpp"
#include "core/text.hpp"

#include <algorithm>
#include <charconv>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace gc {
namespace {

namespace fs = std::filesystem;

Error parse_error(const std::string& what) {
    return make_error(ErrorKind::internal, what);
}

bool is_under(const fs::path& file, const fs::path& dir) {
    const auto rel = file.lexically_relative(dir);
    return !rel.empty() && *rel.begin() != "..";
}

// `file` relative to `root` when it is the crate's own source (not generated code under the
// target dir), else nothing. Symlinked roots are compared once more, resolved.
std::optional<std::string> own_path(const fs::path& file, const fs::path& root, const fs::path& target_dir) {
    const auto check = [](const fs::path& f, const fs::path& r, const fs::path& t) -> std::optional<std::string> {
        if (!is_under(f, r) || (!t.empty() && is_under(f, t))) {
            return std::nullopt;
        }
        return f.lexically_relative(r).generic_string();
    };
    if (auto own = check(file.lexically_normal(), root.lexically_normal(), target_dir.lexically_normal())) {
        return own;
    }
    std::error_code ec;
    const auto real_file = fs::weakly_canonical(file, ec);
    const auto real_root = fs::weakly_canonical(root, ec);
    const auto real_target = target_dir.empty() ? fs::path{} : fs::weakly_canonical(target_dir, ec);
    return ec ? std::nullopt : check(real_file, real_root, real_target);
}

CoverageCounts counts(const nlohmann::json& summary, const char* what) {
    const auto& c = summary.at(what);
    return CoverageCounts{c.at("covered").get<long>(), c.at("count").get<long>()};
}

std::string regex_escape(const std::string& text) {
    std::string out;
    for (const char c : text) {
        if (std::string_view(R"(\^$.|?*+()[]{})").find(c) != std::string_view::npos) {
            out += '\\';
        }
        out += c;
    }
    return out;
}

}  // namespace

Result<CoverageEvidence> parse_coverage_summary(std::string_view json, const fs::path& root,
                                                const fs::path& target_dir) {
    const auto doc = nlohmann::json::parse(json, nullptr, false);
    if (doc.is_discarded() || !doc.is_object() || doc.value("type", "") != "llvm.coverage.json.export") {
        return parse_error("llvm-cov export did not print its JSON export format");
    }
    try {
        const auto& data = doc.at("data");
        if (data.size() != 1) {
            return parse_error(fmt::format("llvm-cov export printed {} data sets, not one", data.size()));
        }
        CoverageEvidence ev;
        for (const auto& f : data.at(0).at("files")) {
            auto own = own_path(f.at("filename").get<std::string>(), root, target_dir);
            if (!own) {
                ++ev.outside_files;
                continue;
            }
            const auto& summary = f.at("summary");
            FileCoverage file{*own, counts(summary, "lines"), counts(summary, "regions"), {}};
            ev.lines.covered += file.lines.covered;
            ev.lines.count += file.lines.count;
            ev.regions.covered += file.regions.covered;
            ev.regions.count += file.regions.count;
            ev.files.push_back(std::move(file));
        }
        std::sort(ev.files.begin(), ev.files.end(), [](const auto& a, const auto& b) { return a.file < b.file; });
        return ev;
    } catch (const nlohmann::json::exception& e) {
        return parse_error(fmt::format("llvm-cov export's JSON is not as expected: {}", e.what()));
    }
}

Status add_lcov_lines(CoverageEvidence& ev, std::string_view lcov, const fs::path& root) {
    std::istringstream in{std::string(lcov)};
    FileCoverage* file = nullptr;
    long found = -1;
    long hit = -1;
    for (std::string line; std::getline(in, line);) {
        if (line.starts_with("SF:")) {
            const auto own = own_path(line.substr(3), root, {});
            const auto it = std::find_if(ev.files.begin(), ev.files.end(),
                                         [&](const FileCoverage& f) { return own && f.file == *own; });
            file = it == ev.files.end() ? nullptr : &*it;
            found = hit = -1;
        } else if (file != nullptr && line.starts_with("DA:")) {
            const auto comma = line.find(',', 3);
            const int number = to_int(std::string_view(line).substr(3, comma - 3)).value_or(-1);
            if (comma == std::string::npos || number < 0) {
                return parse_error(fmt::format("llvm-cov's lcov export has a malformed line: {}", line));
            }
            if (line.compare(comma + 1, std::string::npos, "0") == 0) {
                file->uncovered.push_back(number);
            }
        } else if (file != nullptr && line.starts_with("LF:")) {
            found = to_int(std::string_view(line).substr(3)).value_or(-1);
        } else if (file != nullptr && line.starts_with("LH:")) {
            hit = to_int(std::string_view(line).substr(3)).value_or(-1);
        } else if (file != nullptr && line == "end_of_record") {
            if (found != file->lines.count || hit != file->lines.covered) {
                return parse_error(
                    fmt::format("llvm-cov's lcov export counts {} of {} lines in {}, its summary {} of {}", hit, found,
                                file->file, file->lines.covered, file->lines.count));
            }
            std::sort(file->uncovered.begin(), file->uncovered.end());
            file = nullptr;
        }
    }
    return Ok{};
}

fs::path persisted_doctests_dir(const fs::path& target_dir, const std::string& pkg) {
    return target_dir / "doctests" / pkg;
}

PersistedDoctests list_persisted_doctests(const fs::path& dir) {
    PersistedDoctests found;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        if (!it->is_directory(ec)) {
            continue;
        }
        ++found.dirs;
        if (const auto binary = it->path() / "rust_out"; fs::is_regular_file(binary, ec)) {
            found.binaries.push_back(binary.string());
        }
    }
    std::sort(found.binaries.begin(), found.binaries.end());
    return found;
}

bool llvm_too_old(std::string_view err) {
    return err.find("unsupported instrumentation profile format version") != std::string_view::npos ||
           err.find("raw profile version mismatch") != std::string_view::npos ||
           err.find("unsupported coverage format version") != std::string_view::npos;
}

std::string coverage_ignore_regex(const fs::path& target_dir, const fs::path& cargo_home) {
    std::string regex = R"(/rustc/|^/usr/share/cargo/|/\.cargo/(registry|git)/)";
    if (!cargo_home.empty()) {
        regex += "|^" + regex_escape(cargo_home.lexically_normal().string()) + "/(registry|git)/";
    }
    if (!target_dir.empty()) {
        regex += "|^" + regex_escape(target_dir.lexically_normal().string()) + "/";
    }
    return regex;
}

Result<LlvmTools> find_llvm_tools(const std::string& configured, const std::string& path, const fs::path& debian_dir) {
    const auto in_dir = [](const fs::path& dir) -> std::optional<LlvmTools> {
        std::error_code ec;
        if (fs::is_regular_file(dir / "llvm-profdata", ec) && fs::is_regular_file(dir / "llvm-cov", ec)) {
            return LlvmTools{(dir / "llvm-profdata").string(), (dir / "llvm-cov").string(), dir.string()};
        }
        return std::nullopt;
    };
    if (!configured.empty()) {
        if (auto tools = in_dir(configured)) {
            return *tools;
        }
        return make_error(
            ErrorKind::input,
            fmt::format("no llvm-profdata and llvm-cov in {} (the coverage gate's llvm_bin)", configured));
    }
    if (auto tools = in_dir(debian_dir)) {
        return *tools;
    }
    std::istringstream dirs(path);
    for (std::string dir; std::getline(dirs, dir, ':');) {
        std::error_code ec;
        const fs::path d = dir.empty() ? fs::path(".") : fs::path(dir);
        if (fs::exists(d / "llvm-profdata-19", ec) && fs::exists(d / "llvm-cov-19", ec)) {
            return LlvmTools{(d / "llvm-profdata-19").string(), (d / "llvm-cov-19").string(), d.string()};
        }
    }
    return make_error(ErrorKind::input, fmt::format("LLVM 19's llvm-profdata and llvm-cov are not installed "
                                                    "(not in {}, no llvm-profdata-19 on PATH)",
                                                    debian_dir.string()));
}

}  // namespace gc
