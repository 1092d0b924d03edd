#pragma once
// What the advisories probe learns: the lockfile's packages checked against a local RustSec
// advisory database, the advisories that apply, and the crate's cargo-fuzz targets.
#include <string>
#include <vector>

namespace gc {

// One advisory that applies to one package version of Cargo.lock.
struct AdvisoryMatch {
    std::string id;  // "RUSTSEC-2022-0004"
    std::string package;
    std::string version;  // the locked version it applies to
    std::string title;
    std::string kind;  // "vulnerability", or the informational kind: "unmaintained", "unsound", "notice"
    std::string date;
    std::string url;
    std::vector<std::string> aliases;     // "CVE-2021-25900"
    std::vector<std::string> patched;     // as the advisory writes them: ">= 1.6.1"
    std::vector<std::string> unaffected;  // "< 0.6.3"
    std::string advisory_file;            // the advisory's file in the database
    int lock_line = 0;                    // the line of the package's [[package]] in Cargo.lock
    [[nodiscard]] bool informational() const { return kind != "vulnerability"; }
};

struct AdvisoryEvidence {
    std::string db_path;
    std::string db_commit;               // HEAD of the database when it is a git checkout
    std::string db_newest;               // the newest advisory's date
    long advisories = 0;                 // advisories read from the database (withdrawn included)
    long withdrawn = 0;                  // of those, withdrawn: never reported, as cargo-audit does
    std::string lockfile;                // Cargo.lock, as the report names it
    long packages = 0;                   // [[package]] entries in Cargo.lock
    long checked = 0;                    // of those, from crates.io: the ones advisories are about
    std::vector<std::string> unchecked;  // "name version (source)": git sources, other registries
    std::vector<AdvisoryMatch> matches;
    std::vector<std::string> fuzz_targets;  // "fuzz/fuzz_targets/x.rs", relative to the workspace root
};

}  // namespace gc
