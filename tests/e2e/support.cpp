#include "support.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <tuple>

extern char** environ;  // NOLINT

namespace e2e {

const std::string& gatecheck_binary() {
    static const std::string binary = [] {
        const char* other = std::getenv("GATECHECK_E2E_BINARY");
        return std::string(other != nullptr && *other != '\0' ? other : GATECHECK_BINARY);
    }();
    return binary;
}

bool gatecheck_sanitized() {
    const char* flag = std::getenv("GATECHECK_E2E_SANITIZED");
    return flag != nullptr && std::string_view(flag) == "1";
}

namespace {

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

fs::path work_dir() {
    return fs::path(GATECHECK_WORK_DIR);
}

bool same_content(const fs::path& a, const fs::path& b) {
    std::error_code ec;
    if (!fs::is_regular_file(b, ec) || fs::file_size(a, ec) != fs::file_size(b, ec) || ec) {
        return false;
    }
    return slurp(a) == slurp(b);
}

bool skipped(const std::string& name) {
    return name == "target" || name == "Cargo.lock" || name == ".git";
}

// Makes `to` a copy of `from`, writing only the files whose content differs. Unchanged files
// keep their mtime, so cargo's fingerprints stay fresh: each fixture copy is compiled once
// per work dir, not once per test run, and the ASan pass reuses the first pass's builds. A
// file a test changed is rewritten (new mtime: rebuilt); one a test added is removed.
void sync_tree(const fs::path& from, const fs::path& to) {
    fs::create_directories(to);
    for (const auto& entry : fs::directory_iterator(to)) {
        const auto name = entry.path().filename().string();
        if (!skipped(name) && !fs::exists(from / name)) {
            fs::remove_all(entry.path());
        }
    }
    for (const auto& entry : fs::directory_iterator(from)) {
        const auto name = entry.path().filename().string();
        if (skipped(name)) {
            continue;
        }
        const auto dest = to / name;
        if (entry.is_directory()) {
            if (fs::exists(dest) && !fs::is_directory(dest)) {
                fs::remove(dest);
            }
            sync_tree(entry.path(), dest);
        } else if (!same_content(entry.path(), dest)) {
            if (fs::is_directory(dest)) {
                fs::remove_all(dest);
            }
            fs::copy_file(entry.path(), dest, fs::copy_options::overwrite_existing);
        }
    }
}

}  // namespace

fs::path source_dir() {
    return fs::path(GATECHECK_SOURCE_DIR);
}

Crate copy_crate(const fs::path& source, const std::string& tag) {
    Crate c{work_dir() / "crates" / tag, work_dir() / "target" / tag};
    sync_tree(source, c.dir);
    fs::create_directories(c.target_dir);
    return c;
}

Crate fixture(const std::string& name, const std::string& tag) {
    return copy_crate(source_dir() / "tests" / "fixtures" / name, tag.empty() ? name : tag);
}

Run run_program(const std::vector<std::string>& argv, const fs::path& cwd,
                const std::map<std::string, std::string>& env) {
    static int counter = 0;
    const auto io = work_dir() / "io";
    fs::create_directories(io);
    const auto base = io / (std::to_string(::getpid()) + "-" + std::to_string(counter++));
    const auto out_path = base.string() + ".out";
    const auto err_path = base.string() + ".err";

    std::map<std::string, std::string> vars;
    for (char** e = environ; *e != nullptr; ++e) {
        const std::string kv(*e);
        const auto eq = kv.find('=');
        vars[kv.substr(0, eq)] = eq == std::string::npos ? "" : kv.substr(eq + 1);
    }
    if (vars.count("CARGO_HOME") == 0) {
        vars["CARGO_HOME"] = fs::path(GATECHECK_CARGO_HOME).string();
    }
    for (const auto& [k, v] : env) {
        if (v == "UNSET") {
            vars.erase(k);
        } else {
            vars[k] = v;
        }
    }
    std::vector<std::string> env_strings;
    for (const auto& [k, v] : vars) {
        env_strings.push_back(k + "=" + v);
    }
    std::vector<char*> envp;
    for (auto& s : env_strings) {
        envp.push_back(s.data());
    }
    envp.push_back(nullptr);
    std::vector<std::string> args = argv;
    std::vector<char*> argp;
    for (auto& a : args) {
        argp.push_back(a.data());
    }
    argp.push_back(nullptr);

    const pid_t pid = ::fork();
    if (pid == 0) {
        const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);  // NOLINT
        const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);  // NOLINT
        const int in = ::open("/dev/null", O_RDONLY);                                  // NOLINT
        ::dup2(out, 1);
        ::dup2(err, 2);
        ::dup2(in, 0);
        if (::chdir(cwd.c_str()) != 0) {
            ::_exit(126);
        }
        environ = envp.data();
        ::execvp(argp[0], argp.data());
        ::_exit(127);
    }
    int status = 0;
    struct rusage usage {};
    ::wait4(pid, &status, 0, &usage);
    Run r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.max_rss_bytes = static_cast<long long>(usage.ru_maxrss) * 1024;
    r.out = slurp(out_path);
    r.err = slurp(err_path);
    fs::remove(out_path);
    fs::remove(err_path);
    return r;
}

