// The command line, configuration errors, bad input, missing tools and interruption, on
// the real binary.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <pty.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cctype>
#include <chrono>
#include <fstream>
#include <thread>

#include "support.hpp"

using namespace e2e;

namespace {}  // namespace

TEST_CASE("--version and --help") {
    auto r = gatecheck_plain({"--version"}, source_dir());
    CHECK(r.exit_code == 0);
    CHECK(r.out == "gatecheck 0.1.0\n");
    r = gatecheck_plain({"--help"}, source_dir());
    CHECK(r.exit_code == 0);
    for (const char* s : {"check", "list", "Exit codes:", "130", "--report", "--gate", "--skip", "--timeout", "--jobs",
                          "--color", "docs/CONFIG.md"}) {
        INFO(s);
        CHECK(contains(r.out, s));
    }
    r = gatecheck_plain({"check", "--help"}, source_dir());
    CHECK(r.exit_code == 0);
    CHECK(contains(r.out, "FORMAT[=FILE]"));
    // Both help pages name every gate of the catalogue, as `gatecheck list` does.
    const auto top = gatecheck_plain({"--help"}, source_dir());
    const auto listed = gatecheck_plain({"list", "--color", "never"}, source_dir());
    std::istringstream lines(listed.out);
    int gates = 0;
    for (std::string line; std::getline(lines, line);) {
        if (line.empty() || line.front() == ' ') {
            continue;  // a gate's details; its id starts the line
        }
        if (std::isupper(static_cast<unsigned char>(line.front())) != 0) {
            break;  // the checklist after the gates
        }
        const auto id = line.substr(0, line.find(' '));
        INFO(id);
        ++gates;
        CHECK((contains(top.out, " " + id + ",") || contains(top.out, " " + id + ".")));
        CHECK((contains(r.out, " " + id + ",") || contains(r.out, " " + id + ".")));
    }
    CHECK(gates >= 19);
}

// Issue 26: `cmake --install` puts gatecheck and cargo-gatecheck on PATH, and cargo runs the
// latter as `cargo-gatecheck gatecheck ARGS`.
TEST_CASE("cargo gatecheck: installed by cmake --install next to gatecheck") {
    const auto prefix = fs::path(GATECHECK_WORK_DIR) / "install-prefix";
    fs::remove_all(prefix);
    const auto build_dir = fs::path(gatecheck_binary()).parent_path();
    const auto installed =
        run_program({"cmake", "--install", build_dir.string(), "--prefix", prefix.string()}, build_dir);
    INFO(installed.out << installed.err);
    REQUIRE(installed.exit_code == 0);
    CHECK(fs::is_symlink(prefix / "bin" / "cargo-gatecheck"));
    const std::string path = (prefix / "bin").string() + ":" + std::getenv("PATH");
    auto r = run_program({"cargo", "gatecheck", "--version"}, source_dir(), {{"PATH", path}});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out == "gatecheck 0.1.0\n");
    // The path cargo runs it in is the crate to check, as for `gatecheck` alone.
    r = run_program({"cargo", "gatecheck", "list"}, source_dir() / "examples" / "hello-gates", {{"PATH", path}});
    CHECK(r.exit_code == 0);
    CHECK(contains(r.out, "clippy"));
    fs::remove_all(prefix);
}

TEST_CASE("usage errors exit 2 with one clear line") {
    const auto crate = fixture("clean", "cli-usage");
    struct Case {
        std::vector<std::string> args;
        std::string message;
    };
    const std::vector<Case> cases{
        {{"--no-such-flag"}, "--no-such-flag"},
        {{"--gate", "nope"}, "--gate nope: unknown gate (gates: build, clippy, docs"},
        {{"--skip", "clipy"}, "--skip clipy: unknown gate"},
        {{"--report", "xml"}, "unknown format 'xml'"},
        {{"--report", "json=/nonexistent-dir/r.json"}, "directory /nonexistent-dir does not exist"},
        {{"--report", "json", "--report", "human"}, "only one --report can go to stdout"},
        {{"--jobs", "0"}, "--jobs"},
        {{"--timeout", "-5"}, "--timeout"},
        {{"--color", "sometimes"}, "--color"},
    };
    for (const auto& c : cases) {
        const auto r = gatecheck_plain(c.args, crate.dir);
        INFO(c.args[0] << " -> " << r.err);
        CHECK(r.exit_code == 2);
        CHECK(contains(r.err, "gatecheck: error: "));
        CHECK(contains(r.err, c.message));
        CHECK(r.out.empty());
    }
}

