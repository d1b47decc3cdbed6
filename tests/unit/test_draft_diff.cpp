// Plain-words differences between drafts.
#include <doctest/doctest.h>

#include "core/draft_diff.hpp"
#include "sample_drafts.hpp"

using namespace cw::core;
using nlohmann::json;

TEST_CASE("adding a title and changing the music volume") {
    json before = cw::test::urban_dreams_draft();
    before["t"].erase(2);
    before["t"][1]["sg"][0]["m"]["volume"] = 0.8;
    DraftDiff diff = diff_drafts(parse_draft(before), parse_draft(cw::test::urban_dreams_draft()));
    CHECK(describe(diff) == "music volume 35%; added title 'Urban Dreams' 0\xE2\x80\x93" "3 s");
}

TEST_CASE("identical drafts have no changes") {
    Draft draft = parse_draft(cw::test::urban_dreams_draft());
    CHECK(diff_drafts(draft, draft).empty());
    CHECK(describe(diff_drafts(draft, draft)).empty());
}

TEST_CASE("removals, retiming, text, speed, transition and unknown changes") {
    json before = cw::test::urban_dreams_draft();
    json after = before;
    after["t"][0]["sg"][0]["d"] = 5000;
    after["t"][0]["sg"][0]["m"]["speed"] = 2;
    after["t"][0]["sg"][0]["m"]["transition"] = "fade";
    after["t"][2]["sg"][0]["m"]["text"] = "City Nights";
    after["t"][1]["sg"][0]["m"]["mystery"] = 1;
    after["t"].push_back({{"tt", 7}, {"sg", json::array()}});
    json removed = after;
    removed["t"][2]["sg"] = json::array();
    std::string text = describe(diff_drafts(parse_draft(before), parse_draft(after)));
    CHECK(text.find("clip 'city timelapse' now 0\xE2\x80\x93" "5 s") != std::string::npos);
    CHECK(text.find("speed 2\xC3\x97") != std::string::npos);
    CHECK(text.find("transition fade") != std::string::npos);
    CHECK(text.find("title 'Urban Dreams' now reads 'City Nights'") != std::string::npos);
    CHECK(text.find("music 'Lo-fi' changed") != std::string::npos);
    CHECK(describe(diff_drafts(parse_draft(after), parse_draft(removed))) == "removed title 'City Nights'");
}

TEST_CASE("segments without ids are matched by position") {
    json before = json::parse(R"({"t":[{"tt":0,"sg":[{"d":1000,"m":{"name":"a"}},{"d":1000,"m":{"name":"b"}}]}]})");
    json after = before;
    after["t"][0]["sg"][1]["d"] = 3000;
    CHECK(describe(diff_drafts(parse_draft(before), parse_draft(after))) == "clip 'b' now 1\xE2\x80\x93" "4 s");
}

TEST_CASE("long diffs are capped with a count of the rest") {
    Draft empty = parse_draft(json::object());
    Draft many = parse_draft(cw::test::long_draft(100000));
    DraftDiff diff = diff_drafts(empty, many, 5);
    CHECK(diff.changes.size() == 5);
    CHECK(diff.omitted == 99995);
    CHECK(describe(diff).find("and 99995 more changes") != std::string::npos);
}
