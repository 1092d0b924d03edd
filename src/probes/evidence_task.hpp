#pragma once
// The skeleton most probes share: one command whose result, judged, is one evidence value.
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "evidence/store.hpp"
#include "probes/cargo_command.hpp"
#include "probes/probe.hpp"

namespace gc::probes {

// A task running `command` under the probe id of `key` and `instance`, whose on_done stores
// `judge(result, command)` there. Callers set what differs (lock, before_start) on the task.
template <class T, class Judge>
Task evidence_task(const PlanContext& ctx, const EvidenceKey<T>& key, const std::string& instance,
                   process::Command command, Judge judge) {
    Task t;
    t.id = probe_id(key.family, instance);
    t.command = std::move(command);
    t.on_done = [ctx, key, instance, cmd = t.command, judge = std::move(judge)](const process::Completed& res) {
        ctx.evidence.put(key, instance, judge(res, cmd));
        return std::vector<Task>{};
    };
    return t;
}

// The judgement of a command that must succeed and print one document: the tool's problem,
// its failure with the stderr that says why, or what `parse` (stdout -> Result<T>) made of it.
template <class T, class Parse>
Probed<T> parsed_stdout(const process::Completed& res, const process::Command& cmd, Parse&& parse) {
    if (auto p = tool_problem(res, cmd)) {
        return *p;
    }
    if (!res.succeeded()) {
        return error_problem(fmt::format("`{}` {}: {}", cmd.display(), res.describe(cmd), stderr_excerpt(res.err)));
    }
    auto value = parse(res.out);
    if (!value) {
        return error_problem(fmt::format("`{}`: {}", cmd.display(), value.error().message));
    }
    return std::move(*value);
}

}  // namespace gc::probes
