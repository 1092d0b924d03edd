// Report files: written atomically when they are regular files, in place when they are
// not, through symlinks, keeping their permission bits; every write error reported.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "report/report_file.hpp"

namespace fs = std::filesystem;

namespace {

// A fresh directory per test case, removed afterwards.
struct TempDir {
    fs::path path;
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "gatecheck-report-file-XXXXXX").string();
        REQUIRE(::mkdtemp(pattern.data()) != nullptr);
        path = pattern;
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    TempDir(TempDir&&) = delete;
    TempDir& operator=(TempDir&&) = delete;
    ~TempDir() {
        std::error_code ignored;
        fs::remove_all(path, ignored);
    }
};

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void write(const fs::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << text;
}

fs::perms mode(const fs::path& p) {
    return fs::status(p).permissions();
}

// Only the report is left in the directory: no temporary file behind.
std::size_t entries(const fs::path& dir) {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

}  // namespace

TEST_CASE("a new report file is created with a plain create's mode") {
    const TempDir tmp;
    const auto file = tmp.path / "report.json";
    REQUIRE(gc::write_report_file(file.string(), "{}\n").ok());
    CHECK(slurp(file) == "{}\n");
    const auto mask = ::umask(0);
    ::umask(mask);
    CHECK(mode(file) == (static_cast<fs::perms>(0666 & ~mask)));
    CHECK(entries(tmp.path) == 1);
}

TEST_CASE("an existing report file is replaced and keeps its permission bits") {
    const TempDir tmp;
    const auto file = tmp.path / "report.txt";
    write(file, "old report, longer than the new one\n");
    fs::permissions(file, static_cast<fs::perms>(0444));
    REQUIRE(gc::write_report_file(file.string(), "new\n").ok());
    CHECK(slurp(file) == "new\n");
    CHECK(mode(file) == static_cast<fs::perms>(0444));

    fs::permissions(file, static_cast<fs::perms>(0640));
    REQUIRE(gc::write_report_file(file.string(), "newer\n").ok());
    CHECK(mode(file) == static_cast<fs::perms>(0640));
    CHECK(entries(tmp.path) == 1);

    if (::geteuid() == 0) {  // root rewriting a user's report leaves it the user's
        REQUIRE(::chown(file.c_str(), 4321, 4321) == 0);
        REQUIRE(gc::write_report_file(file.string(), "theirs\n").ok());
        struct stat st {};
        REQUIRE(::stat(file.c_str(), &st) == 0);
        CHECK(st.st_uid == 4321);
        CHECK(st.st_gid == 4321);
        CHECK(mode(file) == static_cast<fs::perms>(0640));
    }
}

TEST_CASE("a symlink is written through to its final target and stays a symlink") {
    const TempDir tmp;
    fs::create_directory(tmp.path / "real");
    const auto target = tmp.path / "real" / "report.json";
    write(target, "old");
    fs::permissions(target, static_cast<fs::perms>(0600));
    fs::create_symlink("real/report.json", tmp.path / "hop");  // relative to the link's directory
    fs::create_symlink(tmp.path / "hop", tmp.path / "link");   // a chain of two
    REQUIRE(gc::write_report_file((tmp.path / "link").string(), "new").ok());
    CHECK(fs::is_symlink(fs::symlink_status(tmp.path / "link")));
    CHECK(fs::is_symlink(fs::symlink_status(tmp.path / "hop")));
    CHECK(slurp(target) == "new");
    CHECK(mode(target) == static_cast<fs::perms>(0600));
    CHECK(entries(tmp.path / "real") == 1);  // the temporary file was in the target's directory

    // A dangling link creates its target, as open(O_CREAT) through it would.
    fs::create_symlink("real/fresh.json", tmp.path / "dangling");
    REQUIRE(gc::write_report_file((tmp.path / "dangling").string(), "fresh").ok());
    CHECK(fs::is_symlink(fs::symlink_status(tmp.path / "dangling")));
    CHECK(slurp(tmp.path / "real" / "fresh.json") == "fresh");
}

TEST_CASE("a symlink loop is an error, not a hang") {
    const TempDir tmp;
    fs::create_symlink(tmp.path / "b", tmp.path / "a");
    fs::create_symlink(tmp.path / "a", tmp.path / "b");
    const auto st = gc::write_report_file((tmp.path / "a").string(), "x");
    REQUIRE_FALSE(st.ok());
    CHECK(st.error().kind == gc::ErrorKind::io);
    CHECK_THAT(st.error().message, Catch::Contains("Too many levels of symbolic links"));
}

