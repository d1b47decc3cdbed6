// Prints core throughput figures: SSE parsing in MB/s and draft parsing time for 100,000
// segments. A plain main (no test framework) so it also builds with em++ and runs under node.
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/adk_event.hpp"
#include "core/draft_types.hpp"
#include "draft/change.hpp"
#include "core/draft_summary.hpp"
#include "core/sse.hpp"
#include "core/timeline_layout.hpp"

using namespace cw::core;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

std::string sample_stream(std::size_t target_bytes) {
    std::string event =
        "data: {\"id\":\"e1\",\"invocationId\":\"i1\",\"author\":\"nemo_agent\",\"partial\":true,"
        "\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Converting your clip into a looping GIF\"}]}}\r\n\r\n"
        ": heartbeat\n\ndata:\n\n";
    std::string stream;
    stream.reserve(target_bytes + event.size());
    while (stream.size() < target_bytes) stream += event;
    return stream;
}

void bench_sse(const std::string& stream, std::size_t chunk_size, bool decode) {
    SseParser parser;
    std::vector<SseEvent> events;
    std::size_t count = 0;
    std::size_t texts = 0;
    auto start = Clock::now();
    for (std::size_t at = 0; at < stream.size(); at += chunk_size) {
        events.clear();
        parser.feed(std::string_view(stream).substr(at, chunk_size), events);
        count += events.size();
        if (decode)
            for (const SseEvent& event : events) texts += decode_adk_event(event).text.size();
    }
    double elapsed = seconds_since(start);
    std::printf("sse %-22s chunk %6zu B: %8.1f MB/s (%zu events%s)\n", decode ? "parse + ADK decode" : "parse", chunk_size,
                static_cast<double>(stream.size()) / 1e6 / elapsed, count, texts > 0 ? ", decoded" : "");
}

nlohmann::json draft_of(std::size_t segments) {
    nlohmann::json list = nlohmann::json::array();
    for (std::size_t i = 0; i < segments; ++i)
        list.push_back({{"id", "s" + std::to_string(i)}, {"st", i * 1000}, {"d", 1000},
                        {"m", {{"src", "media_1"}, {"name", "clip " + std::to_string(i)}, {"volume", 0.5}}}});
    return {{"t", nlohmann::json::array({{{"tt", 0}, {"sg", list}}})}};
}

}  // namespace

int main() {
    std::string stream = sample_stream(32 * 1024 * 1024);
    std::printf("SSE stream: %.1f MB\n", static_cast<double>(stream.size()) / 1e6);
    for (std::size_t chunk : {std::size_t{1}, std::size_t{64}, std::size_t{16384}}) bench_sse(stream, chunk, false);
    bench_sse(stream.substr(0, 4 * 1024 * 1024), 16384, true);

    const std::size_t segments = 100000;
    nlohmann::json draft_json = draft_of(segments);
    std::string text = draft_json.dump();
    auto start = Clock::now();
    Draft draft = parse_draft_text(text);
    double text_seconds = seconds_since(start);
    start = Clock::now();
    Draft from_json = parse_draft(draft_json);
    double json_seconds = seconds_since(start);
    std::printf("draft %zu segments (%.1f MB JSON): text -> model %.1f ms, json -> model %.1f ms\n", draft.segment_count,
                static_cast<double>(text.size()) / 1e6, text_seconds * 1e3, json_seconds * 1e3);

    start = Clock::now();
    std::string summary = summarize_draft(draft);
    double summary_seconds = seconds_since(start);
    start = Clock::now();
    cw::draft::Changes diff = cw::draft::describe_changes(draft, from_json, cw::draft::Language::en);
    double diff_seconds = seconds_since(start);
    start = Clock::now();
    TimelineLayout layout(draft);
    double index_seconds = seconds_since(start);
    TimelineView view;
    view.pixels_per_second = 40;
    std::vector<std::size_t> visible;
    start = Clock::now();
    const int queries = 10000;
    std::size_t listed = 0;
    for (int q = 0; q < queries; ++q) {
        view.scroll_ms = static_cast<double>((q * 7919) % 99000) * 1000.0;
        layout.track(0).visible(view.scroll_ms, view.visible_end_ms(), visible);
        listed += visible.size();
    }
    double query_seconds = seconds_since(start);
    std::printf("summary %.2f ms, diff of equal drafts %.1f ms (%zu changes), layout index %.1f ms, "
                "visible query %.2f us (%zu segments per view)\n",
                summary_seconds * 1e3, diff_seconds * 1e3, diff.list.size(), index_seconds * 1e3,
                query_seconds * 1e6 / queries, listed / queries);
    return 0;
}
