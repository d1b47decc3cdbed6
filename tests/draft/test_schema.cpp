// The reading rule, one table per rule; each row is an input and what it must read as. The draft
// rows run through both readers: the typed draft the app shows and the normalized JSON the server
// stores and renders.
#include <cmath>
#include <limits>
#include <optional>

#include <doctest/doctest.h>

#include "draft/draft.hpp"
#include "draft/edit.hpp"
#include "sample_drafts.hpp"

using namespace cw::draft;

namespace {

struct ValueRow {
    const char* name;
    json input;
    std::optional<double> number;
    std::optional<std::int64_t> ms;
    bool ms_clamped;
    std::optional<std::string> text;
    std::optional<bool> flag;
};

const double nan = std::numeric_limits<double>::quiet_NaN();
const double inf = std::numeric_limits<double>::infinity();

const std::vector<ValueRow>& value_rows() {
    static const std::vector<ValueRow> rows = {
        {"integer", 2000, 2000.0, 2000, false, "2000", true},
        {"fraction", 2000.6, 2000.6, 2001, false, "2000.6", true},
        {"string holding a number", "2000", 2000.0, 2000, false, "2000", std::nullopt},
        {"string with spaces", " 2000 ", 2000.0, 2000, false, " 2000 ", std::nullopt},
        {"string with a unit", "2 s", std::nullopt, std::nullopt, false, "2 s", std::nullopt},
        {"empty string", "", std::nullopt, std::nullopt, false, "", std::nullopt},
        {"hex string", "0x10", std::nullopt, std::nullopt, false, "0x10", std::nullopt},
        {"word", "abc", std::nullopt, std::nullopt, false, "abc", std::nullopt},
        {"negative", -5, -5.0, 0, true, "-5", true},
        {"huge", 1e300, 1e300, kMaxTimelineMs, true, "1e+300", true},
        {"huge string", "1e300", 1e300, kMaxTimelineMs, true, "1e300", std::nullopt},
        {"string inf", "inf", std::nullopt, std::nullopt, false, "inf", std::nullopt},
        {"NaN", nan, std::nullopt, std::nullopt, false, std::nullopt, std::nullopt},
        {"infinity", inf, std::nullopt, std::nullopt, false, std::nullopt, std::nullopt},
        {"zero", 0, 0.0, 0, false, "0", false},
        {"true", true, std::nullopt, std::nullopt, false, std::nullopt, true},
        {"false", false, std::nullopt, std::nullopt, false, std::nullopt, false},
        {"string true", "true", std::nullopt, std::nullopt, false, "true", true},
        {"string yes", "Yes", std::nullopt, std::nullopt, false, "Yes", true},
        {"string no", "no", std::nullopt, std::nullopt, false, "no", false},
        {"string 1", "1", 1.0, 1, false, "1", true},
        {"string 0", "0", 0.0, 0, false, "0", false},
        {"null", nullptr, std::nullopt, std::nullopt, false, std::nullopt, std::nullopt},
        {"array", json::array({1}), std::nullopt, std::nullopt, false, std::nullopt, std::nullopt},
        {"object", json{{"d", 1}}, std::nullopt, std::nullopt, false, std::nullopt, std::nullopt},
    };
    return rows;
}

}  // namespace

TEST_CASE("every odd value reads as the table in schema.hpp says") {
    for (const ValueRow& row : value_rows()) {
        CAPTURE(row.name);
        CHECK(read_number(row.input) == row.number);
        bool clamped = false;
        CHECK(read_ms(row.input, &clamped) == row.ms);
        CHECK(clamped == row.ms_clamped);
        CHECK(read_text(row.input) == row.text);
        CHECK(read_flag(row.input) == row.flag);
    }
}

TEST_CASE("a missing key or a non-object gives the fallback") {
    CHECK(json_ms(json::object(), "d", 7) == 7);
    CHECK(json_ms(json::array(), "d", 7) == 7);
    CHECK(json_number({{"v", "x"}}, "v", 0.5) == 0.5);
    CHECK(json_string({{"v", nullptr}}, "v", "none") == "none");
    CHECK(json_bool({{"v", "maybe"}}, "v", true));
}

