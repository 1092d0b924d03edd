#pragma once
// A local copy of the RustSec advisory database (the directory cargo-audit keeps in
// ~/.cargo/advisory-db): `crates/<name>/RUSTSEC-YYYY-NNNN.md`, each a ```toml front matter
// ([advisory], [versions]) followed by the Markdown `# title`. A file that does not parse
// is an error, never skipped: an advisory counted as nothing is a silent false pass.
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "cargo/lockfile.hpp"
#include "core/result.hpp"
#include "evidence/advisories.hpp"
#include "probes/semver.hpp"

namespace gc {

struct Advisory {
    std::string id;
    std::string package;
    std::string date;
    std::string url;
    std::string informational;  // "unmaintained", "unsound", "notice", or empty for a vulnerability
    std::string withdrawn;      // the date it was withdrawn, or empty
    std::string title;
    std::string file;
    std::vector<std::string> aliases;
    std::vector<std::string> patched_text;  // as written, for messages
    std::vector<std::string> unaffected_text;
    std::vector<semver::VersionReq> patched;
    std::vector<semver::VersionReq> unaffected;

    // Affected: matches no `patched` and no `unaffected` requirement (cargo-audit's rule).
    [[nodiscard]] bool affects(const semver::Version& version) const;
};

// One advisory file's text; `file` names it in errors ("crates/x/RUSTSEC-1.md:9:12: ...").
Result<Advisory> parse_advisory(std::string_view text, const std::string& file);

struct AdvisoryDb {
    std::string path;
    std::string commit;  // git HEAD, when the directory is a git checkout
    std::string newest;  // the newest advisory date
    long count = 0;
    long withdrawn = 0;
    std::map<std::string, std::vector<Advisory>> by_package;
};

// Every advisory under DIR/crates. No parsable advisory at all is an error (not a
// database); so is any file that does not parse, or a legacy .toml advisory.
Result<AdvisoryDb> load_advisory_db(const std::filesystem::path& dir);

// Cargo.lock's crates.io packages against the database: one match per (advisory, package
// version) that is not withdrawn. Packages without a source (workspace members, path
// dependencies) are not on crates.io; git and other registries' packages are listed as
// unchecked, as cargo-audit leaves them out. A version that does not parse is an error.
Result<AdvisoryEvidence> audit_packages(const AdvisoryDb& db, const std::vector<LockedPackage>& packages,
                                        const std::string& lockfile);

// The commit a git checkout's HEAD points at (loose or packed ref), or empty.
std::string git_head(const std::filesystem::path& dir);

}  // namespace gc
