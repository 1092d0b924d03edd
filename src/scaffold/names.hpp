#pragma once
// Package and module names: cargo's rules (cargo's restricted_names and
// validate_package_name), with cargo's own wording, so `gatecheck new` refuses exactly the
// names cargo refuses, plus the ones cargo only warns about (a crate named `std` or `con`
// cannot pass its gates everywhere).
#include <optional>
#include <string>
#include <string_view>

namespace gc::scaffold {

enum class TargetKind { lib, bin };

// Why cargo rejects (or warns about) `name` as a package name; nullopt when it accepts it.
std::optional<std::string> package_name_problem(std::string_view name, TargetKind kind);

// Why `name` cannot be a module (`src/NAME.rs`, `mod NAME;`); nullopt when it can.
std::optional<std::string> module_name_problem(std::string_view name);

// "my-crate" -> "my_crate": the name Rust code uses.
std::string crate_ident(std::string_view package_name);
// "word_count" -> "WordCount": a module's type name.
std::string pascal_case(std::string_view snake);

}  // namespace gc::scaffold