namespace {

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        const auto end = text.find('\n', start);
        out.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
        start = end == std::string::npos ? text.size() : end + 1;
    }
    return out;
}

// Exactly one "gatecheck: error: " line, and it is `message`.
void check_one_error_line(const std::string& err, const std::string& message) {
    std::vector<std::string> errors;
    for (const auto& line : lines(err)) {
        if (line.rfind("gatecheck: error: ", 0) == 0) {
            errors.push_back(line);
        }
    }
    REQUIRE(errors.size() == 1);
    CHECK(errors.front() == "gatecheck: error: " + message);
}

}  // namespace

TEST_CASE("a bad option value names the option and what it accepts, in one line") {
    const auto crate = fixture("clean", "cli-usage");
    struct Case {
        std::vector<std::string> args;
        std::string message;
    };
    const std::vector<Case> cases{
        {{"--jobs", "0"}, "--jobs 0: expected a whole number of at least 1"},
        {{"-j", "-3"}, "--jobs -3: expected a whole number of at least 1"},
        {{"--jobs", "two"}, "--jobs two: expected a whole number of at least 1"},
        {{"--jobs=99999999999999999999999"}, "--jobs 99999999999999999999999: expected a whole number of at least 1"},
        {{"--timeout", "-1"}, "--timeout -1: expected a whole number of seconds from 1 to 604800 (7 days)"},
        {{"--timeout", "abc"}, "--timeout abc: expected a whole number of seconds from 1 to 604800 (7 days)"},
        {{"--timeout", "1.5"}, "--timeout 1.5: expected a whole number of seconds from 1 to 604800 (7 days)"},
        {{"--color", "sometimes"}, "--color sometimes: expected auto, always or never"},
        {{"list", "--color", "sometimes"}, "--color sometimes: expected auto, always or never"},
        {{"--timout", "900"}, "unknown option '--timout'; did you mean '--timeout'?"},
        {{"--reprot=json"}, "unknown option '--reprot'; did you mean '--report'?"},
        {{"list", "--colour", "never"}, "unknown option '--colour'; did you mean '--color'?"},
        {{"--no-such-flag"}, "unknown option '--no-such-flag' (gatecheck check --help lists the options)"},
        {{"chek"}, "unknown command 'chek'; did you mean 'check'? (gatecheck --help lists them)"},
        {{"lsit"}, "unknown command 'lsit'; did you mean 'list'? (gatecheck --help lists them)"},
        {{"--skip", "build", "--gate", "fmt"}, "--skip build: not selected by --gate (fmt), so nothing to skip"},
        {{"-q", "-v"}, "-q and -v cannot be used together"},
        {{"--verbose", "--gate", "fmt", "--quiet"}, "-q and -v cannot be used together"},
    };
    for (const auto& c : cases) {
        const auto r = gatecheck_plain(c.args, crate.dir);
        INFO(c.args[0] << " -> " << r.err);
        CHECK(r.exit_code == 2);
        check_one_error_line(r.err, c.message);
        for (const char* internal : {"179769", "FAILED", "->", "not in range"}) {
            CHECK_FALSE(contains(r.err, internal));
        }
        CHECK(r.out.empty());
    }
    // Upper case still works, as before.
    const auto r = gatecheck_plain({"--gate", "fmt", "--color", "NEVER", "-q"}, crate.dir,
                                   {{"CARGO_TARGET_DIR", crate.target_dir.string()}});
    CHECK(r.exit_code == 0);
}

TEST_CASE("subcommand help shows the program name in its usage line") {
    for (const std::string sub : {"check", "list"}) {
        const auto r = gatecheck_plain({sub, "--help"}, source_dir());
        INFO(r.out);
        CHECK(r.exit_code == 0);
        CHECK(contains(r.out, "Usage: gatecheck " + sub + " "));
        CHECK_FALSE(contains(r.out, "Usage: " + sub));
    }
}

TEST_CASE("list on a path that does not exist exits 2, as check does") {
    const auto r = gatecheck_plain({"list", "nonexistent"}, source_dir());
    CHECK(r.exit_code == 2);
    check_one_error_line(r.err, "nonexistent: no such file or directory");
    CHECK(r.out.empty());
}

