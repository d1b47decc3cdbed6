// The player's preview, an extension of the local backend: a small, fast render of the current draft
// version that follows every edit, is free, is not an export, and is found again after an undo; and
// the pictures the timeline draws along its lanes.
#include <chrono>
#include <thread>

#include <doctest/doctest.h>

#include "harness.hpp"

using namespace cw::test;

namespace {

std::string preview_path(const std::string& session) { return "/api/preview/nemo_agent/me/" + session + "/latest"; }

// Asks for the latest preview until it is ready or failed; the first answer comes back at once.
json wait_for_preview(Api& api, const std::string& session, int timeout_s = 60) {
    json latest;
    for (int i = 0; i < timeout_s * 10; ++i) {
        const Reply reply = api.get(preview_path(session));
        REQUIRE(reply.code() == 0);
        latest = reply.data();
        if (latest["state"] != "rendering") break;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return latest;
}

struct Studio {
    Studio() : api(server.port) {
        api.sign_in();
        session = api.new_session();
        api.upload_ok(session, {{make_clip(media.path, "clip.mp4", 4, 1280, 720), "clip.mp4"}});
    }
    TempDir media;
    ServerProcess server;
    Api api;
    std::string session;
};

}  // namespace

TEST_SUITE("preview") {

TEST_CASE("an empty draft has no preview; another user's session is not found") {
    Studio studio;
    const Reply empty = studio.api.get(preview_path(studio.session));
    REQUIRE(empty.code() == 0);
    CHECK(empty.data()["state"] == "empty");
    Api stranger(studio.server.port);
    stranger.sign_in();
    CHECK(stranger.get(preview_path(studio.session)).code() == 1002);
    CHECK(fetch_plain("http://127.0.0.1:" + std::to_string(studio.server.port) + "/preview/" + std::string(32, 'a') + ".mp4")
              .status == 404);
}

TEST_CASE("each edit gets a small H.264 preview of its version, free and never an export") {
    Studio studio;
    studio.api.chat(studio.session, "add a title 'Preview me'");
    const int64_t credits = studio.api.get("/api/credits/balance/simple").data()["available"];
    const json first = wait_for_preview(studio.api, studio.session);
    REQUIRE(first["state"] == "ready");
    CHECK(first["width"] == 640);
    CHECK(first["height"] == 360);
    CHECK(first["fps"] == 15);

    TempDir out;
    const Reply file = fetch_plain(first["url"], out.path + "/preview.mp4");
    CHECK(file.status == 200);
    CHECK(file.content_type == "video/mp4");
    const json info = ffprobe(out.path + "/preview.mp4");
    REQUIRE(info.is_object());
    CHECK(info["streams"][0]["codec_name"] == "h264");
    CHECK(info["streams"][0]["width"] == 640);
    CHECK(probe_duration_s(info) == doctest::Approx(4.0).epsilon(0.1));

    CHECK(studio.api.get("/api/credits/balance/simple").data()["available"] == credits);
    CHECK(studio.api.state(studio.session)["generated_media"].empty());

    // The next edit is a new version with its own preview; undo finds the first one again at once.
    studio.api.chat(studio.session, "trim it to 2 seconds");
    const json second = wait_for_preview(studio.api, studio.session);
    REQUIRE(second["state"] == "ready");
    CHECK(second["version"] != first["version"]);
    CHECK(second["url"] != first["url"]);
    fetch_plain(second["url"], out.path + "/second.mp4");
    CHECK(probe_duration_s(ffprobe(out.path + "/second.mp4")) == doctest::Approx(2.0).epsilon(0.15));
    studio.api.chat(studio.session, "undo");
    const Reply undone = studio.api.get(preview_path(studio.session));
    CHECK(undone.data()["state"] == "ready");
    CHECK(undone.data()["url"] == first["url"]);
}

TEST_CASE("a newer version replaces an older one's render") {
    Studio studio;
    studio.api.chat(studio.session, "add a title 'One'");
    CHECK(studio.api.get(preview_path(studio.session)).data()["state"] == "rendering");
    studio.api.chat(studio.session, "add a title 'Two'");
    const json latest = wait_for_preview(studio.api, studio.session);
    REQUIRE(latest["state"] == "ready");
    CHECK(latest["version"] == studio.api.get("/api/state/nemo_agent/me/" + studio.session + "/latest").data()["version"]);
}

TEST_CASE("the timeline's pictures: a video's filmstrip and its sound's waveform; a photo has neither") {
    Studio studio;
    studio.api.upload_ok(studio.session, {{make_image(studio.media.path, "still.png", 640, 480, "red"), "still.png"}});
    const json media = studio.api.state(studio.session)["video_infos"];
    REQUIRE(media.size() == 2);
    TempDir out;
    for (const json& item : media) {
        const std::string url = item["url"];
        const std::string base = url.substr(0, url.rfind('.'));
        const bool video = item["type"] == "video";
        CAPTURE(url);
        const Reply frames = fetch_plain(base + "/frames.jpg", out.path + "/frames.jpg");
        const Reply wave = fetch_plain(base + "/wave.png", out.path + "/wave.png");
        CHECK(frames.status == (video ? 200 : 404));
        CHECK(wave.status == (video ? 200 : 404));
        if (!video) continue;
        CHECK(frames.content_type == "image/jpeg");
        CHECK(wave.content_type == "image/png");
        const json strip = ffprobe(out.path + "/frames.jpg")["streams"][0];
        CHECK(strip["height"] == 90);
        CHECK(strip["width"] == 10 * 160);  // ten 16:9 frames side by side
        const json waveform = ffprobe(out.path + "/wave.png")["streams"][0];
        CHECK(waveform["width"] == 1200);
    }
}

}
