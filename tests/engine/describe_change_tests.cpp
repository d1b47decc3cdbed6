// describe_change tests: plain-words differences between two drafts, in English and Chinese.
#include <doctest/doctest.h>

#include "agent.hpp"

namespace cw::server {

using nlohmann::json;

namespace {

json draft_with(json tracks) { return {{"t", tracks}, {"m", json::object()}}; }

json video_track() {
    return {{"tt", 0}, {"sg", json::array({{{"id", "v1"}, {"st", 0}, {"d", 5000}, {"m", {{"src", "c1"}, {"name", "city"}}}}})}};
}

json music_track(double volume) {
    return {{"tt", 1}, {"sg", json::array({{{"id", "a1"}, {"st", 0}, {"d", 5000}, {"m", {{"src", "builtin:music"}, {"name", "Lo-fi"}, {"volume", volume}}}}})}};
}

json title_track(int size) {
    return {{"tt", 7}, {"sg", json::array({{{"id", "t1"}, {"st", 0}, {"d", 3000},
                                            {"m", {{"text", "Urban Dreams"}, {"name", "Title"}, {"size", size}}}}})}};
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_SUITE("describe") {
    TEST_CASE("added title with its time window") {
        std::string text = describe_change(draft_with({video_track()}), draft_with({video_track(), title_track(96)}), "en");
        CHECK(contains(text, "added title “Urban Dreams” 0–3 s"));
        std::string zh = describe_change(draft_with({video_track()}), draft_with({video_track(), title_track(96)}), "zh");
        CHECK(contains(zh, "添加标题“Urban Dreams”（0–3秒）"));
    }

    TEST_CASE("music volume and title size") {
        json before = draft_with({video_track(), music_track(0.8), title_track(96)});
        json after = draft_with({video_track(), music_track(0.35), title_track(125)});
        std::string text = describe_change(before, after, "en");
        CHECK(contains(text, "music volume 35%"));
        CHECK(contains(text, "bigger “Urban Dreams” (125 px)"));
        CHECK(contains(describe_change(before, after, "zh"), "音乐音量35%"));
    }

    TEST_CASE("music added and removed, clips added, length changed") {
        json before = draft_with({video_track()});
        json after = draft_with({video_track(), music_track(0.8)});
        CHECK(contains(describe_change(before, after, "en"), "added music “Lo-fi” (80%)"));
        CHECK(contains(describe_change(after, before, "en"), "removed music “Lo-fi”"));
        json longer = after;
        longer["t"][0]["sg"].push_back({{"id", "v2"}, {"st", 5000}, {"d", 3000}, {"m", {{"src", "p1"}}}});
        std::string text = describe_change(after, longer, "en");
        CHECK(contains(text, "added 1 clip"));
        CHECK(contains(text, "video length 5 s → 8 s"));
    }

    TEST_CASE("identical drafts and odd drafts") {
        CHECK(describe_change(draft_with({video_track()}), draft_with({video_track()}), "en") == "no changes");
        CHECK(describe_change(json::object(), json::object(), "zh") == "时间线没有变化");
        CHECK_NOTHROW(describe_change(json::array({1, 2}), {{"t", 5}}, "en"));
        CHECK_NOTHROW(describe_change({{"t", json::array({nullptr, {{"tt", 0}, {"sg", 3}}})}}, json::object(), "en"));
    }
}

}  // namespace cw::server
