#pragma once
// Whether a place in a Rust source file is inside async code: clippy says where a blocking
// call is, not whether the code around it runs on an executor.
#include <string_view>
#include <vector>

#include "evidence/rust_sources.hpp"

namespace gc::probes {

// The braces that decide whether code inside them is async: `async fn`, `async` blocks and
// async closures, and the plain fns, closures and items (impl, mod, trait) that end the search
// outwards (a closure handed to spawn_blocking is where blocking belongs). Comments, strings and
// char literals are skipped; the rest is read as braces and the text before each one. None
// when the file never says `async`: then no place in it is async code.
std::vector<AsyncScope> async_scopes(std::string_view source);

// True when the innermost function-like scope around 1-based `line`:`column` is an `async fn`,
// an `async` block or an async closure: RustSource::in_async_code over async_scopes().
bool in_async_context(std::string_view source, int line, int column);

}  // namespace gc::probes