TEST_CASE("/dev/full is written in place and its ENOSPC is an error") {
    const auto st = gc::write_report_file("/dev/full", "report\n");
    REQUIRE_FALSE(st.ok());
    CHECK(st.error().kind == gc::ErrorKind::io);
    CHECK(st.error().message == "cannot write report /dev/full: No space left on device");
    CHECK(fs::is_character_file("/dev/full"));
    CHECK(gc::check_report_destination("/dev/full").ok());  // it can be opened: the error comes later
    CHECK(gc::write_report_file("/dev/null", "report\n").ok());
    CHECK(fs::is_character_file("/dev/null"));
}

TEST_CASE("/dev/fd/N writes to the open descriptor, at its offset") {
    const TempDir tmp;
    const auto file = tmp.path / "stdout.txt";
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    REQUIRE(fd >= 0);
    REQUIRE(::write(fd, "human\n", 6) == 6);
    struct stat before {};
    REQUIRE(::stat(file.c_str(), &before) == 0);
    REQUIRE(gc::write_report_file("/dev/fd/" + std::to_string(fd), "json\n").ok());
    REQUIRE(gc::write_report_file("/proc/self/fd/" + std::to_string(fd), "more\n").ok());
    ::close(fd);
    struct stat after {};
    REQUIRE(::stat(file.c_str(), &after) == 0);
    CHECK(after.st_ino == before.st_ino);  // the same file, not a replacement
    CHECK(slurp(file) == "human\njson\nmore\n");

    std::array<int, 2> pipe_fds{};
    REQUIRE(::pipe(pipe_fds.data()) == 0);
    REQUIRE(gc::write_report_file("/dev/fd/" + std::to_string(pipe_fds[1]), "through a pipe").ok());
    ::close(pipe_fds[1]);
    std::array<char, 64> buf{};
    const auto n = ::read(pipe_fds[0], buf.data(), buf.size());
    ::close(pipe_fds[0]);
    CHECK(std::string(buf.data(), static_cast<std::size_t>(std::max<ssize_t>(n, 0))) == "through a pipe");
    CHECK_FALSE(gc::check_report_destination("/dev/fd/" + std::to_string(pipe_fds[0])).ok());  // closed now
}

TEST_CASE("check_report_destination catches what would fail after the run") {
    const TempDir tmp;
    CHECK(gc::check_report_destination((tmp.path / "new.json").string()).ok());
    const auto missing = gc::check_report_destination((tmp.path / "no" / "r.json").string());
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().kind == gc::ErrorKind::usage);
    CHECK(missing.error().message == "directory " + (tmp.path / "no").string() + " does not exist");

    const auto dir = gc::check_report_destination(tmp.path.string());
    REQUIRE_FALSE(dir.ok());
    CHECK(dir.error().message == tmp.path.string() + " is a directory");

    // A link into a missing directory is checked where it leads.
    fs::create_symlink(tmp.path / "gone" / "r.json", tmp.path / "link");
    const auto through = gc::check_report_destination((tmp.path / "link").string());
    REQUIRE_FALSE(through.ok());
    CHECK_THAT(through.error().message, Catch::Contains("gone does not exist"));

    // A FIFO with no reader yet is fine: the reader may start later.
    const auto fifo = tmp.path / "fifo";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    CHECK(gc::check_report_destination(fifo.string()).ok());
    CHECK(gc::check_report_destination("/dev/stdout").ok());
}

TEST_CASE("a write error names the report and the reason") {
    const TempDir tmp;
    const auto st = gc::write_report_file((tmp.path / "no" / "r.json").string(), "x");
    REQUIRE_FALSE(st.ok());
    CHECK(st.error().kind == gc::ErrorKind::io);
    CHECK(st.error().message ==
          "cannot write report " + (tmp.path / "no" / "r.json").string() + ": No such file or directory");
    const auto dir = gc::write_report_file(tmp.path.string(), "x");
    REQUIRE_FALSE(dir.ok());
    CHECK_THAT(dir.error().message, Catch::Contains("Is a directory"));
}