TEST_CASE("a wrong path or a non-crate says so and exits 2") {
    const auto crate = fixture("clean", "cli-paths");
    auto r = gatecheck_plain({"no/such/dir"}, crate.dir);
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "gatecheck: error: no/such/dir: no such file or directory"));

    r = gatecheck_plain({"src"}, crate.dir);
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "src is not a Rust crate or workspace: it has no Cargo.toml"));

    r = gatecheck_plain({"src/lib.rs"}, crate.dir);
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "src/lib.rs is neither a Cargo.toml nor a directory holding one"));

    // A path given as the Cargo.toml itself works.
    r = gatecheck_plain({"Cargo.toml", "--gate", "fmt"}, crate.dir, {{"CARGO_TARGET_DIR", crate.target_dir.string()}});
    CHECK(r.exit_code == 0);

    // A Cargo.toml cargo cannot read: cargo's own reason, exit 2.
    const auto broken = fixture("clean", "cli-broken-manifest");
    write(broken.dir / "Cargo.toml", "[package\nname = \"x\"\n");
    r = gatecheck_plain({}, broken.dir);
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "gatecheck: error: cargo cannot read"));
    CHECK(contains(r.err, "Cargo.toml"));
}

TEST_CASE("a paths with spaces and shell metacharacters is just a path") {
    const auto crate = copy_crate(source_dir() / "tests" / "fixtures" / "clean", "dir with spaces; $(echo x) & 'q'");
    const auto r = gatecheck(crate, {"--gate", "fmt", "--gate", "unit-tests"});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(status(r.report, "unit-tests") == "pass");
}

TEST_CASE("malformed or invalid configuration names file, line and column, exit 2") {
    const auto crate = fixture("clean", "cli-config");
    struct Case {
        std::string toml;
        std::string message;
    };
    const std::vector<Case> cases{
        {"[gates.clippy]\nmax_warnings = \"3\"\n",
         "gatecheck.toml:2:16: 'max_warnings' must be an integer, not a string"},
        {"[gates.clippy]\nmax_warning = 3\n", "gatecheck.toml:2:1: unknown key 'max_warning' in [gates.clippy]"},
        {"[gates.clipy]\n", "gatecheck.toml:1:8: unknown gate 'clipy'"},
        {"[gates.docs]\nmin_documented = 120\n", "gatecheck.toml:2:18: 'min_documented' must be between 0 and 100"},
        {"[gates.docs]\nrequired = \"yes\"\n", "gatecheck.toml:2:12: 'gates.docs.required' must be true or false"},
        {"timeout = 0\n", "gatecheck.toml:1:11: 'timeout' must be greater than 0"},
        {"[gates.fmt\nenabled = false\n", "gatecheck.toml:1:"},
        {"colour = true\n", "gatecheck.toml:1:1: unknown key 'colour'"},
    };
    for (const auto& c : cases) {
        write(crate.dir / "gatecheck.toml", c.toml);
        const auto r = gatecheck_plain({}, crate.dir, {{"CARGO_TARGET_DIR", crate.target_dir.string()}});
        INFO(c.toml << " -> " << r.err);
        CHECK(r.exit_code == 2);
        CHECK(contains(r.err, "gatecheck: error: "));
        CHECK(contains(r.err, c.message));
    }
    fs::remove(crate.dir / "gatecheck.toml");

    // The same checks apply to the Cargo.toml metadata table, with Cargo.toml's positions.
    const auto manifest = crate.dir / "Cargo.toml";
    {
        std::ofstream out(manifest, std::ios::app);
        out << "\n[package.metadata.gatecheck.gates.docs]\nmin_examples = true\n";
    }
    const auto r = gatecheck_plain({}, crate.dir, {{"CARGO_TARGET_DIR", crate.target_dir.string()}});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "Cargo.toml:"));
    CHECK(contains(r.err, "'min_examples' must be a percentage"));
}

