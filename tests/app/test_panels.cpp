// The panels through their state: clicks and typing change the model, rects cover the widgets.
#include <doctest/doctest.h>

#include "ui_harness.hpp"

using cw::app::ExportFormat;
using cw::test::HeadlessStudio;

TEST_CASE("every panel's main widgets are on screen with stable ids") {
    HeadlessStudio studio;
    const auto& rects = studio.app().rects();
    for (const char* id : {"media.add", "chat.input", "chat.send", "chat.suggestion.0", "export.format.mp4",
                           "export.format.gif", "export.format.webm", "export.resolution.720",
                           "export.aspect.9:16", "export.start", "timeline.zoom_in", "timeline.canvas"}) {
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

TEST_CASE("choosing GIF shows the GIF options and hides the video ones") {
    HeadlessStudio studio;
    studio.click("export.format.gif");
    CHECK(studio.app().state().export_settings.format == ExportFormat::gif);
    CHECK(studio.app().rects().find("export.gif.fps") != nullptr);
    CHECK(studio.app().rects().find("export.resolution.1080") == nullptr);
    CHECK(studio.app().snapshot()["export"]["format"] == "gif");
}

TEST_CASE("aspect and resolution presets are remembered") {
    HeadlessStudio studio;
    studio.click("export.aspect.9:16");
    studio.click("export.resolution.720");
    CHECK(studio.app().state().export_settings.aspect == "9:16");
    CHECK(studio.app().state().export_settings.resolution == 720);
}

TEST_CASE("a suggestion fills the input and Send posts it") {
    HeadlessStudio studio;
    studio.click("chat.suggestion.1");
    CHECK(studio.app().state().chat_input == cw::app::suggested_requests()[1]);
    studio.click("chat.send");
    REQUIRE(studio.app().state().messages.size() == 1);
    CHECK(studio.app().state().messages[0].text == cw::app::suggested_requests()[1]);
    CHECK(studio.app().state().chat_input.empty());
}

TEST_CASE("typing and Enter sends; blank input sends nothing") {
    HeadlessStudio studio;
    studio.click("chat.send");
    CHECK(studio.app().state().messages.empty());
    studio.click("chat.input");
    studio.type("make it 9:16");
    CHECK(studio.app().state().chat_input == "make it 9:16");
    studio.press_enter();
    REQUIRE(studio.app().state().messages.size() == 1);
    CHECK(studio.app().state().messages[0].text == "make it 9:16");
}

TEST_CASE("zoom buttons change the timeline scale within bounds") {
    HeadlessStudio studio;
    const double start = studio.app().state().timeline.pixels_per_second;
    studio.click("timeline.zoom_in");
    CHECK(studio.app().state().timeline.pixels_per_second == doctest::Approx(start * 1.5));
    for (int i = 0; i < 30; ++i) studio.click("timeline.zoom_out");
    CHECK(studio.app().state().timeline.pixels_per_second >= 2.0);
}
