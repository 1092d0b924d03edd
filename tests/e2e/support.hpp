#pragma once
// End-to-end test support: run the built gatecheck binary (and raw cargo, for comparison)
// on copies of fixture crates and real crates, with an offline CARGO_HOME under build/.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace e2e {

namespace fs = std::filesystem;
using nlohmann::json;

struct Run {
    int exit_code = -1;
    std::string out;
    std::string err;
    json report;  // the --report json=FILE, when the run wrote one
    // The program's own peak RSS, from the kernel's accounting of the reaped child (its
    // children that it waited for included: gatecheck reaps its commands itself, so this
    // is the largest of gatecheck and the commands it ran).
    long long max_rss_bytes = 0;
};

// An exact copy of tests/fixtures/NAME (or another source dir) under build/e2e/crates/TAG,
// with its own persistent target dir build/e2e/target/TAG (warm across test runs: files
// whose content did not change keep their mtime).
struct Crate {
    fs::path dir;
    fs::path target_dir;
};
Crate copy_crate(const fs::path& source, const std::string& tag);
Crate fixture(const std::string& name, const std::string& tag = "");
fs::path source_dir();
// The gatecheck under test: this tree's binary, or the one GATECHECK_E2E_BINARY names (the
// ASan pass runs the normal tree's driver against its sanitized binary: scripts/test.sh).
const std::string& gatecheck_binary();
// Whether that binary was built with AddressSanitizer, which keeps freed memory in a 256 MiB
// quarantine: memory bounds are not checked then. The driver may be a plain build testing an
// ASan one, so this comes from the build that runs the tests (GATECHECK_E2E_SANITIZED).
bool gatecheck_sanitized();

// Runs a program without a shell; env entries are added to (or, with an empty value
// "UNSET", removed from) the test's environment. CARGO_HOME defaults to build/cargo-home.
Run run_program(const std::vector<std::string>& argv, const fs::path& cwd,
                const std::map<std::string, std::string>& env = {});

// gatecheck ARGS on the crate, with --report json=... added, CARGO_TARGET_DIR set.
Run gatecheck(const Crate& crate, std::vector<std::string> args = {},
              const std::map<std::string, std::string>& env = {});
Run gatecheck_plain(const std::vector<std::string>& args, const fs::path& cwd,
                    const std::map<std::string, std::string>& env = {});

// Distinct warnings of the raw `cargo clippy --all-targets --keep-going -- -W clippy::pedantic`
// on the crate, parsed independently of gatecheck's own parsers: keyed by where clippy places
// each (the "--> file:line:col" of its rendered text), lint and message.
long raw_clippy_warnings(const Crate& crate);

// Every regular file under `dir` with its modification time: what a rebuild would change.
// With only_deps, just the files of `deps/` dirs (compiled artifacts; profiles and reports
// elsewhere may change from run to run).
using FileTimes = std::map<std::string, fs::file_time_type>;
FileTimes file_times(const fs::path& dir, bool only_deps = false);

// Writes `content` to `p`, replacing the file.
void write(const fs::path& p, const std::string& content);
inline bool contains(const std::string& hay, const std::string& needle) {
    return hay.find(needle) != std::string::npos;
}

// The raw unsafe inventory of a crate's libraries: every unsafe_code message of `cargo rustc
// --lib --message-format=json -- --force-warn unsafe_code` (its own target dir, TARGET/raw-unsafe).
long raw_unsafe_total(const Crate& crate);

const json& gate(const json& report, const std::string& id);
double metric(const json& report, const std::string& gate_id, const std::string& name);
std::string status(const json& report, const std::string& gate_id);

// A directory with symlinks to only some of the toolchain's programs, to put first in PATH
// (so `cargo clippy` really finds no clippy).
fs::path partial_toolchain(const std::string& tag, const std::vector<std::string>& programs);
// A directory of symlinks to everything in /usr/bin but the programs starting with one of
// `left_out` (valgrind, perf): with partial_toolchain, a PATH on which they are missing.
fs::path usr_bin_without(const std::string& tag, const std::vector<std::string>& left_out);

// Processes still alive (not zombies) whose program path (argv[0]) starts with
// `program_prefix`: a test binary running, not the linker writing it.
std::vector<int> processes_running(const std::string& program_prefix);
// ... whose command line mentions `needle` anywhere (cargo, rustc, cc, the linker ...).
std::vector<int> processes_mentioning(const std::string& needle);
// ... whose environment has the entry `NAME=VALUE` (it and all its descendants, unless one
// of them changed its environment).
std::vector<int> processes_with_env(const std::string& entry);

}  // namespace e2e