TEST_CASE("--gate runs only what that gate needs; --skip and enabled=false skip") {
    const auto crate = fixture("clean", "cli-select");
    auto r = gatecheck(crate, {"--gate", "clippy"});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(status(r.report, "clippy") == "pass");
    CHECK(status(r.report, "unit-tests") == "skip");
    CHECK(gate(r.report, "unit-tests").at("summary") == "not selected (--gate)");
    for (const auto& p : r.report.at("probes")) {
        const auto id = p.at("id").get<std::string>();
        // clippy-lints reads clippy's lint table (default levels), for every clippy run.
        CHECK((id == "clippy" || id == "clippy-lints" || id == "metadata" || id == "rustc-version" ||
               id == "cargo-version"));
    }
    // Checklist items whose gates were skipped are "skip", never "pass".
    for (const auto& item : r.report.at("checklist")) {
        if (item.at("gates") == json::array({"unit-tests"})) {
            CHECK(item.at("status") == "skip");
        }
    }

    r = gatecheck(crate, {"--skip", "docs", "--skip", "doctests"});
    CHECK(r.exit_code == 0);
    CHECK(status(r.report, "docs") == "skip");
    CHECK(gate(r.report, "docs").at("summary") == "skipped (--skip)");
    CHECK(status(r.report, "build") == "pass");

    write(crate.dir / "gatecheck.toml", "[gates.fmt]\nenabled = false\n");
    r = gatecheck(crate, {"--gate", "fmt", "--gate", "build"});
    CHECK(status(r.report, "fmt") == "pass");  // the command line overrides the file
    r = gatecheck(crate, {"--skip", "clippy"});
    CHECK(status(r.report, "fmt") == "skip");
    CHECK(gate(r.report, "fmt").at("summary") == "disabled in the configuration");
}

TEST_CASE("reports: json to stdout, quiet, colour only when asked") {
    const auto crate = fixture("clean", "cli-reports");
    const std::map<std::string, std::string> env{{"CARGO_TARGET_DIR", crate.target_dir.string()}};
    auto r = gatecheck_plain({"--report", "json", "--gate", "fmt"}, crate.dir, env);
    CHECK(r.exit_code == 0);
    const auto doc = json::parse(r.out);
    CHECK(doc.at("verdict") == "pass");

    r = gatecheck_plain({"-q", "--gate", "fmt"}, crate.dir, env);
    CHECK(r.exit_code == 0);
    CHECK(r.out.rfind("verdict: PASS", 0) == 0);
    CHECK(std::count(r.out.begin(), r.out.end(), '\n') == 1);

    r = gatecheck_plain({"--gate", "fmt", "--color", "always"}, crate.dir, env);
    CHECK(contains(r.out, "\x1b["));
    r = gatecheck_plain({"--gate", "fmt"}, crate.dir,
                        {{"CARGO_TARGET_DIR", crate.target_dir.string()}, {"NO_COLOR", "UNSET"}});
    CHECK(!contains(r.out, "\x1b["));  // not a terminal

    r = gatecheck_plain({"-v", "--gate", "fmt"}, crate.dir, env);
    CHECK(contains(r.err, "gatecheck: running fmt: cargo fmt --check"));

    // human=FILE works too, and then nothing but the verdict-less run goes to stdout.
    r = gatecheck_plain(
        {"--gate", "fmt", "--report", "human=" + (crate.dir / "report.txt").string(), "--report", "json"}, crate.dir,
        env);
    CHECK(r.exit_code == 0);
    std::ifstream in(crate.dir / "report.txt");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(contains(text, "verdict: PASS"));

    // A directory gets each format's own file name (the registry's, listed by --help).
    const auto out_dir = crate.dir / "reports";
    fs::create_directories(out_dir);
    r = gatecheck_plain({"--gate", "fmt", "-q", "--report", "json=" + out_dir.string(), "--report",
                         "perf-md=" + out_dir.string() + "/"},
                        crate.dir, env);
    CHECK(r.exit_code == 0);
    std::ifstream json_in(out_dir / "gatecheck.json");
    const std::string json((std::istreambuf_iterator<char>(json_in)), std::istreambuf_iterator<char>());
    CHECK(contains(json, "\"verdict\": \"pass\""));
    CHECK(fs::exists(out_dir / "performance.md"));
    CHECK(contains(gatecheck_plain({"--help"}, crate.dir).out, "  json         gatecheck.json "));
}

