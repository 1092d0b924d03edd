#include "scaffold/dependencies.hpp"

#include <chrono>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "scaffold/staging.hpp"

namespace gc::scaffold {
namespace fs = std::filesystem;
namespace {

constexpr std::chrono::minutes kCargoAddTimeout{5};

// Its own workspace root (`[workspace]`): created inside someone's workspace, cargo would
// otherwise refuse it ("believes it's in a workspace when it's not").
constexpr const char* kScratchManifest = R"([package]
name = "gatecheck-version-resolution"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]

[dependencies]
)";

std::string trimmed(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
        text.pop_back();
    }
    return text;
}

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) {
        out += (out.empty() ? "" : " ") + item;
    }
    return out;
}

Result<std::string> read_manifest(const fs::path& path) {
    std::ifstream in(path);
    std::ostringstream s;
    s << in.rdbuf();
    if (!in) {
        return make_error(ErrorKind::io, fmt::format("cannot read {}", path.string()));
    }
    return s.str();
}

}  // namespace

std::vector<std::string> cargo_add_argv(const std::vector<std::string>& crates) {
    std::vector<std::string> argv{"cargo", "add"};
    argv.insert(argv.end(), crates.begin(), crates.end());
    return argv;
}

Versions versions_in_manifest(const std::string& cargo_toml) {
    Versions out;
    toml::table doc;
    try {
        doc = toml::parse(cargo_toml);
    } catch (const toml::parse_error&) {
        return out;
    }
    if (const auto* deps = doc["dependencies"].as_table()) {
        for (const auto& [name, spec] : *deps) {
            if (const auto* text = spec.as_string()) {
                out[std::string(name.str())] = text->get();
            } else if (const auto* table = spec.as_table()) {
                out[std::string(name.str())] = (*table)["version"].value_or(std::string());
            }
        }
    }
    return out;
}

Result<Versions> resolve_versions(const std::vector<std::string>& crates, const fs::path& near,
                                  process::Runner& runner) {
    auto scratch = Staging::create(near, {{"Cargo.toml", kScratchManifest}, {"src/lib.rs", ""}});
    if (!scratch) {
        return scratch.error();
    }
    process::Command cmd;
    cmd.argv = cargo_add_argv(crates);
    cmd.cwd = scratch->dir();
    cmd.timeout = kCargoAddTimeout;
    const auto done = runner.run(cmd);
    if (!done.succeeded()) {
        return make_error(
            ErrorKind::input,
            fmt::format("`{}` failed ({}), so the dependency versions could not be resolved:\n{}\n(nothing was "
                        "written; `--pinned` writes the versions templates.toml pins instead)",
                        join(cmd.argv), done.describe(cmd), trimmed(done.err.empty() ? done.message : done.err)));
    }
    auto manifest = read_manifest(scratch->dir() / "Cargo.toml");
    if (!manifest) {
        return manifest.error();
    }
    auto versions = versions_in_manifest(*manifest);
    for (const auto& name : crates) {
        if (versions[name].empty()) {
            return make_error(
                ErrorKind::input,
                fmt::format("`{}` succeeded but wrote no version for {}; nothing was written", join(cmd.argv), name));
        }
    }
    return versions;
}

}  // namespace gc::scaffold