namespace {

struct TimingRow {
    const char* name;
    json segments;  // the video track's "sg"
    std::vector<std::pair<std::int64_t, std::int64_t>> expected;  // (st, d) of each object segment
};

const std::vector<TimingRow>& timing_rows() {
    static const std::vector<TimingRow> rows = {
        {"plain", json::parse(R"([{"st":0,"d":1000},{"st":1000,"d":500}])"), {{0, 1000}, {1000, 500}}},
        {"string start", json::parse(R"([{"st":"2000","d":1000}])"), {{2000, 1000}}},
        {"string duration", json::parse(R"([{"st":0,"d":"1500"}])"), {{0, 1500}}},
        {"missing start follows the one before", json::parse(R"([{"st":500,"d":1000},{"d":2000},{"d":1}])"), {{500, 1000}, {1500, 2000}, {3500, 1}}},
        {"unreadable start follows the one before", json::parse(R"([{"d":1000},{"st":"soon","d":1000}])"), {{0, 1000}, {1000, 1000}}},
        {"missing duration is zero", json::parse(R"([{"st":100}])"), {{100, 0}}},
        {"negative values are zero", json::parse(R"([{"st":-100,"d":-5}])"), {{0, 0}}},
        {"huge values are clamped", json::parse(R"([{"st":1e300,"d":1e300}])"), {{kMaxTimelineMs, kMaxTimelineMs}}},
        {"boolean and null are absent", json::parse(R"([{"st":true,"d":null}])"), {{0, 0}}},
        {"non-objects are skipped", json::parse(R"([3,{"d":1000},"x",{"d":1000}])"), {{0, 1000}, {1000, 1000}}},
    };
    return rows;
}

}  // namespace

TEST_CASE("segment timing reads the same in the typed draft and in the normalized JSON") {
    for (const TimingRow& row : timing_rows()) {
        CAPTURE(row.name);
        json input = {{"t", json::array({{{"tt", 0}, {"sg", row.segments}}})}};
        Draft typed = parse_draft(input);
        json stored = normalized(input);
        REQUIRE(typed.tracks.size() == 1);
        REQUIRE(typed.tracks[0].segments.size() == row.expected.size());
        REQUIRE(segments_of(tracks_of(stored)[0]).size() == row.expected.size());
        for (std::size_t i = 0; i < row.expected.size(); ++i) {
            CAPTURE(i);
            CHECK(typed.tracks[0].segments[i].start_ms == row.expected[i].first);
            CHECK(typed.tracks[0].segments[i].duration_ms == row.expected[i].second);
            const json& segment = segments_of(tracks_of(stored)[0])[i];
            CHECK(segment["st"] == row.expected[i].first);
            CHECK(segment["d"] == row.expected[i].second);
            CHECK(segment_start(segment) == row.expected[i].first);
        }
        CHECK(normalized(stored) == stored);
    }
}

TEST_CASE("track types: numbers, strings holding numbers, and inference from text") {
    struct Row {
        json track;
        int type;
        TrackKind kind;
    };
    const Row rows[] = {
        {{{"tt", 0}}, 0, TrackKind::video},
        {{{"tt", "1"}}, 1, TrackKind::audio},
        {{{"tt", 7.0}}, 7, TrackKind::text},
        {{{"tt", -3}}, -3, TrackKind::other},
        {{{"tt", "video"}}, -1, TrackKind::other},
        {{{"sg", json::array({{{"d", 1}, {"m", {{"text", "hi"}}}}})}}, -1, TrackKind::text},
        {json::object(), -1, TrackKind::other},
    };
    for (const Row& row : rows) {
        CAPTURE(row.track.dump());
        CHECK(track_type(row.track) == row.type);
        Draft draft = parse_draft(json{{"t", json::array({row.track})}});
        REQUIRE(draft.tracks.size() == 1);
        CHECK(draft.tracks[0].kind == row.kind);
    }
}

