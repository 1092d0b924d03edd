#pragma once
// Typed evidence: what probes learn from external commands, and all that gates may read.
// Gates never run anything; adding a gate adds a view over this, not another run.
// Evidence is stored per probe id ("family" or "family:instance") and read through typed
// keys (evidence/keys.hpp), so a probe and the gates reading it agree on the type at compile
// time, and a new probe adds a key, not a field here. Everything under evidence/ depends on
// core/ alone: it is the one door between probes and gates (scripts/check-layers.sh).
#include <any>
#include <map>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "core/status.hpp"

namespace gc {

// Why a probe has no evidence: its tool is missing (`unavailable`, with the install command)
// or it crashed, timed out, was interrupted or printed what we could not parse (`error`).
struct ToolProblem {
    GateStatus status = GateStatus::error;
    std::string reason;
    std::string fix;
};

// Not run yet, the evidence, or the problem that prevented it.
template <class T>
class Probed {
public:
    Probed() = default;
    Probed(T value) : v_(std::move(value)) {}                // NOLINT(google-explicit-constructor)
    Probed(ToolProblem problem) : v_(std::move(problem)) {}  // NOLINT(google-explicit-constructor)
    [[nodiscard]] bool ran() const { return v_.index() != 0; }
    [[nodiscard]] const T* get() const { return std::get_if<T>(&v_); }
    [[nodiscard]] T* get() { return std::get_if<T>(&v_); }
    [[nodiscard]] const ToolProblem* problem() const { return std::get_if<ToolProblem>(&v_); }

private:
    std::variant<std::monostate, T, ToolProblem> v_;
};

struct Toolchain {
    std::string rustc;
    std::string cargo;
};

// A typed name for a probe family's evidence: `EvidenceKey<CompileEvidence>{"clippy"}`.
template <class T>
struct EvidenceKey {
    std::string family;
};

// Every probe's evidence, by probe id. Written on the scheduler's thread while the probes
// run, read by the gates afterwards.
class Evidence {
public:
    // The key alone decides T: a value, a ToolProblem or a Probed<T> all convert.
    template <class T>
    void put(const EvidenceKey<T>& key, const std::string& instance, std::type_identity_t<Probed<T>> value) {
        slots_[key.family][instance] = std::move(value);
    }
    template <class T>
    void put(const EvidenceKey<T>& key, std::type_identity_t<Probed<T>> value) {
        put(key, "", std::move(value));
    }
    // Absent, or stored with another type: "not run", which every gate reads as unknown.
    template <class T>
    [[nodiscard]] const Probed<T>& get(const EvidenceKey<T>& key, const std::string& instance = "") const {
        static const Probed<T> none;
        const auto family = slots_.find(key.family);
        if (family == slots_.end()) {
            return none;
        }
        const auto it = family->second.find(instance);
        const auto* value = it == family->second.end() ? nullptr : std::any_cast<Probed<T>>(&it->second);
        return value != nullptr ? *value : none;
    }
    template <class T>
    [[nodiscard]] Probed<T>* find(const EvidenceKey<T>& key, const std::string& instance = "") {
        const auto family = slots_.find(key.family);
        if (family == slots_.end()) {
            return nullptr;
        }
        const auto it = family->second.find(instance);
        return it == family->second.end() ? nullptr : std::any_cast<Probed<T>>(&it->second);
    }
    // Every instance of a family, in instance order ("doc-coverage:alpha", ":beta").
    template <class T>
    [[nodiscard]] std::vector<std::pair<std::string, const Probed<T>*>> all(const EvidenceKey<T>& key) const {
        std::vector<std::pair<std::string, const Probed<T>*>> out;
        const auto family = slots_.find(key.family);
        if (family == slots_.end()) {
            return out;
        }
        for (const auto& [instance, value] : family->second) {
            if (const auto* typed = std::any_cast<Probed<T>>(&value)) {
                out.emplace_back(instance, typed);
            }
        }
        return out;
    }

    Toolchain toolchain;

private:
    std::map<std::string, std::map<std::string, std::any>> slots_;
};

// "family:instance" or "family": the ids of scheduler tasks and of the report's probes.
inline std::string probe_id(std::string_view family, std::string_view instance) {
    return instance.empty() ? std::string(family) : std::string(family) + ":" + std::string(instance);
}
inline std::string_view probe_family(std::string_view id) {
    return id.substr(0, id.find(':'));
}

}  // namespace gc
