// Planner tests: English and Chinese instructions → drafts, replies, history ops; help; determinism.
#include <doctest/doctest.h>

#include "agent.hpp"
#include "intent.hpp"
#include "draft/edit.hpp"
#include "draft/text.hpp"

namespace cw::server {

using namespace cw::draft;
using nlohmann::json;

namespace {

MediaInfo media(const std::string& id, const std::string& type, int width, int height, int64_t duration_ms,
                bool has_audio = false) {
    MediaInfo info;
    info.id = id;
    info.name = id + (type == "image" ? ".jpg" : type == "audio" ? ".mp3" : ".mp4");
    info.type = type;
    info.path = "/data/media/" + id;
    info.width = width;
    info.height = height;
    info.duration_ms = duration_ms;
    info.has_audio = has_audio;
    return info;
}

std::vector<MediaInfo> five_photos() {
    std::vector<MediaInfo> list;
    for (int i = 1; i <= 5; ++i) list.push_back(media("p" + std::to_string(i), "image", 1600, i == 3 ? 2400 : 900, 0));
    return list;
}

AgentResult ask(const std::string& message, const std::vector<MediaInfo>& media_list, const json& draft = json::object(),
                const json& canvas = {{"width", 1920}, {"height", 1080}, {"fps", 30}}) {
    AgentInput input;
    input.draft = draft;
    input.canvas = canvas;
    input.media = media_list;
    input.message = message;
    input.language = "en";
    return make_rule_planner()->plan(input);
}

const json& track(const json& draft, int type) {
    int index = find_track(draft, type);
    REQUIRE(index >= 0);
    return draft["t"][index];
}

const json& segments(const json& draft, int type) { return track(draft, type)["sg"]; }

void check_every_segment_has_start_and_duration(const json& draft) {
    for (const auto& t : draft["t"])
        for (const auto& segment : t["sg"]) {
            CHECK(segment.contains("st"));
            CHECK(segment.contains("d"));
            CHECK(segment.contains("id"));
        }
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_SUITE("planner") {
    TEST_CASE("a long clip becomes a looping GIF trimmed to its first 5 seconds") {
        auto result = ask("convert this clip into a looping GIF with auto-optimized colors",
                          {media("c1", "video", 1280, 720, 12000, true)});
        CHECK(result.changed);
        const json& sg = segments(result.draft, kVideoTrack);
        REQUIRE(sg.size() == 1);
        CHECK(sg[0]["st"] == 0);
        CHECK(sg[0]["d"] == 5000);
        CHECK(sg[0]["m"]["src"] == "c1");
        CHECK(sg[0]["m"]["kind"] == "video");
        json prefs = result.draft["m"]["export"];
        CHECK(prefs["format"] == "gif");
        CHECK(prefs["loop"] == true);
        CHECK(prefs["width"] == 480);
        CHECK(prefs["fps"].get<int>() >= 12);
        CHECK(prefs["fps"].get<int>() <= 15);
        CHECK(contains(result.reply, "first 5 s"));
        CHECK(result.canvas["width"] == 1920);
        CHECK(result.steps.at(0).name == "make_gif");
        check_every_segment_has_start_and_duration(result.draft);
    }

    TEST_CASE("a short clip is kept whole; GIF options are read from the words") {
        auto result = ask("make a gif at 15 fps, 320px wide, 64 colors, under 2MB", {media("c1", "video", 1080, 1920, 3000)});
        CHECK(segments(result.draft, kVideoTrack)[0]["d"] == 3000);
        json prefs = result.draft["m"]["export"];
        CHECK(prefs["fps"] == 15);
        CHECK(prefs["width"] == 320);
        CHECK(prefs["colors"] == 64);
        CHECK(prefs["max_bytes"] == 2000000);
        CHECK(result.canvas["width"] == 1080);
        CHECK(result.canvas["height"] == 1920);
    }

    TEST_CASE("Chinese: clip to GIF, replied in Chinese") {
        auto result = ask("把这个视频转成循环动图，自动优化颜色", {media("c1", "video", 1280, 720, 8000)});
        CHECK(result.changed);
        CHECK(result.draft["m"]["export"]["format"] == "gif");
        CHECK(segments(result.draft, kVideoTrack)[0]["d"] == 5000);
        CHECK(is_chinese(result.reply));
        CHECK(contains(result.reply, "GIF"));
    }

    TEST_CASE("images become one segment each with crossfades and Ken Burns") {
        auto result = ask("turn these images into a smooth animated video with transitions", five_photos());
        CHECK(result.changed);
        const json& sg = segments(result.draft, kVideoTrack);
        REQUIRE(sg.size() == 5);
        for (size_t i = 0; i < sg.size(); ++i) {
            CHECK(sg[i]["m"]["src"] == "p" + std::to_string(i + 1));
            CHECK(sg[i]["m"]["kind"] == "image");
            CHECK(sg[i]["m"]["effect"] == "kenburns");
            if (i == 0) {
                CHECK_FALSE(sg[i]["m"].contains("transition"));
                CHECK(sg[i]["st"] == 0);
            } else {
                CHECK(sg[i]["m"]["transition"]["type"] == "crossfade");
                int64_t overlap = sg[i]["m"]["transition"]["d"];
                CHECK(sg[i]["st"].get<int64_t>() == segment_end(sg[i - 1]) - overlap);
            }
        }
        CHECK(result.draft["m"]["fit"] == "blur");
        check_every_segment_has_start_and_duration(result.draft);
    }

    TEST_CASE("more pictures than one export takes: the first ones are used, and the reply says so") {
        std::vector<MediaInfo> many;
        for (int i = 0; i < 600; ++i) many.push_back(media("p" + std::to_string(i), "image", 1600, 900, 0));
        const auto result = ask("turn these images into a video", many);
        CHECK(segments(result.draft, kVideoTrack).size() == kMaxExportSegments);
        CHECK(contains(result.reply, "first 500 of your 600"));
    }

    TEST_CASE("a 30-second promo with background music from five photos") {
        auto result = ask("turn these images into a 30-second promo video with background music", five_photos());
        CHECK(result.changed);
        CHECK(track_end(result.draft, kVideoTrack) == doctest::Approx(30000).epsilon(0.005));
        const json& music = segments(result.draft, kAudioTrack);
        REQUIRE(music.size() == 1);
        CHECK(music[0]["m"]["src"] == "builtin:music");
        CHECK(music[0]["st"] == 0);
        CHECK(music[0]["d"] == track_end(result.draft, kVideoTrack));
        CHECK(music[0]["m"]["volume"].get<double>() > 0);
        CHECK(contains(result.reply, "music"));
    }

    TEST_CASE("an uploaded song is used for the promo; per-image duration and slide transitions") {
        auto list = five_photos();
        list.push_back(media("song", "audio", 0, 0, 60000));
        auto result = ask("make a slideshow with 4 seconds per photo and slide transitions, add music", list);
        const json& sg = segments(result.draft, kVideoTrack);
        REQUIRE(sg.size() == 5);
        CHECK(sg[0]["d"] == 4000);
        CHECK(sg[1]["m"]["transition"]["type"] == "slide");
        CHECK(segments(result.draft, kAudioTrack)[0]["m"]["src"] == "song");
    }

    TEST_CASE("Chinese: photos to a 20-second video with music") {
        auto result = ask("用这些照片做一个20秒的视频，加背景音乐", five_photos());
        CHECK(result.changed);
        CHECK(track_end(result.draft, kVideoTrack) == doctest::Approx(20000).epsilon(0.005));
        CHECK(segments(result.draft, kAudioTrack).size() == 1);
        CHECK(is_chinese(result.reply));
    }

    TEST_CASE("titles with time windows, then bigger, moved and recoloured") {
        auto built = ask("turn these images into a 15 second video", five_photos());
        auto titled = ask("add title 'Urban Dreams' for the first 3 seconds", five_photos(), built.draft, built.canvas);
        CHECK(titled.changed);
        const json& text = segments(titled.draft, kTextTrack);
        REQUIRE(text.size() == 1);
        CHECK(text[0]["m"]["text"] == "Urban Dreams");
        CHECK(text[0]["st"] == 0);
        CHECK(text[0]["d"] == 3000);
        CHECK(contains(titled.reply, "Urban Dreams"));
        int size = text[0]["m"]["size"];

        auto bigger = ask("make the title bigger", five_photos(), titled.draft, titled.canvas);
        CHECK(segments(bigger.draft, kTextTrack)[0]["m"]["size"].get<int>() > size);
        auto moved = ask("move the title to the top and make it yellow", five_photos(), bigger.draft, bigger.canvas);
        CHECK(segments(moved.draft, kTextTrack)[0]["m"]["position"] == "top");
        CHECK(segments(moved.draft, kTextTrack)[0]["m"]["color"] == "yellow");

        auto window = ask("add caption \"Shot on location\" from 5 to 9 seconds", five_photos(), moved.draft, moved.canvas);
        const json& both = segments(window.draft, kTextTrack);
        REQUIRE(both.size() == 2);
        CHECK(both[1]["st"] == 5000);
        CHECK(both[1]["d"] == 4000);
        CHECK(both[1]["m"]["position"] == "bottom");
    }

    TEST_CASE("Chinese title for the first 3 seconds, then bigger") {
        auto built = ask("把这些图片做成视频", five_photos());
        auto titled = ask("添加标题「城市之梦」前3秒", five_photos(), built.draft, built.canvas);
        const json& text = segments(titled.draft, kTextTrack);
        REQUIRE(text.size() == 1);
        CHECK(text[0]["m"]["text"] == "城市之梦");
        CHECK(text[0]["d"] == 3000);
        CHECK(contains(titled.reply, "城市之梦"));
        auto bigger = ask("标题大一点", five_photos(), titled.draft, titled.canvas);
        CHECK(segments(bigger.draft, kTextTrack)[0]["m"]["size"].get<int>() > text[0]["m"]["size"].get<int>());
    }

    TEST_CASE("aspect ratios, fits and resolution") {
        auto built = ask("turn these images into a video", five_photos());
        auto portrait = ask("make it 9:16 with a blurred background", five_photos(), built.draft, built.canvas);
        CHECK(portrait.canvas["width"] == 1080);
        CHECK(portrait.canvas["height"] == 1920);
        CHECK(portrait.draft["m"]["fit"] == "blur");
        auto square = ask("1:1, crop it", five_photos(), portrait.draft, portrait.canvas);
        CHECK(square.canvas["width"] == 1080);
        CHECK(square.canvas["height"] == 1080);
        CHECK(square.draft["m"]["fit"] == "crop");
        auto feed = ask("4:5 with black bars", five_photos(), square.draft, square.canvas);
        CHECK(feed.canvas["height"] == 1350);
        CHECK(feed.draft["m"]["fit"] == "pad");
        auto small = ask("720p", five_photos(), feed.draft, feed.canvas);
        CHECK(small.canvas["width"] == 720);
        CHECK(small.canvas["height"] == 900);
        auto wide = ask("改成横屏16:9", five_photos(), small.draft, small.canvas);
        CHECK(wide.canvas["width"] == 1280);
        CHECK(wide.canvas["height"] == 720);
        auto vertical = ask("竖屏", five_photos(), built.draft, built.canvas);
        CHECK(vertical.canvas["height"] == 1920);
    }

    TEST_CASE("a quick edit on an empty timeline starts from the uploads") {
        auto result = ask("make it 9:16, add title 'Urban Dreams' for the first 3 seconds", {media("c1", "video", 1920, 1080, 8000, true)});
        CHECK(result.changed);
        REQUIRE(segments(result.draft, kVideoTrack).size() == 1);
        CHECK(segments(result.draft, kVideoTrack)[0]["d"] == 8000);
        CHECK(result.canvas["height"] == 1920);
        CHECK(segments(result.draft, kTextTrack)[0]["d"] == 3000);
    }

    TEST_CASE("trim, speed, volume and mute on a clip with music") {
        std::vector<MediaInfo> list = {media("c1", "video", 1920, 1080, 20000, true)};
        auto built = ask("turn my clip into a video with background music", list);
        REQUIRE(segments(built.draft, kVideoTrack).size() == 1);
        CHECK(segments(built.draft, kAudioTrack)[0]["m"]["volume"] == doctest::Approx(0.35));

        auto trimmed = ask("trim to the first 10 seconds", list, built.draft, built.canvas);
        CHECK(timeline_end(trimmed.draft) == 10000);
        CHECK(segments(trimmed.draft, kAudioTrack)[0]["d"] == 10000);

        auto head = ask("cut the first 2 seconds", list, trimmed.draft, trimmed.canvas);
        CHECK(timeline_end(head.draft) == 8000);
        CHECK(segments(head.draft, kVideoTrack)[0]["m"]["in"] == 2000);

        auto fast = ask("speed up 2x", list, head.draft, head.canvas);
        CHECK(segments(fast.draft, kVideoTrack)[0]["m"]["speed"] == 2.0);
        CHECK(segments(fast.draft, kVideoTrack)[0]["d"] == 4000);
        CHECK(segments(fast.draft, kAudioTrack)[0]["d"] == 4000);

        auto volume = ask("music volume 35%", list, fast.draft, fast.canvas);
        CHECK(segments(volume.draft, kAudioTrack)[0]["m"]["volume"] == doctest::Approx(0.35));
        auto quieter = ask("音乐音量调到百分之二十", list, volume.draft, volume.canvas);
        CHECK(segments(quieter.draft, kAudioTrack)[0]["m"]["volume"] == doctest::Approx(0.2));

        auto muted = ask("mute the original audio", list, quieter.draft, quieter.canvas);
        CHECK(segments(muted.draft, kVideoTrack)[0]["m"]["muted"] == true);
        CHECK_FALSE(json_bool(segments(muted.draft, kAudioTrack)[0]["m"], "muted"));
        auto slow = ask("慢动作", list, muted.draft, muted.canvas);
        CHECK(segments(slow.draft, kVideoTrack)[0]["m"]["speed"] == 0.5);
    }

    TEST_CASE("reorder, remove and transitions on the video track") {
        auto built = ask("turn these images into a video with crossfades", five_photos());
        auto moved = ask("move clip 3 to the start", five_photos(), built.draft, built.canvas);
        const json& sg = segments(moved.draft, kVideoTrack);
        CHECK(sg[0]["m"]["src"] == "p3");
        CHECK(sg[1]["m"]["src"] == "p1");
        CHECK_FALSE(sg[0]["m"].contains("transition"));
        CHECK(sg[1]["m"].contains("transition"));
        CHECK(sg[0]["st"] == 0);

        auto swapped = ask("交换第1和第2张", five_photos(), moved.draft, moved.canvas);
        CHECK(segments(swapped.draft, kVideoTrack)[0]["m"]["src"] == "p1");
        auto removed = ask("remove the second photo", five_photos(), swapped.draft, swapped.canvas);
        CHECK(segments(removed.draft, kVideoTrack).size() == 4);
        auto reversed = ask("reverse the order", five_photos(), removed.draft, removed.canvas);
        CHECK(segments(reversed.draft, kVideoTrack)[0]["m"]["src"] == "p5");
        auto slides = ask("use slide transitions", five_photos(), reversed.draft, reversed.canvas);
        CHECK(segments(slides.draft, kVideoTrack)[1]["m"]["transition"]["type"] == "slide");
        auto cuts = ask("remove the transitions", five_photos(), slides.draft, slides.canvas);
        CHECK_FALSE(segments(cuts.draft, kVideoTrack)[1]["m"].contains("transition"));
        CHECK(segments(cuts.draft, kVideoTrack)[1]["st"] == segment_end(segments(cuts.draft, kVideoTrack)[0]));
        check_every_segment_has_start_and_duration(cuts.draft);
    }

    TEST_CASE("undo and redo are history operations") {
        AgentInput input;
        input.message = "undo";
        input.can_undo = true;
        AgentResult undo = make_rule_planner()->plan(input);
        CHECK(undo.history == HistoryOp::undo);
        CHECK_FALSE(undo.changed);
        input.message = "重做";
        input.can_redo = true;
        AgentResult redo = make_rule_planner()->plan(input);
        CHECK(redo.history == HistoryOp::redo);
        CHECK(is_chinese(redo.reply));
        input.message = "undo";
        input.can_undo = false;
        AgentResult nothing = make_rule_planner()->plan(input);
        CHECK(nothing.history == HistoryOp::none);
        CHECK(contains(nothing.reply, "nothing to undo"));
    }

    TEST_CASE("an instruction it does not understand gets help with examples, and nothing changes") {
        json draft = {{"t", json::array()}, {"m", {{"x", 1}}}};
        auto result = ask("what's the weather like?", {}, draft);
        CHECK_FALSE(result.changed);
        CHECK(result.draft == draft);
        CHECK(contains(result.reply, "GIF"));
        CHECK(contains(result.reply, "9:16"));
        auto chinese = ask("今天天气怎么样", {});
        CHECK_FALSE(chinese.changed);
        CHECK(is_chinese(chinese.reply));
        CHECK(contains(chinese.reply, "GIF"));
    }

    TEST_CASE("requests that cannot apply explain why and change nothing") {
        auto no_media = ask("turn these images into a video", {});
        CHECK_FALSE(no_media.changed);
        CHECK(contains(no_media.reply, "Upload"));
        // Several edits that all need uploads ask for them once.
        auto promo = ask("turn these images into a 30-second promo with background music", {});
        CHECK_FALSE(promo.changed);
        CHECK(promo.reply == "Upload some photos or clips first, then ask again.");
        auto no_music = ask("turn the music down", five_photos(), ask("turn these images into a video", five_photos()).draft);
        CHECK_FALSE(no_music.changed);
        CHECK(contains(no_music.reply, "no music"));
        // A volume for music that is not there yet reads as music at that volume.
        auto at_half = ask("music volume 50%", five_photos(), ask("turn these images into a video", five_photos()).draft);
        CHECK(at_half.changed);
        CHECK(segments(at_half.draft, kAudioTrack)[0]["m"]["volume"] == doctest::Approx(0.5));
    }

    TEST_CASE("the same input always gives the same output") {
        auto list = five_photos();
        list.push_back(media("song", "audio", 0, 0, 60000));
        const std::string message = "turn these images into a 30-second promo with background music, 9:16, add title 'Sale' for the first 3 seconds";
        auto first = ask(message, list);
        auto second = ask(message, list);
        CHECK(first.draft == second.draft);
        CHECK(first.canvas == second.canvas);
        CHECK(first.reply == second.reply);
        CHECK(first.steps.size() == second.steps.size());
        CHECK(first.canvas["height"] == 1920);
        CHECK(segments(first.draft, kTextTrack)[0]["m"]["text"] == "Sale");
    }

    TEST_CASE("any draft is survived") {
        json odd = {{"t", json::array({{{"tt", 0}, {"sg", json::array({{{"d", -5}}, 3, {{"st", "x"}}})}}, 7, nullptr})}, {"m", 3}};
        for (const char* message : {"speed up 2x", "trim to 3 seconds", "add title 'x'", "music volume 20%", "9:16", "reverse the order"})
            CHECK_NOTHROW(ask(message, five_photos(), odd));
        CHECK_NOTHROW(ask("make a gif", {}, json::array()));
    }
}

}  // namespace cw::server