TEST_CASE("whole drafts that are odd: not objects, strings holding JSON, wrong shapes") {
    CHECK(parse_draft(json::array({1, 2})).warnings.front() == "draft is not an object");
    CHECK(parse_draft(json("{\"t\":[{\"tt\":0,\"sg\":[{\"d\":5}]}]}")).segment_count == 1);
    CHECK(parse_draft(json{{"t", 5}}).empty());
    CHECK(parse_draft_text("{not json").warnings.front() == "draft is not JSON");
    json stored = normalized(json{{"t", json::array({nullptr, {{"tt", 0}, {"sg", 3}}})}, {"m", 4}});
    CHECK(stored == json::parse(R"({"t":[{"tt":0,"sg":[]}],"m":{}})"));
    CHECK(normalized(json::array()) == empty_draft());
}

TEST_CASE("the contract's example: tracks, canvas, settings and suggested export") {
    json input = cw::test::urban_dreams_draft();
    input["m"] = {{"fit", "blur"}, {"export", {{"format", "gif"}, {"fps", "12"}, {"width", 480}, {"dither", "wrong"}}}};
    Draft draft = parse_draft(input, {{"width", 1080}, {"height", 1920}, {"fps", 30}});
    CHECK(draft.canvas == Canvas{1080, 1920, 30});
    CHECK(aspect_name(draft.canvas) == "9:16");
    CHECK(draft.fit == "blur");
    REQUIRE(draft.export_settings);
    CHECK(draft.export_settings->format == "gif");
    CHECK(draft.export_settings->fps == 12);
    CHECK(draft.export_settings->width == 480);
    CHECK(draft.export_settings->dither.empty());
    const Segment& music = draft.tracks[1].segments[0];
    CHECK(music.volume == doctest::Approx(0.35));
    CHECK(music.label == "Lo-fi");
    CHECK(draft.tracks[0].segments[0].label == "city timelapse");
}

TEST_CASE("unknown keys survive the typed reading and the normalisation") {
    json input = cw::test::urban_dreams_draft();
    input["future"] = {{"x", 1}};
    input["t"][0]["shape"] = "round";
    input["t"][0]["sg"][0]["later"] = json::array({1, 2});
    input["t"][0]["sg"][0]["m"]["grade"] = "warm";
    Draft draft = parse_draft(input);
    CHECK(draft.original == input);
    const json* original = segment_json(draft, draft.tracks[0], draft.tracks[0].segments[0]);
    REQUIRE(original);
    CHECK((*original)["later"] == json::array({1, 2}));
    json stored = normalized(input);
    CHECK(stored["future"]["x"] == 1);
    CHECK(stored["t"][0]["shape"] == "round");
    CHECK(stored["t"][0]["sg"][0]["later"] == json::array({1, 2}));
    CHECK(stored["t"][0]["sg"][0]["m"]["grade"] == "warm");
    CHECK(parse_draft(stored).segment_count == draft.segment_count);
}

TEST_CASE("editing helpers: ensure a track, relayout with transitions, cut, ids") {
    json draft = empty_draft();
    json& video = ensure_track(draft, kVideoTrack, "Video");
    CHECK(&ensure_track(draft, kVideoTrack, "Video") == &tracks_of(draft)[0]);
    json meta = {{"src", "a"}, {"transition", make_transition("crossfade", 500)}};
    segments_of(video).push_back(make_segment(next_segment_id(draft, "v"), 0, 2000, meta));
    segments_of(video).push_back(make_segment(next_segment_id(draft, "v"), 0, 2000, meta));
    CHECK(segments_of(video)[1]["id"] == "v2");
    relayout_sequence(video);
    CHECK(segment_start(segments_of(video)[1]) == 1500);
    CHECK_FALSE(meta_of(segments_of(video)[0]).contains("transition"));
    CHECK(timeline_end(draft) == 3500);
    cut_timeline(draft, 1000, 3000);
    CHECK(timeline_end(draft) == 2000);
    CHECK(json_ms(meta_of(segments_of(tracks_of(draft)[0])[0]), "in", 0) == 1000);
    CHECK(segment_count(draft) == 2);
}
