#pragma once
// rustdoc's JSON output (`--output-format json`, format_version 57 with rustc 1.95),
// distilled to what the docs and errors gates read: the public items with their docs and
// examples, and the crate's own types returned as errors. The document can be tens of MB;
// it is parsed once and dropped.
//
// Which items, and when they count, follows rustdoc's own --show-coverage pass
// (librustdoc/passes/calculate_doc_coverage.rs, check_doc_test_visibility.rs):
// - walked from the crate root through modules, `pub use` re-exports (globs included),
//   struct/union fields, enum variants and their fields, trait items, and the items of
//   inherent impls; items of trait impls (derives included), `use` and `extern crate`
//   items and impl blocks themselves are not counted;
// - counted in `total`: documented items, and undocumented ones except tuple fields and
//   items under `#[allow(missing_docs)]` / `#[expect(missing_docs)]` (on the item or a
//   module it was reached through);
// - documented: rustdoc has doc strings for it (`docs` is not null);
// - example: a Rust code block that rustdoc would test, fenced without a language tag, or
//   `rust`, `no_run`, `should_panic`, `compile_fail`, `editionNNNN`..., or indented by four
//   spaces; not `ignore` nor another language (`text`, `toml`, ...);
// - counted in `total_examples`: items with an example, and functions, structs, enums,
//   unions and traits that are directly public (reached through public modules, not only
//   through a re-export).
#include <istream>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "evidence/keys.hpp"

namespace gc {

// The format versions this parser was checked against (tests/data/rustdoc-json/).
inline constexpr int kRustdocFormatMin = 57;
inline constexpr int kRustdocFormatMax = 57;

// The whole document, as rustdoc wrote it to target/doc/CRATE.json; the stream is read as it
// is parsed (the probe's way: the file is never held whole in memory).
Result<RustdocApi> parse_rustdoc_json(std::string_view document);
Result<RustdocApi> parse_rustdoc_json(std::istream& document);

// Whether Markdown docs hold a code block rustdoc counts as an example.
bool has_rust_code_block(std::string_view markdown);

}  // namespace gc
