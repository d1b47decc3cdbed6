// Editor talk in replies becomes this app's actions.
#include <doctest/doctest.h>

#include "core/gui_talk.hpp"

using namespace cw::core;

TEST_CASE("click Export becomes the export action") {
    TranslatedReply reply = translate_gui_talk("Done! Click Export to download your GIF.");
    CHECK(reply.text == "Done! Use Export below to download your GIF.");
    REQUIRE(reply.actions.size() == 1);
    CHECK(reply.actions[0] == AppAction::export_video);
}

TEST_CASE("each instruction maps to its action, once, in order") {
    TranslatedReply reply = translate_gui_talk(
        "Preview in timeline, then open the panel to check. You can drag the clip to reorder, then click export. Click Export again.");
    CHECK(reply.actions == std::vector<AppAction>{AppAction::show_timeline, AppAction::show_state, AppAction::edit_via_chat,
                                                  AppAction::export_video});
    CHECK(reply.text.find("drag the clip") == std::string::npos);
    CHECK(reply.text.find("tell me where the clip should go") != std::string::npos);
}

TEST_CASE("Chinese instructions") {
    TranslatedReply reply = translate_gui_talk("完成了，点击导出即可下载。");
    CHECK(reply.text == "完成了，点下方的导出即可下载。");
    CHECK(reply.actions == std::vector<AppAction>{AppAction::export_video});
    CHECK(translate_gui_talk("可以导出了").actions == std::vector<AppAction>{AppAction::export_video});
}

TEST_CASE("plain replies and partial words are left alone") {
    TranslatedReply reply = translate_gui_talk("I exported nothing; the clicker exporting tool is fine.");
    CHECK(reply.text == "I exported nothing; the clicker exporting tool is fine.");
    CHECK(reply.actions.empty());
}