namespace {

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// `cat FIFO > OUT` in a child process, started before gatecheck opens the FIFO.
pid_t start_fifo_reader(const fs::path& fifo, const fs::path& out) {
    const pid_t pid = ::fork();
    if (pid == 0) {
        const int fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);  // NOLINT
        ::dup2(fd, 1);
        ::execlp("cat", "cat", fifo.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    return pid;
}

// Waits up to `seconds` for the child; kills it if it is still running (a reader that never
// got a writer: the FIFO was replaced instead of written).
bool reaped_in_time(pid_t pid, int seconds) {
    for (int i = 0; i < seconds * 20; ++i) {
        int wstatus = 0;
        if (::waitpid(pid, &wstatus, WNOHANG) == pid) {
            return WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    return false;
}

}  // namespace

// Issue 26: under GitHub Actions with no --report to stdout, the log gets the human report (inside
// ::stop-commands::, so a tool's output cannot issue commands), then at most 10 annotations
// of a kind and a notice counting the rest, and the job summary gets the Markdown report,
// appended to what earlier steps wrote. 31 real findings: 31 unformatted files (lib.rs too), for `fmt`.
TEST_CASE("under GITHUB_ACTIONS: annotations on stdout, 10 errors and a notice, a Markdown step summary") {
    const auto dir = fs::path(GATECHECK_WORK_DIR) / "crates" / "github-actions";
    fs::remove_all(dir);
    fs::create_directories(dir / "src");
    write(dir / "Cargo.toml", "[package]\nname = \"gcfx-github-actions\"\nversion = \"0.1.0\"\nedition = \"2021\"\n");
    std::string lib = "//! Thirty modules, none formatted.\n";
    for (int i = 0; i < 30; ++i) {
        lib += "mod m" + std::to_string(i) + ";\n";
        write(dir / "src" / ("m" + std::to_string(i) + ".rs"), "fn  f()  {}\n");
    }
    write(dir / "src" / "lib.rs", lib);
    const auto summary = dir / "summary.md";
    write(summary, "from an earlier step\n");
    // A report file asked for does not turn the log's annotations off.
    const auto r = gatecheck_plain({"--gate", "fmt", "--report", "sarif=" + (dir / "gatecheck.sarif").string()}, dir,
                                   {{"GITHUB_ACTIONS", "true"},
                                    {"GITHUB_STEP_SUMMARY", summary.string()},
                                    {"CARGO_TARGET_DIR", (dir / "target").string()}});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 1);
    std::size_t errors = 0;
    std::size_t notices = 0;
    std::string token;
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);) {
        // Paths are relative to the repository (this checkout, around the work dir).
        errors += line.rfind("::error file=", 0) == 0 && contains(line, "github-actions/src/") ? 1 : 0;
        notices += line.rfind("::notice title=gatecheck::21 more not shown as annotations (21 errors", 0) == 0 ? 1 : 0;
        if (line.rfind("::stop-commands::", 0) == 0) {
            token = line.substr(std::string("::stop-commands::").size());
        }
    }
    CHECK(errors == 10);
    CHECK(notices == 1);
    REQUIRE(token.size() > 16);
    // The human report sits between the guard and its end; the annotations come after it.
    const auto end = r.out.find("::" + token + "::\n");
    REQUIRE(end != std::string::npos);
    CHECK(r.out.find("verdict: FAIL") < end);
    CHECK(r.out.find("::error ") > end);
    std::ifstream in(summary);
    const std::string md((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(md.rfind("from an earlier step\n## gatecheck: ❌ FAIL\n", 0) == 0);
    CHECK(contains(md, "github-actions/src/m0.rs:1:1`"));
    CHECK(contains(md, "| ❌ fail |"));
    CHECK(fs::file_size(dir / "gatecheck.sarif") > 0);
}

TEST_CASE("report files: symlinks written through, permission bits kept") {
    const auto crate = fixture("clean", "cli-report-files");
    const std::map<std::string, std::string> env{{"CARGO_TARGET_DIR", crate.target_dir.string()}};
    const auto dir = crate.dir.parent_path() / "cli-report-files-out";
    fs::remove_all(dir);
    fs::create_directories(dir / "real");
    write(dir / "real" / "report.json", "old");
    fs::create_symlink("real/report.json", dir / "link.json");
    write(dir / "readonly.txt", "old");
    fs::permissions(dir / "readonly.txt", static_cast<fs::perms>(0444));

    const auto r = gatecheck_plain({"--gate", "fmt", "--report", "json=" + (dir / "link.json").string(), "--report",
                                    "human=" + (dir / "readonly.txt").string()},
                                   crate.dir, env);
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(fs::is_symlink(fs::symlink_status(dir / "link.json")));
    CHECK(json::parse(slurp(dir / "real" / "report.json")).at("verdict") == "pass");
    CHECK(fs::status(dir / "readonly.txt").permissions() == static_cast<fs::perms>(0444));
    CHECK(contains(slurp(dir / "readonly.txt"), "verdict: PASS"));
    // No temporary file left next to either report.
    CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 3);
    CHECK(std::distance(fs::directory_iterator(dir / "real"), fs::directory_iterator()) == 1);
}

TEST_CASE("report files: devices and FIFOs are written in place, a write error exits 2") {
    const auto crate = fixture("clean", "cli-report-devices");
    const std::map<std::string, std::string> env{{"CARGO_TARGET_DIR", crate.target_dir.string()}};
    const auto dir = crate.dir.parent_path() / "cli-report-devices-out";
    fs::remove_all(dir);
    fs::create_directories(dir);

    // ENOSPC after the run: exit 2, and the other reports are still written.
    auto r = gatecheck_plain(
        {"--gate", "fmt", "--report", "human=/dev/full", "--report", "json=" + (dir / "other.json").string()},
        crate.dir, env);
    CHECK(r.exit_code == 2);
    check_one_error_line(r.err, "cannot write report /dev/full: No space left on device");
    CHECK(fs::is_character_file("/dev/full"));
    CHECK(json::parse(slurp(dir / "other.json")).at("verdict") == "pass");
    CHECK(contains(r.out, "verdict: PASS"));  // the human report on stdout too

    const auto fifo = dir / "fifo";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    const pid_t reader = start_fifo_reader(fifo, dir / "from-fifo.json");
    r = gatecheck_plain({"--gate", "fmt", "-q", "--report", "json=" + fifo.string()}, crate.dir, env);
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(reaped_in_time(reader, 10));
    CHECK(fs::is_fifo(fifo));
    CHECK(json::parse(slurp(dir / "from-fifo.json")).at("verdict") == "pass");

    // /dev/stdout is this run's stdout (here a file): both reports land in it, in order.
    r = gatecheck_plain({"--gate", "fmt", "-q", "--report", "json=/dev/stdout"}, crate.dir, env);
    CHECK(r.exit_code == 0);
    CHECK(fs::is_symlink(fs::symlink_status("/dev/stdout")));
    CHECK(r.out.rfind('{', 0) == 0);
    CHECK(contains(r.out, "\"verdict\": \"pass\""));
    CHECK(contains(r.out, "}\nverdict: PASS"));
}

TEST_CASE("list shows every gate, its checklist item and its tools") {
    const auto r = gatecheck_plain({"list"}, source_dir());
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    for (const char* s : {"build", "clippy", "docs", "unit-tests", "integration-tests", "fmt", "doctests",
                          "proves: Code passes `cargo clippy` with pedantic lints",
                          "proves: Use doc tests to verify examples work", "clippy available", "rustfmt available",
                          "setting: max_warnings", "proves: Miri testing for undefined behavior detection"}) {
        INFO(s);
        CHECK(contains(r.out, s));
    }
}

TEST_CASE("missing clippy and rustfmt are unavailable with the install command, never pass") {
    const auto crate = fixture("clean", "cli-no-clippy");
    const auto bin = partial_toolchain("no-clippy", {"cargo", "rustc", "rustdoc"});
    const auto r = gatecheck(crate, {}, {{"PATH", bin.string() + ":/usr/bin:/bin"}, {"RUSTUP_TOOLCHAIN", "UNSET"}});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 3);
    CHECK(r.report.at("verdict") == "error");
    CHECK(status(r.report, "clippy") == "unavailable");
    CHECK(gate(r.report, "clippy").at("fix") == "rustup component add clippy");
    CHECK(status(r.report, "fmt") == "unavailable");
    CHECK(gate(r.report, "fmt").at("fix") == "rustup component add rustfmt");
    CHECK(status(r.report, "build") == "pass");
    CHECK(status(r.report, "unit-tests") == "pass");
    CHECK(contains(r.out, "fix: rustup component add clippy"));

