// async: clippy's lints on costly or pointless futures, when the crate has async code at all.
#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "evidence/keys.hpp"
#include "evidence/lints.hpp"
#include "gates/common.hpp"
#include "gates/diagnostic_findings.hpp"
#include "gates/gate.hpp"
#include "gates/lint_gate.hpp"

namespace gc::gates {
namespace {

// Whether a selected package has async code: an `async fn` / `async {` / `async move` in one of
// its .rs files (its target dir and hidden dirs skipped, whole-line comments ignored), or
// tokio / async-std among the dependencies its Cargo.toml names (the rust-sources probe reads both).
bool has_async_code(const RustSources& sources) {
    return std::any_of(sources.packages.begin(), sources.packages.end(),
                       [](const PackageSources& p) { return p.async_runtime || p.async_code; });
}

bool in_async_code(const RustSources& sources, const Workspace& ws, const Diagnostic& d) {
    const auto* file = sources.find(ws.relative(d.file));
    return file != nullptr && file->in_async_code(SourcePos{d.line, d.column});
}

// Blocking std calls that stall an executor thread when made in async code, and what to use
// there instead. They reach clippy as disallowed-methods entries in the shared run's
// clippy.toml; the same call in sync code is not this gate's (nor the clippy gate's).
const std::vector<std::pair<std::string, std::string>>& blocking_calls() {
    static const std::vector<std::pair<std::string, std::string>> calls{
        {"std::thread::sleep", "the runtime's sleep"},
        {"std::thread::JoinHandle::join", "spawn_blocking or the runtime's join"},
        {"std::fs::read", "the runtime's fs or spawn_blocking"},
        {"std::fs::read_to_string", "the runtime's fs or spawn_blocking"},
        {"std::fs::write", "the runtime's fs or spawn_blocking"},
        {"std::fs::read_dir", "the runtime's fs or spawn_blocking"},
        {"std::fs::copy", "the runtime's fs or spawn_blocking"},
        {"std::fs::File::open", "the runtime's fs or spawn_blocking"},
        {"std::fs::File::create", "the runtime's fs or spawn_blocking"},
        {"std::net::TcpStream::connect", "the runtime's TcpStream"},
        {"std::net::TcpListener::accept", "the runtime's TcpListener"},
        {"std::net::UdpSocket::recv_from", "the runtime's UdpSocket"},
        {"std::process::Command::output", "the runtime's process::Command"},
        {"std::process::Command::status", "the runtime's process::Command"},
        {"std::process::Child::wait", "the runtime's process::Child"},
        {"std::sync::mpsc::Receiver::recv", "an async channel"},
        {"std::io::stdin", "the runtime's stdin"},
    };
    return calls;
}

std::string disallowed_methods_value() {
    std::string value = "[\n";
    for (const auto& [path, instead] : blocking_calls()) {
        value += fmt::format("  {{ path = \"{}\", reason = \"blocking: in async code use {} {}\" }},\n", path, instead,
                             kGatecheckMark);
    }
    return value + "]";
}

// The shared run's disallowed_methods diagnostics that gatecheck's configuration produced,
// inside async code, as findings; every other diagnostic counts as it is.
LintReading async_reading(const GateInput& in, const CompileEvidence& own) {
    LintReading reading{own, {}, {}, "", std::nullopt};
    reading.counted.diagnostics.clear();
    const auto& probed = in.evidence.get(keys::rust_sources);
    const auto* sources = probed.get();
    if (sources == nullptr) {
        reading.problem = problem_of(probed, "the crate's sources were not read");
        return reading;
    }
    const bool async_code = has_async_code(*sources);
    for (const auto& d : distinct(own.diagnostics)) {
        if (normalize_lint_name(d.code) != "clippy::disallowed_methods") {
            reading.counted.diagnostics.push_back(d);
        } else if (d.rendered.find(kGatecheckMark) != std::string::npos && in_async_code(*sources, in.workspace, d)) {
            Finding f = to_finding(d);
            f.rule = "blocking-call-in-async";
            const auto tick = d.message.find('`');
            f.message =
                "blocking call " + (tick != std::string::npos ? d.message.substr(tick) : d.message) + " in async code";
            reading.extra.push_back(std::move(f));
        }
    }
    const bool checked =
        std::find(own.config_added.begin(), own.config_added.end(), "disallowed-methods") != own.config_added.end();
    reading.clean = async_code ? "async code, and no costly or pointless future or blocking call" : "no async code";
    if (async_code && !checked) {
        reading.clean += " (blocking calls not checked: the crate's clippy.toml sets its own disallowed-methods)";
    }
    reading.metrics = {{"async_code", async_code ? 1.0 : 0.0},
                       {"blocking_calls", static_cast<double>(reading.extra.size())},
                       {"blocking_calls_checked", checked ? 1.0 : 0.0}};
    return reading;
}

}  // namespace

std::unique_ptr<Gate> make_async_gate() {
    return make_lint_gate({
        .info = {"async",
                 "Performance",
                 {"Async performance optimized"},
                 "when the crate has async code (an async fn or block in its sources, or tokio / async-std in its "
                 "manifest): the shared cargo clippy run with clippy::large_futures, unused_async, "
                 "async_yields_async, future_not_send, and blocking std calls (thread::sleep, std::fs, std::net, "
                 "std::process, mpsc recv, join) found by clippy::disallowed_methods inside async fns and blocks",
                 {keys::clippy.family, keys::rust_sources.family}},
        .counted = {{"clippy::large_futures"},
                    {"clippy::unused_async"},
                    {"clippy::async_yields_async"},
                    {"clippy::future_not_send"}},
        .readonly = {{"clippy::disallowed_methods"}},
        .clippy_config = {{"disallowed-methods", disallowed_methods_value()}},
        .read = async_reading,
    });
}

}  // namespace gc::gates
