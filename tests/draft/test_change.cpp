// The one change description, in English and Chinese: what the server's replies say and what the
// app says after a turn that ended without text.
#include <doctest/doctest.h>

#include "draft/change.hpp"
#include "sample_drafts.hpp"

using namespace cw::draft;

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

std::string en(const json& before, const json& after) { return describe_change(parse_draft(before), parse_draft(after), Language::en); }
std::string zh(const json& before, const json& after) { return describe_change(parse_draft(before), parse_draft(after), Language::zh); }

}  // namespace

TEST_CASE("added title with its time window") {
    CHECK(contains(en(draft_with({video_track()}), draft_with({video_track(), title_track(96)})), "added title “Urban Dreams” 0–3 s"));
    CHECK(contains(zh(draft_with({video_track()}), draft_with({video_track(), title_track(96)})), "添加标题“Urban Dreams”（0–3秒）"));
}

TEST_CASE("music volume and title size") {
    json before = draft_with({video_track(), music_track(0.8), title_track(96)});
    json after = draft_with({video_track(), music_track(0.35), title_track(125)});
    CHECK(contains(en(before, after), "music volume 35%"));
    CHECK(contains(en(before, after), "bigger “Urban Dreams” (125 px)"));
    CHECK(contains(zh(before, after), "音乐音量35%"));
}

TEST_CASE("music added and removed, clips added, length changed") {
    json before = draft_with({video_track()});
    json after = draft_with({video_track(), music_track(0.8)});
    CHECK(contains(en(before, after), "added music “Lo-fi” (80%)"));
    CHECK(contains(en(after, before), "removed music “Lo-fi”"));
    json longer = after;
    longer["t"][0]["sg"].push_back({{"id", "v2"}, {"st", 5000}, {"d", 3000}, {"m", {{"src", "p1"}}}});
    CHECK(contains(en(after, longer), "added 1 clip"));
    CHECK(contains(en(after, longer), "video length 5 s → 8 s"));
}

TEST_CASE("identical drafts and odd drafts") {
    CHECK(en(draft_with({video_track()}), draft_with({video_track()})) == "no changes");
    CHECK(zh(json::object(), json::object()) == "时间线没有变化");
    CHECK_NOTHROW(en(json::array({1, 2}), {{"t", 5}}));
    CHECK_NOTHROW(en({{"t", json::array({nullptr, {{"tt", 0}, {"sg", 3}}})}}, json::object()));
    Draft draft = parse_draft(cw::test::urban_dreams_draft());
    CHECK(describe_changes(draft, draft, Language::en).empty());
    CHECK(joined(describe_changes(draft, draft, Language::en), Language::en).empty());
}

TEST_CASE("the contract's example: title added and music volume changed") {
    json before = cw::test::urban_dreams_draft();
    before["t"].erase(2);
    before["t"][1]["sg"][0]["m"]["volume"] = 0.8;
    Changes changes = describe_changes(parse_draft(before), parse_draft(cw::test::urban_dreams_draft()), Language::en);
    CHECK(joined(changes, Language::en) == "music volume 35%; added title “Urban Dreams” 0–3 s");
}

TEST_CASE("replaced media, retimed text, speed, transitions, effects and unknown changes") {
    json before = cw::test::urban_dreams_draft();
    json after = before;
    after["t"][0]["sg"][0]["m"]["speed"] = 2;
    after["t"][0]["sg"][0]["m"]["effect"] = "kenburns";
    after["t"][2]["sg"][0]["m"]["text"] = "City Nights";
    after["t"][2]["sg"][0]["d"] = 4000;
    after["t"][1]["sg"][0]["m"]["mystery"] = 1;
    std::string text = en(before, after);
    CHECK(contains(text, "“city timelapse” speed 2×"));
    CHECK(contains(text, "“city timelapse” effect kenburns"));
    CHECK(contains(text, "text “Urban Dreams” → “City Nights”"));
    CHECK(contains(text, "“City Nights” now 0–4 s"));
    CHECK(contains(text, "“Lo-fi” changed"));
    json replaced = before;
    replaced["t"][0]["sg"][0]["m"]["src"] = "media_9";
    replaced["t"][0]["sg"][0]["m"]["name"] = "beach.mp4";
    CHECK(contains(en(before, replaced), "“city timelapse” replaced with “beach”"));
    CHECK(contains(zh(before, replaced), "“city timelapse”换成了“beach”"));
    json faded = before;
    faded["t"][0]["sg"].push_back({{"id", "v2"}, {"st", 9000}, {"d", 2000}, {"m", {{"src", "m3"}}}});
    json crossfaded = faded;
    crossfaded["t"][0]["sg"][1]["m"]["transition"] = {{"type", "crossfade"}, {"d", 1000}};
    CHECK(contains(en(faded, crossfaded), "crossfade transitions"));
    CHECK(contains(en(crossfaded, faded), "removed transitions"));
}

