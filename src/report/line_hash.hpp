#pragma once
// GitHub code scanning's primaryLocationLineHash. GitHub computes it itself only when the
// codeql-action uploads with the sources checked out; other uploaders (upload-sarif from a
// job that no longer has the sources, the REST API) must send it, or alerts reopen as new
// whenever a line above them moves.
#include <string>
#include <string_view>
#include <vector>

#include "report/model.hpp"

namespace gc {

// One "hex:n" per line of content, as codeql-action's src/fingerprints.ts computes it: a
// rolling hash (base 37, modulo 2^64) over the next 100 characters from the start of the
// line, spaces and tabs skipped, CR, LF and CRLF read as LF, characters as UTF-16 code
// units, and n counting earlier lines of the file with the same hash.
std::vector<std::string> github_line_hashes(std::string_view content);

// Fills line_hash of every finding with a file and a line, reading each file once under
// report.workspace_root. A file that cannot be read leaves its findings without one.
void assign_line_hashes(Report& report);

}  // namespace gc