Run gatecheck_plain(const std::vector<std::string>& args, const fs::path& cwd,
                    const std::map<std::string, std::string>& env) {
    std::vector<std::string> argv{gatecheck_binary()};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_program(argv, cwd, env);
}

Run gatecheck(const Crate& crate, std::vector<std::string> args, const std::map<std::string, std::string>& env) {
    const auto report_path = crate.dir.parent_path() / (crate.dir.filename().string() + ".report.json");
    fs::remove(report_path);
    args.push_back("--report");
    args.push_back("json=" + report_path.string());
    auto full_env = env;
    full_env.emplace("CARGO_TARGET_DIR", crate.target_dir.string());
    Run r = gatecheck_plain(args, crate.dir, full_env);
    if (fs::exists(report_path)) {
        r.report = json::parse(slurp(report_path));
    }
    return r;
}

const json& gate(const json& report, const std::string& id) {
    for (const auto& g : report.at("gates")) {
        if (g.at("id") == id) {
            return g;
        }
    }
    throw std::runtime_error("no gate " + id + " in the report");
}

long raw_unsafe_total(const Crate& crate) {
    const auto out =
        run_program({"cargo", "rustc", "--lib", "--message-format=json", "--", "--force-warn", "unsafe_code"},
                    crate.dir, {{"CARGO_TARGET_DIR", (crate.target_dir / "raw-unsafe").string()}});
    // Not its exit code: a crate's own #![deny(unused_imports)] fails serde 1.0.152 under
    // today's rustc after every unsafe_code message is out; the callers compare the count
    // with one measured by hand, so a run that never compiled fails them anyway.
    long total = 0;
    std::istringstream lines(out.out);
    for (std::string line; std::getline(lines, line);) {
        const auto j = json::parse(line, nullptr, false);
        if (!j.is_discarded() && j.value("reason", "") == "compiler-message" &&
            j.at("message").at("code").is_object() && j.at("message").at("code").value("code", "") == "unsafe_code") {
            ++total;
        }
    }
    return total;
}

double metric(const json& report, const std::string& gate_id, const std::string& name) {
    return gate(report, gate_id).at("metrics").at(name).get<double>();
}

std::string status(const json& report, const std::string& gate_id) {
    return gate(report, gate_id).at("status").get<std::string>();
}

fs::path partial_toolchain(const std::string& tag, const std::vector<std::string>& programs) {
    const auto sysroot = run_program({"rustc", "--print", "sysroot"}, work_dir().parent_path());
    std::string root = sysroot.out;
    while (!root.empty() && (root.back() == '\n' || root.back() == '\r')) {
        root.pop_back();
    }
    const auto dir = work_dir() / "toolchains" / tag;
    fs::remove_all(dir);
    fs::create_directories(dir);
    for (const auto& p : programs) {
        fs::create_symlink(fs::path(root) / "bin" / p, dir / p);
    }
    return dir;
}

