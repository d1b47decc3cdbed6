// libFuzzer target: any text as a chat instruction. The parser must return well-formed intents, and
// the planner must turn them into a draft and a reply that are valid JSON (valid UTF-8 when the
// message was), on a small project with a clip, a photo and a song.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "agent.hpp"
#include "intent.hpp"

namespace {

using nlohmann::json;
using namespace cw::server;

bool valid_utf8(const std::string& text) {
    try {
        json(text).dump();
        return true;
    } catch (const json::type_error&) {
        return false;
    }
}

std::vector<MediaInfo> project_media() {
    MediaInfo clip{"c1", "clip.mp4", "video", "/nonexistent/c1.mp4", "/media/c1.mp4", 1000, 4000, 320, 240, true};
    MediaInfo photo{"p1", "photo.png", "image", "/nonexistent/p1.png", "/media/p1.png", 1000, 0, 640, 480, false};
    MediaInfo song{"s1", "song.mp3", "audio", "/nonexistent/s1.mp3", "/media/s1.mp3", 1000, 9000, 0, 0, false};
    return {clip, photo, song};
}

void check(bool ok) {
    if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string message(reinterpret_cast<const char*>(data), size);
    const bool utf8 = valid_utf8(message);
    for (const Intent& intent : parse_instruction(message)) {
        check(!intent.name.empty() && intent.args.is_object());
        if (utf8) intent.args.dump();  // throws (and so fails) on invalid UTF-8 made from valid input
    }
    static const auto planner = make_rule_planner();
    AgentInput input;
    input.draft = {{"t", json::array()}, {"m", json::object()}};
    input.canvas = {{"width", 1920}, {"height", 1080}, {"fps", 30}};
    input.media = project_media();
    input.message = message;
    input.language = "en";
    for (int turn = 0; turn < 2; ++turn) {  // the second turn edits the first one's timeline
        const AgentResult result = planner->plan(input);
        check(result.draft.is_object() && result.canvas.is_object());
        if (utf8) result.draft.dump(), json(result.reply).dump();
        input.draft = result.draft;
        input.canvas = result.canvas;
    }
    return 0;
}
