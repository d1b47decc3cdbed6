// The contract's workflows end to end over HTTP: the three quick edits, a batch session and an
// iterative session, each checked by reading the rendered file with ffprobe.
#include <fstream>
#include <iterator>

#include <doctest/doctest.h>

#include "harness.hpp"

using namespace cw::test;

namespace {

int64_t timeline_end_ms(const json& draft) {
    int64_t end = 0;
    for (const json& track : draft["t"]) {
        for (const json& s : track["sg"]) end = std::max<int64_t>(end, s["st"].get<int64_t>() + s["d"].get<int64_t>());
    }
    return end;
}

bool has_stream(const json& info, const std::string& kind) {
    for (const json& s : info["streams"]) {
        if (s["codec_type"] == kind) return true;
    }
    return false;
}

const json& video_stream(const json& info) {
    for (const json& s : info["streams"]) {
        if (s["codec_type"] == "video") return s;
    }
    return info;
}

std::string download(const json& status, const TempDir& dir, const std::string& name) {
    REQUIRE_MESSAGE(status["status"] == "completed", status.dump());
    const std::string path = dir.path + "/" + name;
    REQUIRE(fetch_plain(status["output"]["url"], path).status == 200);
    return path;
}

struct Session {
    Session() : api(server.port) {
        api.sign_in();
        id = api.new_session();
    }
    TempDir media;
    TempDir out;
    ServerProcess server{{"--render-workers", "2"}};
    Api api;
    std::string id;
};

}  // namespace

TEST_SUITE("workflows") {

TEST_CASE("clip -> looping GIF with optimised colours") {
    Session s;
    s.api.upload_ok(s.id, {{make_clip(s.media.path, "clip.mp4", 3, 320, 240), "clip.mp4"}});
    const SseResult turn = s.api.chat(s.id, "convert this clip into a looping GIF with auto-optimized colors");
    CHECK(turn.status == 200);
    const json status = s.api.export_and_wait(s.id, {{"format", "gif"}});
    const std::string gif = download(status, s.out, "loop.gif");
    const json info = ffprobe(gif);
    REQUIRE(info.is_object());
    CHECK(info["format"]["format_name"] == "gif");
    CHECK(std::abs(probe_duration_s(info) - 3.0) < 0.5);
    std::ifstream in(gif, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(bytes.find("NETSCAPE2.0") != std::string::npos);  // the looping extension
}

TEST_CASE("three images -> smooth animated 1080p MP4 with transitions, of the timeline's duration") {
    Session s;
    s.api.upload_ok(s.id, {{make_image(s.media.path, "1.png", 800, 600, "red"), "one.png"},
                           {make_image(s.media.path, "2.jpg", 600, 800, "green"), "two.jpg"},
                           {make_image(s.media.path, "3.png", 1024, 768, "blue"), "three.png"}});
    s.api.chat(s.id, "turn these images into a smooth animated video with transitions");
    const json draft = s.api.state(s.id)["draft"];
    const int64_t expected_ms = timeline_end_ms(draft);
    REQUIRE(expected_ms > 0);
    const std::string mp4 = download(s.api.export_and_wait(s.id, {{"format", "mp4"}}), s.out, "slides.mp4");
    const json info = ffprobe(mp4);
    REQUIRE(info.is_object());
    CHECK(video_stream(info)["codec_name"] == "h264");
    CHECK(video_stream(info)["width"] == 1920);
    CHECK(video_stream(info)["height"] == 1080);
    CHECK(std::abs(probe_duration_s(info) * 1000 - double(expected_ms)) < 250);
}

TEST_CASE("five images + music -> 30-second promo with an audio stream") {
    Session s;
    std::vector<std::pair<std::string, std::string>> files;
    const char* colors[] = {"red", "orange", "yellow", "green", "blue"};
    for (int i = 0; i < 5; ++i) {
        files.push_back({make_image(s.media.path, std::to_string(i) + ".jpg", 640, 480, colors[i]),
                         "product" + std::to_string(i) + ".jpg"});
    }
    files.push_back({make_tone(s.media.path, "music.mp3", 40), "music.mp3"});
    s.api.upload_ok(s.id, files);
    s.api.chat(s.id, "turn these images into a 30-second promo video with background music");
    CHECK(timeline_end_ms(s.api.state(s.id)["draft"]) == 30000);
    // A smaller frame keeps the test quick; the 1080p default is covered above.
    const std::string mp4 = download(s.api.export_and_wait(s.id, {{"format", "mp4"}, {"width", 640}}), s.out, "promo.mp4");
    const json info = ffprobe(mp4);
    REQUIRE(info.is_object());
    CHECK(std::abs(probe_duration_s(info) - 30.0) < 0.3);
    CHECK(has_stream(info, "video"));
    CHECK(has_stream(info, "audio"));
}

TEST_CASE("batch: several files in one session, each with its own instruction and render") {
    Session s;
    s.api.upload_ok(s.id, {{make_clip(s.media.path, "a.mp4", 2, 320, 240), "first.mp4"}});
    s.api.chat(s.id, "convert this clip into a looping GIF with auto-optimized colors");
    const json first = s.api.export_and_wait(s.id, {{"format", "gif"}, {"width", 160}});
    download(first, s.out, "first.gif");

    s.api.upload_ok(s.id, {{make_image(s.media.path, "b.png", 640, 480, "purple"), "second.png"}});
    s.api.chat(s.id, "add a title 'Second' for the first 2 seconds");
    const json second = s.api.export_and_wait(s.id, {{"format", "mp4"}, {"width", 320}});
    const json info = ffprobe(download(second, s.out, "second.mp4"));
    REQUIRE(info.is_object());
    CHECK(has_stream(info, "video"));

    const json state = s.api.state(s.id);
    CHECK(state["video_infos"].size() == 2);
    CHECK(state["generated_media"].size() == 2);
}

TEST_CASE("iterative: rough cut, refine, the session keeps the timeline") {
    Session s;
    s.api.upload_ok(s.id, {{make_image(s.media.path, "1.png", 640, 480, "red"), "one.png"},
                           {make_image(s.media.path, "2.png", 640, 480, "blue"), "two.png"}});
    s.api.chat(s.id, "turn these images into a smooth animated video with transitions");
    const json rough = s.api.state(s.id);
    REQUIRE(!rough["draft"]["t"].empty());

    s.api.chat(s.id, "make it 9:16");
    const json portrait = s.api.state(s.id);
    CHECK(portrait["canvas_config"]["height"].get<int>() > portrait["canvas_config"]["width"].get<int>());

    s.api.chat(s.id, "add a title 'Final cut'");
    const json refined = s.api.state(s.id);
    CHECK(refined["draft"]["t"].size() > rough["draft"]["t"].size());

    const json info = ffprobe(download(s.api.export_and_wait(s.id, {{"format", "mp4"}, {"height", 640}}), s.out, "final.mp4"));
    REQUIRE(info.is_object());
    CHECK(video_stream(info)["height"].get<int>() > video_stream(info)["width"].get<int>());
}

}
