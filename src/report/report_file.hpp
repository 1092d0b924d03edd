#pragma once
// Writing a report to the file the user named, without damaging what that name is: a
// symlink stays a symlink, a device or FIFO stays one, a file keeps its permission bits.
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace gc {

// Writes `content` to `path`, following symlinks to their final target:
// - a regular file, or a name that does not exist yet: atomically (a temporary file in the
//   target's directory, renamed over it), so a reader never sees half a report; an existing
//   file keeps its permission bits, a new one gets what a plain create gives (0666 & ~umask);
// - /dev/stdout, /dev/fd/N, /proc/self/fd/N: written to this process's descriptor N;
// - anything else (a character device, a FIFO, a socket): opened and written in place.
// Every failing system call is an ErrorKind::io "cannot write report PATH: REASON".
Status write_report_file(const std::string& path, std::string_view content);

// Appends `content` to `path` (created if missing): a file others write too, such as GitHub's
// step summary, which the runner reads after the step.
Status append_report_file(const std::string& path, std::string_view content);

// The checks that can be made before a run, so a bad destination fails in a second rather
// than after minutes of cargo: the directory a new or regular file goes to exists and is
// writable, the path is not a directory, and a special file can be opened for writing.
// Errors are ErrorKind::usage naming the file or directory at fault ("directory D does not
// exist"); the caller adds which option gave the path.
Status check_report_destination(const std::string& path);

}  // namespace gc