fs::path usr_bin_without(const std::string& tag, const std::vector<std::string>& left_out) {
    const auto dir = work_dir() / "toolchains" / tag;
    fs::remove_all(dir);
    fs::create_directories(dir);
    for (const auto& e : fs::directory_iterator("/usr/bin")) {
        const auto name = e.path().filename().string();
        bool skip = false;
        for (const auto& prefix : left_out) {
            skip = skip || name.rfind(prefix, 0) == 0;
        }
        if (!skip) {
            fs::create_symlink(e.path(), dir / name);
        }
    }
    return dir;
}

namespace {

// Processes, zombies excluded, whose NUL-separated command line (or environment) passes `keep`.
template <typename Keep>
std::vector<int> live_processes(Keep keep, const char* file = "cmdline") {
    std::vector<int> found;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator("/proc", ec)) {
        const auto name = entry.path().filename().string();
        if (name.find_first_not_of("0123456789") != std::string::npos) {
            continue;
        }
        if (!keep(slurp(entry.path() / file))) {
            continue;
        }
        const auto stat = slurp(entry.path() / "stat");
        const auto close = stat.rfind(')');
        if (stat.empty() || (close != std::string::npos && close + 2 < stat.size() && stat[close + 2] == 'Z')) {
            continue;  // gone meanwhile, or a zombie: dead, waiting for a parent that may never reap it
        }
        found.push_back(std::stoi(name));
    }
    return found;
}

}  // namespace

std::vector<int> processes_running(const std::string& program_prefix) {
    return live_processes(
        [&](const std::string& cmdline) { return cmdline.compare(0, program_prefix.size(), program_prefix) == 0; });
}

std::vector<int> processes_mentioning(const std::string& needle) {
    return live_processes([&](const std::string& cmdline) { return cmdline.find(needle) != std::string::npos; });
}

std::vector<int> processes_with_env(const std::string& entry) {
    const std::string needle = std::string(1, '\0') + entry + std::string(1, '\0');
    return live_processes(
        [&](const std::string& environ) { return ('\0' + environ + '\0').find(needle) != std::string::npos; },
        "environ");
}

void write(const fs::path& p, const std::string& content) {
    std::ofstream out(p, std::ios::trunc);
    out << content;
}

FileTimes file_times(const fs::path& dir, bool only_deps) {
    FileTimes files;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        if (e.is_regular_file() && (!only_deps || e.path().parent_path().filename() == "deps")) {
            files[e.path().string()] = e.last_write_time();
        }
    }
    return files;
}

long raw_clippy_warnings(const Crate& crate) {
    const std::map<std::string, std::string> env{{"CARGO_TARGET_DIR", crate.target_dir.string()}};
    const auto clippy = run_program(
        {"cargo", "clippy", "--all-targets", "--keep-going", "--message-format=json", "--", "-W", "clippy::pedantic"},
        crate.dir, env);
    // Where clippy itself says a warning is: the "--> file:line:col" of its rendered text
    // (for lints inside macros that is the call site, not the macro's definition).
    // Distinct: the same warning of the lib and of its test harness counts once; two
    // messages at one place (a lint inside a macro expanded for several types) count twice.
    std::set<std::tuple<std::string, std::string, std::string>> distinct;
    static const std::regex arrow(R"(--> ([^\n]+:\d+:\d+))");
    std::istringstream lines(clippy.out);
    for (std::string line; std::getline(lines, line);) {
        const auto j = json::parse(line, nullptr, false);
        if (j.is_discarded() || j.value("reason", "") != "compiler-message") {
            continue;
        }
        const auto& m = j.at("message");
        std::smatch where;
        const auto rendered = m.at("rendered").get<std::string>();
        if (m.at("level") != "warning" || !std::regex_search(rendered, where, arrow)) {
            continue;
        }
        distinct.emplace(m.at("code").is_null() ? "" : m.at("code").at("code").get<std::string>(), where[1].str(),
                         m.at("message").get<std::string>());
    }
    return static_cast<long>(distinct.size());
}

}  // namespace e2e
