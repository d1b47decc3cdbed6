// The panels through their state: clicks and typing change the UI state and reach the core; rects
// cover the widgets.
#include <doctest/doctest.h>

#include "ui_harness.hpp"

using cw::app::ExportFormat;
using cw::test::HeadlessStudio;
using cw::test::ServerProcess;

TEST_CASE("every panel's main widgets are on screen with stable ids") {
    ServerProcess server;
    HeadlessStudio studio(server);
    const auto& rects = studio.app().rects();
    for (const char* id : {"media.add", "chat.input", "chat.send", "chat.suggestion.0", "export.format.mp4",
                           "export.format.gif", "export.format.webm", "export.resolution.720",
                           "export.aspect.9:16", "export.aspect.auto", "export.start", "timeline.zoom_in",
                           "timeline.fit", "timeline.canvas", "status.connection", "status.credits"}) {
        CAPTURE(id);
        const cw::app::Rect* r = rects.find(id);
        REQUIRE(r != nullptr);
        CHECK(r->w > 0);
        CHECK(r->h > 0);
    }
    const auto snapshot = studio.app().snapshot();
    CHECK(snapshot["panels"]["chat"][2].get<float>() > 300);
    CHECK(snapshot["frames"].get<int>() >= 1);
}

TEST_CASE("a model change is reported as not on screen until a frame draws it") {
    ServerProcess server;
    HeadlessStudio studio(server);
    studio.wait_online();
    studio.frame();
    CHECK(studio.app().snapshot()["on_screen"] == true);
    studio.app().load_fixture({{"messages", {{{"role", "agent"}, {"text", "hello"}}}}});
    CHECK(studio.app().snapshot()["on_screen"] == false);
    CHECK(studio.app().rects().find("chat.message.0") == nullptr);
    studio.frame();
    CHECK(studio.app().snapshot()["on_screen"] == true);
    CHECK(studio.app().rects().find("chat.message.0") != nullptr);
}

TEST_CASE("the first connection happens by itself and shows credits and the session") {
    ServerProcess server;
    HeadlessStudio studio(server);
    studio.wait_online();
    studio.run_until([&] { return studio.app().model().credits.known; }, 10, "credits");
    CHECK(studio.app().model().credits.available == doctest::Approx(100));
    CHECK_FALSE(studio.app().model().session_id.empty());
}

TEST_CASE("choosing GIF shows the GIF options and hides the video ones") {
    ServerProcess server;
    HeadlessStudio studio(server);
    studio.click("export.format.gif");
    CHECK(studio.app().ui().export_settings.format == ExportFormat::gif);
    CHECK(studio.app().rects().find("export.gif.fps") != nullptr);
    CHECK(studio.app().rects().find("export.resolution.1080") == nullptr);
    CHECK(studio.app().snapshot()["ui"]["export"]["format"] == "gif");
}

TEST_CASE("GIF options, dither included, go into the export request") {
    ServerProcess server;
    HeadlessStudio studio(server);
    studio.click("export.format.gif");
    studio.click("export.gif.dither.bayer");
    const auto options = cw::app::export_options(studio.app().ui().export_settings, studio.app().model().canvas);
    CHECK(options.format == "gif");
    CHECK(options.dither == "bayer");
    CHECK(options.width == 480);
    CHECK(options.fps == 12);
    CHECK(options.max_bytes == 0);
}

TEST_CASE("export presets become the export request's size") {
    ServerProcess server;
    HeadlessStudio studio(server);
    studio.click("export.aspect.9:16");
    studio.click("export.resolution.720");
    const auto options = cw::app::export_options(studio.app().ui().export_settings, studio.app().model().canvas);
    CHECK(options.format == "mp4");
    CHECK(options.width == 720);
    CHECK(options.height == 1280);
    const auto square = cw::app::export_options({ExportFormat::mp4, 1080, "1:1"}, {});
    CHECK(square.width == 1080);
    CHECK(square.height == 1080);
    const auto from_canvas =
        cw::app::export_options({ExportFormat::mp4, 1080, "auto"}, {{"width", 1080}, {"height", 1350}});
    CHECK(from_canvas.width == 1080);
    CHECK(from_canvas.height == 1350);
}

TEST_CASE("export choices and zoom survive a reload through storage") {
    ServerProcess server;
    cw::core::MemoryStorage storage;
    {
        HeadlessStudio studio(server, {}, &storage);
        studio.click("export.format.gif");
        studio.click("timeline.zoom_in");
    }
    HeadlessStudio reloaded(server, {}, &storage);
    CHECK(reloaded.app().ui().export_settings.format == ExportFormat::gif);
    CHECK(reloaded.app().ui().timeline.pixels_per_second == doctest::Approx(60.0));
}

TEST_CASE("a suggestion fills the input and Send posts it to the agent") {
    ServerProcess server;
    HeadlessStudio studio(server);
    studio.wait_online();
    studio.click("chat.suggestion.1");
    CHECK(studio.app().ui().chat_input == cw::app::suggested_requests()[1]);
    studio.click("chat.send");
    CHECK(studio.app().ui().chat_input.empty());
    REQUIRE_FALSE(studio.app().model().messages.empty());
    CHECK(studio.app().model().messages[0].role == "user");
    CHECK(studio.app().model().messages[0].text == cw::app::suggested_requests()[1]);
    studio.run_until([&] { return !studio.app().model().turn_active && studio.app().model().messages.size() >= 2; },
                     20, "the agent's answer");
}

TEST_CASE("typing and Enter sends; blank input sends nothing") {
    ServerProcess server;
    HeadlessStudio studio(server);
    studio.wait_online();
    studio.click("chat.send");
    CHECK(studio.app().model().messages.empty());
    studio.click("chat.input");
    studio.type("credits");
    CHECK(studio.app().ui().chat_input == "credits");
    studio.press_enter();
    CHECK(studio.app().ui().chat_input.empty());
    REQUIRE_FALSE(studio.app().model().messages.empty());
    CHECK(studio.app().model().messages[0].text == "credits");
}

TEST_CASE("zoom buttons change the timeline scale") {
    ServerProcess server;
    HeadlessStudio studio(server);
    const double start = studio.app().ui().timeline.pixels_per_second;
    studio.click("timeline.zoom_in");
    CHECK(studio.app().ui().timeline.pixels_per_second == doctest::Approx(start * 1.5));
    studio.click("timeline.zoom_out");
    studio.click("timeline.zoom_out");
    CHECK(studio.app().ui().timeline.pixels_per_second == doctest::Approx(start / 1.5));
}
