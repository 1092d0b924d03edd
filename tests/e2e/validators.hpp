#pragma once
// The real validators of the CI report formats (tests/validators/README.md), installed by
// scripts/setup.sh: each returns the problems it found, empty when the file is valid.
#include <filesystem>
#include <string>
#include <vector>

namespace e2e {

// sarif-multitool's `validate --rule-kind "Gh;Sarif"`: its errors (it exits 0 even on an
// invalid file, so this reads its output log). Several files in one start (~2 s).
std::string sarif_errors(const std::vector<std::filesystem::path>& files);
// xmllint --schema tests/validators/junit-10.xsd (Jenkins', relaxed for GitLab's file attribute).
std::string junit_errors(const std::vector<std::filesystem::path>& files);
// ajv with tests/validators/codequality.schema.json, and unique fingerprints.
std::string codequality_errors(const std::filesystem::path& file);

}  // namespace e2e
