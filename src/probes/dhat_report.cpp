// DHAT's JSON: `pps` (program points: total blocks `tbk`, bytes `tb`, stack `fs` as indexes
// into `ftbl`) and `ftbl` ("0x1C4D37: gcfx::squares (lib.rs:22)", "[root]").
#include "probes/dhat_report.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace gc {
namespace {

struct Frame {
    std::string function;
    std::string location;  // "lib.rs:22", "in /usr/lib/...so", or empty
};

// "0x1C4D37: name (lib.rs:22)": the location is the last parenthesised group (names such as
// `call_once<(), (dyn Fn...)>` hold parentheses of their own).
Frame parse_frame(std::string_view text) {
    Frame f;
    if (const auto colon = text.find(": "); text.starts_with("0x") && colon != std::string_view::npos) {
        text.remove_prefix(colon + 2);
    }
    const auto open = text.rfind(" (");
    if (open != std::string_view::npos && text.ends_with(")")) {
        f.location = std::string(text.substr(open + 2, text.size() - open - 3));
        text = text.substr(0, open);
    }
    f.function = std::string(text);
    return f;
}

std::string_view file_of(std::string_view location) {
    return location.substr(0, location.rfind(':'));
}

bool is_root_frame(const Frame& f) {
    return f.function == "main" || f.function.ends_with("::main") || f.function.starts_with("std::rt::lang_start") ||
           f.function == "start_thread" || f.function == "clone" || f.function == "clone3";
}

// The first frame that is the crate's (or the benchmark's) code: not the allocator, not the
// standard library (library/...), not a shared object.
const Frame* own_frame(const std::vector<Frame>& frames) {
    for (const auto& f : frames) {
        if (!f.location.empty() && !f.location.starts_with("library/") && !f.location.starts_with("in ") &&
            f.function != "UnknownInlinedFun") {
            return &f;
        }
    }
    return nullptr;
}

void add_site(std::vector<AllocationSite>& sites, const std::vector<Frame>& frames, long long blocks, long long bytes) {
    const Frame* own = own_frame(frames);
    const std::string function = own != nullptr ? own->function : (frames.empty() ? "?" : frames.front().function);
    const std::string location = own != nullptr ? own->location : "";
    const auto it = std::find_if(sites.begin(), sites.end(), [&](const AllocationSite& s) {
        return s.function == function && s.location == location;
    });
    if (it != sites.end()) {
        it->blocks += blocks;
        it->bytes += bytes;
    } else {
        sites.push_back(AllocationSite{function, location, blocks, bytes});
    }
}

Result<std::vector<Frame>> frame_table(const nlohmann::json& doc) {
    const auto table = doc.find("ftbl");
    if (table == doc.end() || !table->is_array()) {
        return make_error(ErrorKind::input, "DHAT output has no frame table (ftbl)");
    }
    std::vector<Frame> frames;
    frames.reserve(table->size());
    for (const auto& f : *table) {
        if (!f.is_string()) {
            return make_error(ErrorKind::input, "DHAT frame table entry is not a string");
        }
        frames.push_back(parse_frame(f.get<std::string>()));
    }
    return frames;
}

}  // namespace

bool is_measured_loop_frame(std::string_view function, std::string_view file) {
    const bool qualified = (function.find("Bencher<") != std::string_view::npos ||
                            function.find("bencher::Bencher") != std::string_view::npos) &&
                           function.find(">::iter") != std::string_view::npos;
    const bool inlined = function.starts_with("iter") && file.ends_with("bencher.rs");
    return qualified || inlined;
}

Result<BenchAllocations> parse_dhat(std::string_view json, int max_frames) {
    const auto doc = nlohmann::json::parse(json, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        return make_error(ErrorKind::input, "DHAT output is not JSON");
    }
    if (doc.value("mode", "") != "heap" || !doc.contains("pps") || !doc["pps"].is_array()) {
        return make_error(ErrorKind::input, "DHAT output is not a heap profile with program points (pps)");
    }
    auto table = frame_table(doc);
    if (!table) {
        return table.error();
    }
    BenchAllocations out;
    out.command = doc.value("cmd", "");
    for (const auto& pp : doc["pps"]) {
        if (!pp.is_object() || !pp.contains("tbk") || !pp.contains("tb") || !pp.contains("fs") ||
            !pp["tbk"].is_number_integer() || !pp["tb"].is_number_integer() || !pp["fs"].is_array()) {
            return make_error(ErrorKind::input, "DHAT program point without tbk, tb or fs");
        }
        std::vector<Frame> frames;
        for (const auto& index : pp["fs"]) {
            if (!index.is_number_unsigned() || index.get<std::size_t>() >= table->size()) {
                return make_error(ErrorKind::input, "DHAT stack refers to a frame outside ftbl");
            }
            frames.push_back((*table)[index.get<std::size_t>()]);
        }
        const auto blocks = pp["tbk"].get<long long>();
        const auto bytes = pp["tb"].get<long long>();
        const bool in_loop = std::any_of(frames.begin(), frames.end(), [](const Frame& f) {
            return is_measured_loop_frame(f.function, file_of(f.location));
        });
        const bool cut = !in_loop && static_cast<int>(frames.size()) >= max_frames &&
                         std::none_of(frames.begin(), frames.end(), is_root_frame);
        if (in_loop || cut) {
            out.loop_blocks += blocks;
            out.loop_bytes += bytes;
            out.unattributed_blocks += cut ? blocks : 0;
            add_site(out.loop_sites, frames, blocks, bytes);
        } else {
            out.setup_blocks += blocks;
            out.setup_bytes += bytes;
        }
    }
    std::stable_sort(out.loop_sites.begin(), out.loop_sites.end(),
                     [](const AllocationSite& a, const AllocationSite& b) { return a.blocks > b.blocks; });
    return out;
}

}  // namespace gc
