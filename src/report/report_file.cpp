#include "report/report_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <system_error>

#include <fmt/format.h>

namespace gc {
namespace {

namespace fs = std::filesystem;

constexpr int kMaxSymlinkHops = 40;  // the kernel's own limit before ELOOP

// Where a report name really leads, after every symlink.
struct Destination {
    fs::path path;        // no longer a symlink (it may not exist yet)
    int descriptor = -1;  // >= 0: the name stands for this open descriptor of ours
};

std::string reason(int err) {
    return std::error_code(err, std::generic_category()).message();
}

Error write_error(const std::string& path, int err) {
    return make_error(ErrorKind::io, fmt::format("cannot write report {}: {}", path, reason(err)));
}

// /dev/stdout, /dev/fd/N and /proc/self/fd/N name a descriptor, not a file: opening them
// again would start a second file offset (clobbering what stdout already wrote to a file)
// and fails for sockets, and following them textually leads to "pipe:[123]".
std::optional<int> own_descriptor(const fs::path& p) {
    std::error_code ec;
    const auto dir = fs::canonical(p.parent_path(), ec);
    if (ec || dir != fs::path("/proc") / std::to_string(::getpid()) / "fd") {
        return std::nullopt;
    }
    const auto name = p.filename().string();
    int fd = -1;
    const auto [end, err] = std::from_chars(name.data(), name.data() + name.size(), fd);
    if (err != std::errc() || end != name.data() + name.size()) {
        return std::nullopt;
    }
    return fd;
}

// Follows the symlink chain one link at a time (not fs::canonical: the final target may not
// exist yet, and a dangling link is written through, as open(O_CREAT) would).
Result<Destination> resolve(const std::string& path) {
    std::error_code ec;
    fs::path p = fs::absolute(path, ec);
    if (ec) {
        return write_error(path, ec.value());
    }
    for (int hop = 0;; ++hop) {
        if (const auto fd = own_descriptor(p)) {
            return Destination{p, *fd};
        }
        const auto st = fs::symlink_status(p, ec);
        if (ec || !fs::is_symlink(st)) {
            return Destination{p, -1};  // a missing parent shows up when the file is opened
        }
        if (hop == kMaxSymlinkHops) {
            return write_error(path, ELOOP);
        }
        const auto target = fs::read_symlink(p, ec);
        if (ec) {
            return write_error(path, ec.value());
        }
        // Not normalised: ".." after a symlinked directory must stay the kernel's business.
        p = target.is_absolute() ? target : p.parent_path() / target;
    }
}

// Returns 0 or the errno of the write that failed; short writes continue.
int write_all(int fd, std::string_view content) {
    while (!content.empty()) {
        const auto n = ::write(fd, content.data(), content.size());
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return n < 0 ? errno : EIO;
        }
        content.remove_prefix(static_cast<std::size_t>(n));
    }
    return 0;
}

Status write_to_descriptor(const std::string& path, int fd, std::string_view content) {
    std::fflush(nullptr);  // what stdio still buffers for this descriptor goes first
    if (const int err = write_all(fd, content); err != 0) {
        return write_error(path, err);
    }
    return Ok{};  // the descriptor stays open: it is not ours to close
}

// Opens `target` with `flags` and writes all of `content`: the close's error counts too.
Status write_opened(const std::string& path, const fs::path& target, int flags, std::string_view content) {
    const int fd = ::open(target.c_str(), flags | O_WRONLY | O_NOCTTY | O_CLOEXEC, 0666);  // NOLINT
    if (fd < 0) {
        return write_error(path, errno);
    }
    int err = write_all(fd, content);
    if (::close(fd) != 0 && err == 0) {
        err = errno;
    }
    return err == 0 ? Status{Ok{}} : Status{write_error(path, err)};
}

// Devices and FIFOs: no O_CREAT (it exists) and no O_TRUNC (a device has nothing to
// truncate; /dev/stdout as a file would lose what came before).
Status write_in_place(const std::string& path, const fs::path& target, std::string_view content) {
    return write_opened(path, target, 0, content);
}

// A new file in `dir` that no one else can be writing: O_EXCL, with a name unique to this
// process. Mode 0666 lets the umask (and any default ACL) apply as for a plain create.
int create_temporary(const fs::path& target, fs::path& tmp) {
    static int counter = 0;
    for (int attempt = 0; attempt < 100; ++attempt) {
        tmp = target.parent_path() / fmt::format(".{}.{}-{}.tmp", target.filename().string(), ::getpid(), counter++);
        const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0 || errno != EEXIST) {
            return fd;
        }
    }
    errno = EEXIST;
    return -1;
}

