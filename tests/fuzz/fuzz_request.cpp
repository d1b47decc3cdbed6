// libFuzzer target: any bytes as what a client sends the server — a multipart file name, a request
// body (chat or export), an export's "output" and "draft". The readers must refuse or clean, never
// crash; a draft that passes the export limits must become an ffmpeg command the kernel accepts.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "api_error.hpp"
#include "render_graph.hpp"
#include "renderer.hpp"
#include "text_overlay.hpp"
#include "draft/edit.hpp"
#include "util.hpp"
#include "views.hpp"

namespace {

using nlohmann::json;
using namespace cw::server;
using namespace cw::draft;

void check(bool ok) {
    if (!ok) std::abort();
}

void check_display_name(const std::string& raw) {
    const std::string name = clean_display_name(raw);
    check(!name.empty() && name.size() <= 200 && name.find_first_of("/\\") == std::string::npos);
    for (unsigned char c : name) check(c >= 0x20 && c != 0x7f);
    json(name).dump();  // throws on invalid UTF-8
}

void check_output(const json& output) {
    try {
        const ExportOptions options = ExportOptions::from_json(output);
        check(options.format == "mp4" || options.format == "gif" || options.format == "webm");
    } catch (const std::invalid_argument&) {
    }
}

std::map<std::string, MediaInfo> project_media() {
    return {{"c1", {"c1", "clip.mp4", "video", "/nonexistent/c1.mp4", "", 1000, 4000, 320, 240, true}},
            {"p1", {"p1", "photo.png", "image", "/nonexistent/p1.png", "", 1000, 0, 640, 480, false}},
            {"s1", {"s1", "song.mp3", "audio", "/nonexistent/s1.mp3", "", 1000, 9000, 0, 0, false}}};
}

// What the export path does with a draft, short of running ffmpeg; within the export limits the
// command must fit the kernel's 128 KB per-argument limit.
void check_draft(const json& raw, const json& output) {
    const json draft = normalized(raw);
    json laid_out = draft;
    for (json& track : tracks_of(laid_out)) relayout_sequence(track);
    cut_timeline(laid_out, 500, 4000);
    json gapped = draft;
    remove_range(gapped, 500, 4000);
    next_segment_id(draft, "s");
    text_overlay_script(draft, 1920, 1080);
    const int64_t length = timeline_end(draft);
    if (segment_count(draft) > kMaxExportSegments || length <= 0 || length > 3600 * 1000) return;
    RenderJob job;
    job.draft = draft;
    job.canvas = {{"width", 1920}, {"height", 1080}, {"fps", 30}};
    job.media = project_media();
    try {
        job.options = ExportOptions::from_json(output);
        const FfmpegPlan plan = build_ffmpeg_plan(job, resolve_output_spec(job), "/nonexistent/out.mp4");
        for (const std::string& arg : plan.argv) check(arg.size() < 128 * 1024);
    } catch (const std::invalid_argument&) {
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    check_display_name(text);
    json body;
    try {
        body = parse_request_body(text);
    } catch (const ApiError& e) {
        check(e.code == codes::bad_request);
        return 0;
    }
    request_message(body);
    const json output = body.value("output", json());
    check_output(output);
    check_draft(body.value("draft", body), output.is_object() ? output : json::object());
    return 0;
}
