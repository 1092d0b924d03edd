#include "engine/outputs.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <string_view>
#include <system_error>

#include <fmt/format.h>

#include "report/report_file.hpp"

namespace gc {
namespace {

const Format* find_format(const std::string& name) {
    for (const auto& f : report_formats()) {
        if (name == f.name) {
            return &f;
        }
    }
    return nullptr;
}

std::string format_names() {
    std::string known;
    for (const auto& f : report_formats()) {
        known += (known.empty() ? "" : ", ") + std::string(f.name);
    }
    return known;
}

Result<Output> parse_report(const std::string& spec) {
    const auto eq = spec.find('=');
    const std::string name = spec.substr(0, eq);
    Output o{find_format(name), ""};
    if (o.format == nullptr) {
        return make_error(ErrorKind::usage,
                          fmt::format("--report {}: unknown format '{}' (formats: {})", spec, name, format_names()));
    }
    if (eq == std::string::npos) {
        return o;
    }
    o.file = spec.substr(eq + 1);
    if (o.file.empty()) {
        return make_error(ErrorKind::usage, fmt::format("--report {}: the file name is empty", spec));
    }
    if (o.file == "-") {
        o.file.clear();
        return o;
    }
    // A directory (written with a trailing slash, or one that exists) gets the format's own
    // file name, so one `--report sarif=out/ --report junit=out/` names nothing twice.
    std::error_code ec;
    if (o.file.back() == '/' || std::filesystem::is_directory(o.file, ec)) {
        o.file = (std::filesystem::path(o.file) / o.format->default_file).string();
    }
    if (auto st = check_report_destination(o.file); !st) {
        return make_error(ErrorKind::usage, fmt::format("--report {}: {}", spec, st.error().message));
    }
    return o;
}

// A token no tool's output can guess: GitHub stops reading workflow commands until it sees
// ::TOKEN:: again.
std::string stop_token() {
    std::random_device rd;
    return fmt::format("gatecheck-{:08x}{:08x}", rd(), rd());
}

// A report on a full disk or a closed pipe is lost as surely as one in a file that cannot be
// written: the same error, not exit 0.
Status write_stdout(const std::string& text) {
    errno = 0;
    const bool written = std::fwrite(text.data(), 1, text.size(), stdout) == text.size();
    if (std::fflush(stdout) == 0 && written && std::ferror(stdout) == 0) {
        return Ok{};
    }
    const int err = errno != 0 ? errno : EIO;
    std::clearerr(stdout);
    return make_error(ErrorKind::io, fmt::format("cannot write the report to standard output: {}",
                                                 std::error_code(err, std::generic_category()).message()));
}

// What a run under GitHub Actions writes when no --report says otherwise.
std::vector<Output> github_actions_outputs() {
    std::vector<Output> outputs{Output{find_format("human"), ""}, Output{find_format("github"), ""}};
    outputs.front().guard_commands = true;
    const char* summary = std::getenv("GITHUB_STEP_SUMMARY");
    if (summary != nullptr && *summary != '\0') {
        std::error_code ec;
        const auto used = std::filesystem::file_size(summary, ec);
        Output md{find_format("markdown"), summary, true};
        md.max_bytes = ec || used >= kGithubSummaryLimit ? kGithubSummaryLimit : kGithubSummaryLimit - used;
        outputs.push_back(md);
    }
    return outputs;
}

}  // namespace

bool use_color(ColorChoice choice, int fd) {
    switch (choice) {
        case ColorChoice::always:
            return true;
        case ColorChoice::never:
            return false;
        case ColorChoice::automatic: {
            const char* no_color = std::getenv("NO_COLOR");
            if (no_color != nullptr && *no_color != '\0') {
                return false;
            }
            const char* term = std::getenv("TERM");
            return ::isatty(fd) != 0 && (term == nullptr || std::string(term) != "dumb");
        }
    }
    return false;
}

Result<std::vector<Output>> parse_reports(const std::vector<std::string>& specs) {
    const char* actions = std::getenv("GITHUB_ACTIONS");
    if (specs.empty() && actions != nullptr && std::string_view(actions) == "true") {
        return github_actions_outputs();
    }
    std::vector<Output> outputs;
    const auto list = specs.empty() ? std::vector<std::string>{"human"} : specs;
    int to_stdout = 0;
    for (const auto& spec : list) {
        auto o = parse_report(spec);
        if (!o) {
            return o.error();
        }
        to_stdout += o->file.empty() ? 1 : 0;
        outputs.push_back(*o);
    }
    if (to_stdout > 1) {
        return make_error(ErrorKind::usage, "only one --report can go to stdout; give the others =FILE");
    }
    if (to_stdout == 0) {  // reports to files only: the terminal still gets the human one
        if (actions != nullptr && std::string_view(actions) == "true") {
            // ... and a GitHub job's log its annotations and summary besides the files.
            auto github = github_actions_outputs();
            outputs.insert(outputs.end(), github.begin(), github.end());
        } else {
            outputs.push_back(Output{&report_formats().front(), ""});
        }
    }
    return outputs;
}

Status emit(const Report& report, const std::vector<Output>& outputs, const CommonOptions& options) {
    Status first = Ok{};
    for (const auto& out : outputs) {
        RenderOptions ro;
        ro.verbosity = options.verbosity;
        ro.color = out.file.empty() && use_color(options.color, STDOUT_FILENO);
        ro.max_bytes = out.max_bytes;
        auto text = out.format->render(report, ro);
        if (out.guard_commands) {
            const auto token = stop_token();
            text = fmt::format("::stop-commands::{}\n{}::{}::\n", token, text, token);
        }
        if (out.append) {
            if (auto st = append_report_file(out.file, text); !st && first) {
                first = st.error();
            }
        } else if (out.file.empty()) {
            if (auto st = write_stdout(text); !st && first) {
                first = st.error();
            }
        } else if (auto st = write_report_file(out.file, text); !st && first) {
            first = st.error();
        }
    }
    return first;
}

}  // namespace gc
