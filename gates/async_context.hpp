#pragma once
// Whether a place in a Rust source file is inside async code: clippy says where a blocking
// call is, not whether the code around it runs on an executor.
#include <string_view>

namespace gc::gates {

// True when the innermost function-like scope around 1-based `line`:`column` is an `async fn`,
// an `async` block or an async closure; a plain fn or closure in between ends the search (a
// closure handed to spawn_blocking is where blocking belongs). Comments, strings and char
// literals are skipped; the rest is read as braces and the text before each one.
bool in_async_context(std::string_view source, int line, int column);

}  // namespace gc::gates
