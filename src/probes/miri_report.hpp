#pragma once
// Miri's output from `cargo miri test`: its error reports on stderr and libtest's plain text
// summary on stdout. Miri stops a test binary at the first error, so the failing binary
// prints no `test result:` line, and UB and an unsupported operation both exit 1: the
// verdict is read from the text, never from the exit code alone. Pure functions, unit-tested
// on recorded real output (tests/data/miri/).
#include <string>
#include <string_view>
#include <vector>

#include "evidence/miri.hpp"

namespace gc {

// Every miri error on `err` (stderr; also a terminal's interleaving of stdout and stderr,
// where the headline follows "test NAME ... " on the same line). A test running when miri
// stopped (its "test NAME ... " line on `out` has no outcome) is the report's test.
MiriRun parse_miri_output(std::string_view out, std::string_view err);

// rustup's answer when the toolchain has no miri: "'cargo-miri' is not installed for the
// toolchain ..." or "the 'miri' component which provides the command 'cargo-miri' is not
// available for the ... toolchain".
bool miri_missing(std::string_view err);

}  // namespace gc
