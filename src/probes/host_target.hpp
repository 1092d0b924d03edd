#pragma once
// The host a flavour builds for with `--target`, and whether its flags work there, from
// `rustc FLAGS --print host-tuple --print cfg`.
#include <string>

#include "evidence/keys.hpp"
#include "probes/flavour.hpp"
#include "process/process.hpp"

namespace gc {

// The host tuple ("x86_64-unknown-linux-gnu"); `unavailable` when rustc rejects the flags for
// this target or does not report the flavour's required cfg; `error` when rustc failed otherwise.
Probed<std::string> judge_host(const process::Completed& res, const process::Command& cmd, const Flavour& flavour);

}  // namespace gc
