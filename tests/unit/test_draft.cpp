// Draft parsing: valid, empty, huge and hostile drafts, and the one-line summary.
#include <doctest/doctest.h>

#include "core/draft_types.hpp"
#include "core/draft_summary.hpp"
#include "sample_drafts.hpp"

using namespace cw::core;
using nlohmann::json;

TEST_CASE("the contract's example draft and its summary line") {
    Draft draft = parse_draft(cw::test::urban_dreams_draft());
    REQUIRE(draft.tracks.size() == 3);
    CHECK(draft.tracks[0].kind == TrackKind::video);
    CHECK(draft.tracks[1].kind == TrackKind::audio);
    CHECK(draft.tracks[2].kind == TrackKind::text);
    CHECK(draft.tracks[2].segments[0].label == "Urban Dreams");
    CHECK(draft.duration_ms == 10000);
    CHECK(draft.segment_count == 3);
    CHECK(summarize_draft(draft) ==
          "Timeline (3 tracks): 1. Video: city timelapse (0-10s) 2. BGM: Lo-fi (0-10s, 35%) 3. Title: \"Urban Dreams\" (0-3s)");
}

TEST_CASE("segments carry start, duration, kind, label, colour and their original JSON") {
    json input = cw::test::urban_dreams_draft();
    input["t"][0]["sg"][0]["future_key"] = {{"x", 1}};
    input["t"][0]["sg"][0]["m"]["effect"] = "blur";
    Draft draft = parse_draft(input);
    const Track& video = draft.tracks[0];
    const Segment& segment = video.segments[0];
    CHECK(segment.start_ms == 0);
    CHECK(segment.duration_ms == 10000);
    CHECK(segment.colour != 0);
    CHECK(segment.effect == "blur");
    const json* original = segment_json(draft, video, segment);
    REQUIRE(original != nullptr);
    CHECK((*original)["future_key"]["x"] == 1);
    CHECK(draft.original == input);
}

TEST_CASE("empty and non-drafts give an empty timeline") {
    for (const json& input : {json(), json::object(), json::array(), json("garbage"), json(42), json{{"t", "x"}}, json{{"t", json::array()}}}) {
        CAPTURE(input.dump());
        Draft draft = parse_draft(input);
        CHECK(draft.tracks.empty());
        CHECK(draft.empty());
        CHECK(summarize_draft(draft) == "Timeline (0 tracks): empty");
    }
    CHECK(parse_draft_text("{not json").warnings.size() == 1);
}

TEST_CASE("a draft sent as a JSON string is read") {
    Draft draft = parse_draft(json(cw::test::urban_dreams_draft().dump()));
    CHECK(draft.tracks.size() == 3);
}

TEST_CASE("segments without st follow the previous one") {
    Draft draft = parse_draft(json::parse(R"({"t":[{"tt":0,"sg":[{"d":2000},{"d":3000},{"st":10000,"d":1000},{"d":500}]}]})"));
    const auto& segments = draft.tracks[0].segments;
    CHECK(segments[0].start_ms == 0);
    CHECK(segments[1].start_ms == 2000);
    CHECK((segments[1].flags & cw::draft::start_inferred) != 0);
    CHECK(segments[2].start_ms == 10000);
    CHECK((segments[2].flags & cw::draft::start_inferred) == 0);
    CHECK(segments[3].start_ms == 11000);
}

TEST_CASE("hostile values are tolerated, clamped and flagged") {
    Draft draft = parse_draft(json::parse(R"({"t":[
        {"tt":"7","sg":[{"d":-500,"m":{"text":"neg"}},{"d":1e300,"m":"not an object"},{"d":"1500"},{"d":null},{"d":"abc"},
                        {"st":-20,"d":100},{"st":1e308,"d":1},{"d":true},{"m":{"volume":"loud","speed":"fast","text":{"a":1}}},
                        7,"str",null,[1,2]]},
        "not a track",
        {"sg":"nope"},
        {"tt":999999999999,"sg":[{"d":1}]},
        {"tt":1.9,"sg":[{"d":10,"m":{"volume":7}}]}
    ]})"));
    REQUIRE(draft.tracks.size() == 4);
    const auto& segments = draft.tracks[0].segments;
    CHECK(draft.tracks[0].kind == TrackKind::text);
    REQUIRE(segments.size() == 9);
    CHECK(segments[0].duration_ms == 0);
    CHECK((segments[0].flags & cw::draft::duration_clamped) != 0);
    CHECK(segments[1].duration_ms == cw::draft::kMaxTimelineMs);
    CHECK(segments[2].duration_ms == 1500);
    CHECK((segments[3].flags & cw::draft::duration_missing) != 0);
    CHECK((segments[4].flags & cw::draft::duration_missing) != 0);
    CHECK(segments[5].start_ms == 0);
    CHECK((segments[5].flags & cw::draft::start_clamped) != 0);
    CHECK(segments[6].start_ms == cw::draft::kMaxTimelineMs);
    CHECK(segments[8].volume < 0);
    CHECK(segments[8].text.empty());  // an object is not text (draft/schema.hpp)
    CHECK(draft.tracks[1].kind == TrackKind::other);
    CHECK(draft.tracks[2].kind == TrackKind::other);
    CHECK(draft.tracks[3].segments[0].volume == 7.0);
    CHECK_FALSE(draft.warnings.empty());
    CHECK(draft.flagged_segments >= 3);
    CHECK_FALSE(summarize_draft(draft).empty());
}

TEST_CASE("a track without tt whose segments carry text is a text track") {
    Draft draft = parse_draft(json::parse(R"({"t":[{"sg":[{"d":1000,"m":{"text":"Hello"}}]}]})"));
    CHECK(draft.tracks[0].kind == TrackKind::text);
    CHECK(summarize_draft(draft) == "Timeline (1 track): 1. Title: \"Hello\" (0-1s)");
}

TEST_CASE("the summary shortens long tracks and shows fractional seconds") {
    Draft draft = parse_draft(json::parse(R"({"t":[{"tt":0,"sg":[{"d":2500,"m":{"name":"a.mov"}},{"d":2500,"m":{"name":"b"}},
        {"d":1000,"m":{"src":"m3"}},{"d":1000},{"d":1000}]},{"tt":1,"sg":[]}]})"));
    CHECK(summarize_draft(draft) ==
          "Timeline (2 tracks): 1. Video: a (0-2.5s), b (2.5-5s), m3 (5-6s), +2 more 2. BGM: empty");
}

TEST_CASE("a huge draft of 100,000 segments") {
    Draft draft = parse_draft(cw::test::long_draft(100000));
    REQUIRE(draft.segment_count == 100000);
    CHECK(draft.tracks[0].segments.back().start_ms == 99999000);
    CHECK(draft.duration_ms == 100000000);
    CHECK(summarize_draft(draft).find("+99997 more") != std::string::npos);
}

TEST_CASE("deeply nested unknown values do not matter") {
    std::string deep = R"({"t":[{"tt":0,"sg":[{"d":1000,"m":{"x":)";
    for (int i = 0; i < 200; ++i) deep += "[";
    for (int i = 0; i < 200; ++i) deep += "]";
    deep += "}}]}]}";
    Draft draft = parse_draft_text(deep);
    CHECK(draft.segment_count == 1);
}
