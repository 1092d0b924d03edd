#pragma once
// The programs the probes run, each with a harmless command that shows whether it works here
// and how to install it: `gatecheck list` checks the tools of the probes' ProbeInfo.
#include <string>
#include <vector>

namespace gc {

struct Tool {
    std::string name;                // as `gatecheck list` shows it: cargo, clippy, valgrind
    std::vector<std::string> check;  // a harmless command that fails without it
    std::string fix;                 // how to install it
};

namespace tools {

inline const Tool cargo{"cargo", {"cargo", "--version"}, "install a Rust toolchain (rustup)"};
inline const Tool clippy{"clippy", {"cargo", "clippy", "--version"}, "rustup component add clippy"};
inline const Tool rustfmt{"rustfmt", {"cargo", "fmt", "--version"}, "rustup component add rustfmt"};
inline const Tool rustdoc{"rustdoc", {"rustdoc", "--version"}, "install a Rust toolchain (rustup)"};
// Debian's package; the coverage gate's `llvm_bin` setting can point elsewhere.
inline const Tool llvm{"llvm-19", {"llvm-profdata-19", "--version"}, "apt-get install llvm-19"};
// The default toolchain's only: the probe also tries +nightly (probes/miri_probe.cpp).
inline const Tool miri{"miri", {"cargo", "miri", "--version"}, "rustup +nightly component add miri"};
inline const Tool valgrind{"valgrind", {"valgrind", "--version"}, "apt-get install valgrind"};
// Counting user-space clock ticks needs permission too (kernel.perf_event_paranoid <= 2).
inline const Tool perf{"perf", {"perf", "stat", "-e", "cpu-clock:u", "true"}, "apt-get install linux-perf"};

}  // namespace tools
}  // namespace gc
