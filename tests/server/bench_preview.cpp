// Benchmark, not a test: how soon after an edit the player's preview is playable, beside the full
// export of the same draft, for a 30 s 1080p draft of 5 photos with crossfades. Prints figures.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <chrono>
#include <cstdio>
#include <thread>

#include <doctest/doctest.h>

#include "draft/edit.hpp"
#include "harness.hpp"

using namespace cw::test;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// Five distinct 1080p "photos": frames of ffmpeg's own patterns, with detail like a photograph's.
std::vector<std::pair<std::string, std::string>> make_photos(const std::string& dir) {
    const char* sources[] = {"mandelbrot=s=1920x1080", "testsrc2=s=1920x1080", "cellauto=s=1920x1080",
                             "life=s=1920x1080:mold=10:ratio=0.5", "smptehdbars=s=1920x1080"};
    std::vector<std::pair<std::string, std::string>> photos;
    for (int i = 0; i < 5; ++i) {
        const std::string name = "photo_" + std::to_string(i + 1) + ".jpg";
        ffmpeg({"-f", "lavfi", "-i", sources[i], "-frames:v", "1", "-q:v", "3", dir + "/" + name});
        photos.emplace_back(dir + "/" + name, name);
    }
    return photos;
}

}  // namespace

TEST_CASE("preview of a 30 s 1080p slideshow, beside its full export") {
    TempDir media;
    ServerProcess server;
    Api api(server.port);
    api.sign_in();
    const std::string session = api.new_session();
    api.upload_ok(session, make_photos(media.path));

    api.chat(session, "make a 30 second video from these photos with crossfades");
    const auto edited = Clock::now();
    json latest;
    while (seconds_since(edited) < 120) {
        latest = api.get("/api/preview/nemo_agent/me/" + session + "/latest").data();
        if (latest["state"] != "rendering") break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    const double preview_s = seconds_since(edited);
    REQUIRE(latest["state"] == "ready");
    const double length_s = double(cw::draft::timeline_end(api.state(session)["draft"])) / 1000.0;

    const auto exporting = Clock::now();
    const json exported = api.export_and_wait(session, {{"format", "mp4"}, {"quality", "high"}});
    const double export_s = seconds_since(exporting);
    REQUIRE(exported["status"] == "completed");
    std::printf("preview of a %.0f s draft of 5 photos with crossfades: playable %.2f s after the edit (target <= 3 s), "
                "%dx%d at %d fps; the full 1080p export of the same draft: %.2f s (preview/export ratio %.2f)\n",
                length_s, preview_s, latest["width"].get<int>(), latest["height"].get<int>(), latest["fps"].get<int>(), export_s,
                preview_s / export_s);
}
