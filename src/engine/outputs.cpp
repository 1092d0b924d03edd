#include "engine/outputs.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
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
        outputs.push_back(Output{&report_formats().front(), ""});
    }
    return outputs;
}

Status emit(const Report& report, const std::vector<Output>& outputs, const CommonOptions& options) {
    Status first = Ok{};
    for (const auto& out : outputs) {
        RenderOptions ro;
        ro.verbosity = options.verbosity;
        ro.color = out.file.empty() && use_color(options.color, STDOUT_FILENO);
        const auto text = out.format->render(report, ro);
        if (out.file.empty()) {
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
