// DHAT's JSON: `pps` (program points: total blocks `tbk`, bytes `tb`, stack `fs` as indexes
// into `ftbl`) and `ftbl` ("0x1C4D37: gcfx::squares (lib.rs:22)", "[root]").
#include "probes/dhat_report.hpp"

#include <algorithm>
#include <optional>

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

// libtest's measured loop: `ns_iter_inner`, under `Bencher::iter` (one call in test mode).
bool is_libtest_loop_frame(std::string_view function) {
    return function.starts_with("test::bench::ns_iter_inner") ||
           function.find("test::bench::Bencher>::iter") != std::string_view::npos ||
           function.starts_with("test::bench::Bencher::iter");
}

}  // namespace

bool is_measured_loop_frame(std::string_view function, std::string_view file) {
    const bool qualified = (function.find("Bencher<") != std::string_view::npos ||
                            function.find("bencher::Bencher") != std::string_view::npos) &&
                           function.find(">::iter") != std::string_view::npos;
    const bool inlined = function.starts_with("iter") && file.ends_with("bencher.rs");
    return qualified || inlined || is_libtest_loop_frame(function);
}

namespace {

// Each program point's stack, resolved, with its totals; the document checked first.
struct Site {
    std::vector<Frame> frames;  // innermost first
    long long blocks = 0;
    long long bytes = 0;
};

Result<std::pair<std::string, std::vector<Site>>> read_sites(std::string_view json) {
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
    std::vector<Site> sites;
    for (const auto& pp : doc["pps"]) {
        if (!pp.is_object() || !pp.contains("tbk") || !pp.contains("tb") || !pp.contains("fs") ||
            !pp["tbk"].is_number_integer() || !pp["tb"].is_number_integer() || !pp["fs"].is_array()) {
            return make_error(ErrorKind::input, "DHAT program point without tbk, tb or fs");
        }
        Site site{{}, pp["tbk"].get<long long>(), pp["tb"].get<long long>()};
        for (const auto& index : pp["fs"]) {
            if (!index.is_number_unsigned() || index.get<std::size_t>() >= table->size()) {
                return make_error(ErrorKind::input, "DHAT stack refers to a frame outside ftbl");
            }
            site.frames.push_back((*table)[index.get<std::size_t>()]);
        }
        sites.push_back(std::move(site));
    }
    return std::pair{doc.value("cmd", ""), std::move(sites)};
}

bool cut_short(const std::vector<Frame>& frames, int max_frames) {
    return static_cast<int>(frames.size()) >= max_frames && std::none_of(frames.begin(), frames.end(), is_root_frame);
}

void add_to_loop(BenchAllocations& out, const Site& site, bool cut) {
    out.loop_blocks += site.blocks;
    out.loop_bytes += site.bytes;
    out.unattributed_blocks += cut ? site.blocks : 0;
    add_site(out.loop_sites, site.frames, site.blocks, site.bytes);
}

void sort_sites(BenchAllocations& a) {
    std::stable_sort(a.loop_sites.begin(), a.loop_sites.end(),
                     [](const AllocationSite& x, const AllocationSite& y) { return x.blocks > y.blocks; });
}

}  // namespace

Result<BenchAllocations> parse_dhat(std::string_view json, int max_frames) {
    auto read = read_sites(json);
    if (!read) {
        return read.error();
    }
    BenchAllocations out;
    out.command = read->first;
    for (const auto& site : read->second) {
        const bool in_loop = std::any_of(site.frames.begin(), site.frames.end(), [](const Frame& f) {
            return is_measured_loop_frame(f.function, file_of(f.location));
        });
        const bool cut = !in_loop && cut_short(site.frames, max_frames);
        if (in_loop || cut) {
            add_to_loop(out, site, cut);
        } else {
            out.setup_blocks += site.blocks;
            out.setup_bytes += site.bytes;
        }
    }
    sort_sites(out);
    return out;
}

namespace {

// bencher's `Bencher::iter`: qualified, or inlined (into the benchmark function or a helper it
// calls) as `iter<T, F>` of bencher's lib.rs, F the routine's closure. DHAT prints only the
// file's base name: a crate's own generic `iter` taking a closure, in its lib.rs, would count
// as the loop too (over-counted, never hidden).
bool is_bencher_loop_frame(const Frame& f) {
    return is_measured_loop_frame(f.function, file_of(f.location)) ||
           (f.function.starts_with("iter<") && f.function.find("{closure") != std::string::npos &&
            file_of(f.location) == "lib.rs");
}

bool in_bencher_loop(const std::vector<Frame>& frames, std::size_t owner) {
    return std::any_of(frames.begin(), frames.begin() + static_cast<std::ptrdiff_t>(owner), is_bencher_loop_frame);
}

// bencher 0.1's `auto_bench` starts with `bench_n(1, |x| f(x))`, its first closure: one iteration.
bool in_first_call(const std::vector<Frame>& frames) {
    return std::any_of(frames.begin(), frames.end(), [](const Frame& f) {
        return f.function.find("auto_bench::{closure_env#0}") != std::string::npos ||
               f.function.find("auto_bench::{closure#0}") != std::string::npos;
    });
}

}  // namespace