TEST_CASE("segments without ids are matched by position; removals and reordering") {
    json before = json::parse(R"({"t":[{"tt":0,"sg":[{"d":1000,"m":{"name":"a"}},{"d":1000,"m":{"name":"b"}}]}]})");
    json after = before;
    after["t"][0]["sg"][1]["m"]["speed"] = 0.5;
    CHECK(en(before, after) == "“b” speed 0.5×");
    json removed = before;
    removed["t"][0]["sg"].erase(1);
    CHECK(contains(en(before, removed), "removed 1 clip"));
    json ids = json::parse(R"({"t":[{"tt":0,"sg":[{"id":"a","st":0,"d":1000},{"id":"b","st":1000,"d":1000}]}]})");
    json swapped = json::parse(R"({"t":[{"tt":0,"sg":[{"id":"b","st":0,"d":1000},{"id":"a","st":1000,"d":1000}]}]})");
    CHECK(contains(en(ids, swapped), "reordered the clips"));
    CHECK(contains(zh(ids, swapped), "调整了片段顺序"));
}

TEST_CASE("a silent canvas-only edit is named, in both languages") {
    json draft = cw::test::urban_dreams_draft();
    Draft wide = parse_draft(draft, {{"width", 1920}, {"height", 1080}, {"fps", 30}});
    Draft tall = parse_draft(draft, {{"width", 1080}, {"height", 1920}, {"fps", 30}});
    Changes changes = describe_changes(wide, tall, Language::en);
    CHECK(changes.has(ChangeKind::canvas));
    CHECK(joined(changes, Language::en) == "aspect ratio 16:9 → 9:16 (1080×1920)");
    CHECK(joined(describe_changes(wide, tall, Language::zh), Language::zh) == "画面比例16:9 → 9:16（1080×1920）");
    Draft smaller = parse_draft(draft, {{"width", 1280}, {"height", 720}, {"fps", 24}});
    CHECK(joined(describe_changes(wide, smaller, Language::en), Language::en) == "size 1920×1080 → 1280×720; frame rate 24 fps");
}

TEST_CASE("draft-level settings: fit, the agent's export settings, and other keys") {
    json before = cw::test::urban_dreams_draft();
    json after = before;
    after["m"] = {{"fit", "crop"}, {"export", {{"format", "gif"}, {"width", 480}, {"fps", 12}}}};
    CHECK(en(before, after) == "fit: crop; export as gif (480 px wide, 12 fps)");
    CHECK(zh(before, after) == "适配方式：crop；导出为gif（480像素宽，12帧/秒）");
    json other = before;
    other["m"] = {{"look", "warm"}};
    CHECK(en(before, other) == "draft settings changed");
    CHECK(en(after, before) == "export settings cleared");
}

TEST_CASE("long lists are capped with a count of the rest, in linear time") {
    Draft empty = parse_draft(json::object());
    json many_texts = {{"t", json::array({{{"tt", 7}, {"sg", json::array()}}})}};
    for (int i = 0; i < 100000; ++i) many_texts["t"][0]["sg"].push_back({{"id", "x" + std::to_string(i)}, {"d", 1000}, {"m", {{"text", "hi"}}}});
    Changes changes = describe_changes(empty, parse_draft(many_texts), Language::en, 5);
    CHECK(changes.list.size() == 5);
    CHECK(changes.omitted == 99995);
    CHECK(contains(joined(changes, Language::en), "and 99995 more changes"));
    CHECK(contains(joined(changes, Language::zh), "另有99995处更改"));
    Changes clips = describe_changes(empty, parse_draft(cw::test::long_draft(100000)), Language::en);
    CHECK(joined(clips, Language::en) == "added 100000 clips; video length 0 s → 100000 s");
}