// The replaced file's owner and permission bits carry over: a 0444 file stays read-only,
// and root rewriting a user's report leaves it the user's.
int keep_attributes(int fd, const struct stat& old) {
    // Only root may give a file away (EPERM for anyone else, who then owns the new file).
    const bool other_owner = old.st_uid != ::geteuid() || old.st_gid != ::getegid();
    if (other_owner && ::fchown(fd, old.st_uid, old.st_gid) != 0 && errno != EPERM) {
        return errno;
    }
    return ::fchmod(fd, old.st_mode & 07777) == 0 ? 0 : errno;
}

// Regular files: write a temporary file next to the real target and rename it over, so a
// reader sees the old report or the new one, never half of one.
Status write_replacing(const std::string& path, const fs::path& target, const struct stat* old,
                       std::string_view content) {
    fs::path tmp;
    const int fd = create_temporary(target, tmp);
    if (fd < 0) {
        return write_error(path, errno);
    }
    int err = old != nullptr ? keep_attributes(fd, *old) : 0;
    if (err == 0) {
        err = write_all(fd, content);
    }
    if (err == 0 && ::fsync(fd) != 0) {  // the rename must not outlive the data in a crash
        err = errno;
    }
    if (::close(fd) != 0 && err == 0) {
        err = errno;
    }
    if (err == 0 && ::rename(tmp.c_str(), target.c_str()) != 0) {
        err = errno;
    }
    if (err != 0) {
        ::unlink(tmp.c_str());
        return write_error(path, err);
    }
    return Ok{};
}

Status usage_error(std::string message) {
    return make_error(ErrorKind::usage, std::move(message));
}

// The temporary file and the rename both need the target's directory.
Status check_directory(const fs::path& dir) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        return usage_error(fmt::format("directory {} does not exist", dir.string()));
    }
    if (::access(dir.c_str(), W_OK) != 0) {
        return usage_error(fmt::format("directory {} is not writable", dir.string()));
    }
    return Ok{};
}

Status check_descriptor(const std::string& path, int fd) {
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags < 0) {
        return usage_error(fmt::format("{}: descriptor {} is not open", path, fd));
    }
    if ((flags & O_ACCMODE) == O_RDONLY) {
        return usage_error(fmt::format("{}: descriptor {} is not open for writing", path, fd));
    }
    return Ok{};
}

// A FIFO is only checked for permission: opening it would wait for (or, non-blocking, fail
// without) a reader that may start later.
Status check_special(const std::string& path, const fs::path& target, const struct stat& st) {
    if (S_ISFIFO(st.st_mode)) {
        return ::access(target.c_str(), W_OK) == 0
                   ? Status{Ok{}}
                   : usage_error(fmt::format("cannot write to {}: {}", path, reason(errno)));
    }
    const int fd = ::open(target.c_str(), O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        return usage_error(fmt::format("cannot open {} for writing: {}", path, reason(errno)));
    }
    ::close(fd);
    return Ok{};
}

}  // namespace

Status write_report_file(const std::string& path, std::string_view content) {
    const auto dest = resolve(path);
    if (!dest) {
        return dest.error();
    }
    if (dest->descriptor >= 0) {
        return write_to_descriptor(path, dest->descriptor, content);
    }
    struct stat st {};
    if (::stat(dest->path.c_str(), &st) != 0) {
        return errno == ENOENT ? write_replacing(path, dest->path, nullptr, content) : write_error(path, errno);
    }
    if (S_ISREG(st.st_mode)) {
        return write_replacing(path, dest->path, &st, content);
    }
    if (S_ISDIR(st.st_mode)) {
        return write_error(path, EISDIR);
    }
    return write_in_place(path, dest->path, content);
}

Status append_report_file(const std::string& path, std::string_view content) {
    return write_opened(path, path, O_APPEND | O_CREAT, content);
}

Status check_report_destination(const std::string& path) {
    const auto dest = resolve(path);
    if (!dest) {
        return usage_error(dest.error().message);
    }
    if (dest->descriptor >= 0) {
        return check_descriptor(path, dest->descriptor);
    }
    struct stat st {};
    if (::stat(dest->path.c_str(), &st) != 0) {
        return errno == ENOENT || errno == ENOTDIR
                   ? check_directory(dest->path.parent_path())
                   : usage_error(fmt::format("cannot write to {}: {}", path, reason(errno)));
    }
    if (S_ISDIR(st.st_mode)) {
        return usage_error(fmt::format("{} is a directory", path));
    }
    if (S_ISREG(st.st_mode)) {
        return check_directory(dest->path.parent_path());
    }
    return check_special(path, dest->path, st);
}

}  // namespace gc