    const auto list = gatecheck_plain({"list"}, crate.dir, {{"PATH", bin.string() + ":/usr/bin:/bin"}});
    CHECK(contains(list.out, "clippy unavailable"));
    CHECK(contains(list.out, "rustup component add clippy"));
}

TEST_CASE("without cargo at all every gate is unavailable and the exit code is 3") {
    const auto crate = fixture("clean", "cli-no-cargo");
    const auto empty = partial_toolchain("none", {});
    const auto r = gatecheck(crate, {}, {{"PATH", empty.string()}});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 3);
    for (const auto& g : r.report.at("gates")) {
        CHECK(g.at("status") == "unavailable");
    }
    for (const auto& item : r.report.at("checklist")) {
        CHECK(item.at("status") != "pass");
    }
}

namespace {

// Starts the built gatecheck in `crate`'s directory with the suite's cargo set-up, without
// waiting for it.
// In a forked child: become the built gatecheck in `crate`'s directory, with the suite's
// cargo set-up. Never returns.
[[noreturn]] void exec_gatecheck(const Crate& crate, const std::vector<std::string>& args) {
    std::vector<std::string> argv{gatecheck_binary()};
    argv.insert(argv.end(), args.begin(), args.end());
    ::setenv("CARGO_TARGET_DIR", crate.target_dir.c_str(), 1);
    if (::getenv("CARGO_HOME") == nullptr) {
        ::setenv("CARGO_HOME", GATECHECK_CARGO_HOME, 1);
    }
    if (::chdir(crate.dir.c_str()) != 0) {
        ::_exit(126);
    }
    std::vector<char*> cargv;
    for (auto& a : argv) {
        cargv.push_back(a.data());
    }
    cargv.push_back(nullptr);
    ::execv(argv.front().c_str(), cargv.data());
    ::_exit(127);
}

// Starts gatecheck without waiting for it.
pid_t start_gatecheck(const Crate& crate, const std::vector<std::string>& args) {
    const pid_t pid = ::fork();
    if (pid == 0) {
        exec_gatecheck(crate, args);
    }
    return pid;
}

struct Interrupted {
    int wstatus = 0;
    double seconds = 0;
};

Interrupted interrupt(pid_t pid) {
    const auto start = std::chrono::steady_clock::now();
    ::kill(pid, SIGINT);
    Interrupted r;
    ::waitpid(pid, &r.wstatus, 0);
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return r;
}

template <typename Pred>
bool wait_until(Pred pred) {
    for (int i = 0; i < 1200; ++i) {
        if (pred()) {
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
}

}  // namespace

TEST_CASE("SIGINT kills every child process group, writes the partial report and exits 130") {
    const auto crate = fixture("hanging-test", "cli-sigint");
    fs::remove(crate.dir / "gatecheck.toml");  // no short timeout: only the signal ends it
    const auto report = crate.dir.parent_path() / "sigint-report.json";
    fs::remove(report);
    // Warm the build first so the signal lands while the hanging test runs.
    (void)gatecheck(crate, {"--gate", "build"});

    const pid_t pid = start_gatecheck(crate, {"-q", "--gate", "unit-tests", "--report", "json=" + report.string()});
    // The hanging test binary itself running, not the linker writing it.
    const auto binary = (crate.target_dir / "debug" / "deps" / "gcfx_hanging_test-").string();
    REQUIRE(wait_until([&] { return !processes_running(binary).empty(); }));
    const auto r = interrupt(pid);
    CHECK(r.seconds < 5.0);  // liveness, not speed: without the kill it would never end
    REQUIRE(WIFEXITED(r.wstatus));
    CHECK(WEXITSTATUS(r.wstatus) == 130);
    CHECK(processes_mentioning(crate.target_dir.string()).empty());
    REQUIRE(fs::exists(report));
    std::ifstream in(report);
    const auto doc = json::parse(in);
    CHECK(doc.at("interrupted") == true);
    CHECK(doc.at("exit_code") == 130);
    CHECK(status(doc, "unit-tests") != "pass");
}

namespace {

bool rustc_building_in(const fs::path& target_dir) {
    for (const int p : processes_mentioning(target_dir.string())) {
        std::ifstream comm("/proc/" + std::to_string(p) + "/comm");
        std::string name;
        std::getline(comm, name);
        if (name == "rustc" || name == "cc" || name.find("ld") != std::string::npos) {
            return true;
        }
    }
    return false;
}

}  // namespace

TEST_CASE("SIGINT: commands that never started say \"not started\", not \"interrupted\"") {
    const auto crate = fixture("clean", "cli-sigint-not-started");
    fs::remove_all(crate.target_dir);  // a cold build: the signal lands while it compiles
    const auto report = crate.dir.parent_path() / "sigint-not-started-report.json";
    fs::remove(report);
    // One command at a time: every command planned after the build waits behind it.
    const pid_t pid = start_gatecheck(crate, {"-q", "--jobs", "1", "--report", "json=" + report.string()});
    REQUIRE(wait_until([&] { return rustc_building_in(crate.target_dir); }));
    const auto r = interrupt(pid);
    REQUIRE(WIFEXITED(r.wstatus));
    CHECK(WEXITSTATUS(r.wstatus) == 130);
    REQUIRE(fs::exists(report));
    std::ifstream in(report);
    const auto doc = json::parse(in);
    std::size_t not_started = 0;
    std::size_t interrupted = 0;
    for (const auto& p : doc.at("probes")) {
        INFO(p.dump());
        const auto outcome = p.at("outcome").get<std::string>();
        if (p.at("started") == false) {
            ++not_started;
            CHECK(outcome == "not started");
            CHECK(p.at("duration_ms") == 0);
        } else {
            CHECK(outcome != "not started");
            interrupted += outcome.find("interrupted") != std::string::npos ? 1 : 0;
        }
    }
    CHECK(not_started > 0);   // the commands queued behind the build
    CHECK(interrupted == 1);  // the build, which did run
}

TEST_CASE("SIGINT while cargo compiles and links leaves no compiler or linker behind") {
    // cargo's children (rustc, cc, the linker) are orphaned when cargo dies first; they are
    // in cargo's process group and must be gone too, before gatecheck exits.
    const auto crate = fixture("clean", "cli-sigint-build");
    fs::remove_all(crate.target_dir);
    const pid_t pid = start_gatecheck(crate, {"-q", "--gate", "unit-tests"});
    const auto target = crate.target_dir.string();
    REQUIRE(wait_until([&] {
        for (const int p : processes_mentioning(target)) {
            std::ifstream comm("/proc/" + std::to_string(p) + "/comm");
            std::string name;
            std::getline(comm, name);
            if (name == "rustc" || name == "cc" || name.find("ld") != std::string::npos) {
                return true;
            }
        }
        return false;
    }));
    const auto r = interrupt(pid);
    CHECK(r.seconds < 5.0);  // liveness, not speed: without the kill it would never end
    REQUIRE(WIFEXITED(r.wstatus));
    CHECK(WEXITSTATUS(r.wstatus) == 130);
    CHECK(processes_mentioning(target).empty());
}

namespace {

// Runs gatecheck with a pseudo-terminal as its stdout and stderr, as a user at a terminal
// would, and returns everything it wrote there.
std::string run_on_terminal(const Crate& crate, const std::vector<std::string>& args, bool no_color) {
    int master = -1;
    const pid_t pid = ::forkpty(&master, nullptr, nullptr, nullptr);
    if (pid == 0) {
        ::setenv("TERM", "xterm", 1);
        if (no_color) {
            ::setenv("NO_COLOR", "1", 1);
        } else {
            ::unsetenv("NO_COLOR");  // ctest sets it for every other test
        }
        exec_gatecheck(crate, args);
    }
    REQUIRE(pid > 0);
    std::string out;
    std::array<char, 4096> buf{};
    for (;;) {
        const auto n = ::read(master, buf.data(), buf.size());
        if (n <= 0) {
            break;  // EIO once the child and its descendants have closed the terminal
        }
        out.append(buf.data(), static_cast<std::size_t>(n));
    }
    int wstatus = 0;
    ::waitpid(pid, &wstatus, 0);
    ::close(master);
    CHECK(WIFEXITED(wstatus));
    CHECK(WEXITSTATUS(wstatus) == 0);
    return out;
}

}  // namespace

TEST_CASE("on a terminal: a live progress line while cargo runs, colour unless NO_COLOR") {
    const auto crate = fixture("clean", "cli-terminal");
    fs::remove_all(crate.target_dir);  // a cold build: long enough for the line to show
    const auto colored = run_on_terminal(crate, {"--gate", "build", "--gate", "unit-tests"}, false);
    INFO(colored);
    // The progress line is redrawn in place ("\r", erase line, "[done/known] running ids").
    CHECK(contains(colored, "\r\x1b[K["));
    CHECK(contains(colored, "test-build"));
    CHECK(contains(colored, "\x1b[1m"));  // the bold verdict
    CHECK(contains(colored, "PASS"));

    const auto plain = run_on_terminal(crate, {"--gate", "build", "--gate", "unit-tests"}, true);
    INFO(plain);
    CHECK(contains(plain, "verdict: PASS"));
    CHECK_FALSE(contains(plain, "m\x1b[0m"));
    CHECK_FALSE(contains(plain, "\x1b[1m"));
    CHECK_FALSE(contains(plain, "\x1b[3"));  // no foreground colour
}
