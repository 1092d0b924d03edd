#pragma once
// What `cargo fmt --check` would change, per file.
#include <string>
#include <vector>

namespace gc {

struct FmtFile {
    std::string file;  // relative to the workspace root
    int first_line = 0;
    int hunks = 0;
};

struct FmtEvidence {
    std::vector<FmtFile> files;
};

}  // namespace gc