namespace {

// Where one allocation site of a bencher run belongs.
struct Placed {
    const Site* site = nullptr;
    std::string id;      // the benchmark on its stack
    bool loop = false;   // inside bencher's `iter`
    bool first = false;  // in the benchmark's one-iteration call
};

// Each site placed once: those with a benchmark on their stack, and those in a loop (or cut
// short) with none, which count for every benchmark.
void place_sites(const std::vector<Site>& sites, int max_frames, const std::vector<std::string>& ids,
                 std::vector<Placed>& owned, std::vector<const Site*>& unowned) {
    for (const auto& site : sites) {
        const auto owner = outermost_benchmark_frame(site.frames, ids);
        if (owner) {
            owned.push_back(
                {&site, owner->second, in_bencher_loop(site.frames, owner->first), in_first_call(site.frames)});
        } else if (std::any_of(site.frames.begin(), site.frames.end(), is_bencher_loop_frame) ||
                   cut_short(site.frames, max_frames)) {
            unowned.push_back(&site);
        }
    }
}

}  // namespace

Result<std::map<std::string, BenchAllocations>> parse_dhat_bencher_run(std::string_view json, int max_frames,
                                                                       const std::vector<std::string>& ids) {
    auto read = read_sites(json);
    if (!read) {
        return read.error();
    }
    std::map<std::string, BenchAllocations> out;
    std::map<std::string, bool> first_call_seen;
    for (const auto& id : ids) {
        out[id].command = read->first;
        out[id].run_loop_blocks = 0;
        out[id].run_loop_bytes = 0;
        first_call_seen[id] = false;
    }
    std::vector<Placed> owned;
    std::vector<const Site*> unowned;
    place_sites(read->second, max_frames, ids, owned, unowned);
    for (const auto& p : owned) {
        auto& a = out[p.id];
        first_call_seen[p.id] = first_call_seen[p.id] || p.first;
        if (!p.loop) {
            a.setup_blocks += p.first ? p.site->blocks : 0;  // the set-up of the one-iteration call
            a.setup_bytes += p.first ? p.site->bytes : 0;
            continue;
        }
        a.run_loop_blocks += p.site->blocks;
        a.run_loop_bytes += p.site->bytes;
        if (p.first) {
            add_to_loop(a, *p.site, false);
        }
    }
    for (auto& [id, a] : out) {
        // The first iteration is what is counted per iteration; when it cannot be told (the
        // first call not found, or it allocated nothing while later iterations did), the
        // numbers are the whole run's with no iteration count. A run whose loop allocated
        // nothing at all is zero per iteration whatever the first call was.
        if (a.run_loop_blocks > 0 && (!first_call_seen[id] || a.loop_blocks == 0)) {
            a.iterations = 0;
            a.loop_blocks = a.run_loop_blocks;
            a.loop_bytes = a.run_loop_bytes;
            a.loop_sites.clear();
            for (const auto& p : owned) {
                if (p.id == id && p.loop) {
                    add_site(a.loop_sites, p.site->frames, p.site->blocks, p.site->bytes);
                }
            }
        }
        for (const auto* site : unowned) {  // never hidden: counted for every benchmark of the run
            add_to_loop(a, *site, true);
            a.run_loop_blocks += site->blocks;
            a.run_loop_bytes += site->bytes;
        }
        sort_sites(a);
    }
    return out;
}

bool is_benchmark_frame(std::string_view function, std::string_view id) {
    if (id.empty()) {
        return false;
    }
    for (auto pos = function.find(id); pos != std::string_view::npos; pos = function.find(id, pos + 1)) {
        const bool starts = pos == 0 || (pos >= 2 && function.substr(pos - 2, 2) == "::");
        const auto after = function.substr(pos + id.size());
        const bool ends = after.empty() || after.starts_with("::") || after.starts_with("<") ||
                          after.starts_with(">") || after.starts_with(" ");
        if (starts && ends) {
            return true;
        }
    }
    return false;
}

}  // namespace gc
