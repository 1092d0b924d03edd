#pragma once
// The documentation of the crate's public API: rustdoc's --show-coverage counts and its JSON
// output, distilled.
#include <map>
#include <string>
#include <vector>

namespace gc {

struct DocCounts {
    long total = 0;
    long with_docs = 0;
    long total_examples = 0;
    long with_examples = 0;
};

struct DocCoverage {
    std::map<std::string, DocCounts> files;  // file as rustdoc printed it
    std::string compile_error;               // set when the crate does not compile
};

// One public item of a library, from rustdoc's JSON (probes/rustdoc_json.hpp says how the
// items are chosen and when each counts, following rustdoc's own --show-coverage).
struct ApiItem {
    std::string path;  // "mycrate::parse::Parser::new"
    std::string kind;  // rustdoc's item kind: "function", "struct", "variant", "struct_field", ...
    std::string file;  // as rustdoc printed it
    int line = 0;
    int column = 0;
    bool documented = false;     // has doc comments (rustdoc's "with_docs")
    bool has_example = false;    // its docs hold a Rust code block that is not `ignore`
    bool counts_docs = true;     // counted in rustdoc's `total`
    bool needs_example = false;  // counted in `total_examples` even without an example
};

// A type of the crate returned as the error of a public function's Result.
struct ErrorType {
    std::string path;
    std::string file;
    int line = 0;
    int column = 0;
    bool implements_error = false;    // impl std::error::Error / core::error::Error
    bool implements_display = false;  // impl std::fmt::Display / core::fmt::Display
    std::string returned_by;          // the first public function (in path order) returning it
    long functions = 0;               // how many public functions return it
};

// rustdoc --output-format json of one library, distilled (never the whole document).
struct RustdocApi {
    int format_version = 0;
    std::string crate_name;
    std::vector<ApiItem> items;
    std::vector<ErrorType> error_types;
    std::string compile_error;  // set when the crate does not compile
};

}  // namespace gc
