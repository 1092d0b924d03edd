#pragma once
// Where a Rust source's `unsafe` code is, by line: `unsafe { .. }` blocks and the bodies of
// `unsafe fn`, `unsafe impl` and `unsafe trait`. A lexical scan (comments and literals never
// count), for telling whether a stack frame runs unsafe code. Pure, unit-tested.
#include <string_view>
#include <vector>

#include "evidence/rust_sources.hpp"

namespace gc::probes {

// The regions in source order; nested ones are listed too.
std::vector<LineRange> unsafe_regions(std::string_view source);

}  // namespace gc::probes
