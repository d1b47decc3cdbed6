// The entity reader, one table: each row is a message and what it must find in it.
#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

#include "intent.hpp"
#include "reading.hpp"

namespace cw::server {

namespace {

struct Row {
    const char* message;
    std::vector<std::int64_t> durations;
    std::optional<std::pair<std::int64_t, std::int64_t>> range;
    std::vector<double> percents;
    std::vector<int> ordinals;
    std::optional<std::string> position, colour, aspect;
    std::vector<std::string> quotes;
};

using Pair = std::pair<std::int64_t, std::int64_t>;

const std::vector<Row>& rows() {
    static const std::vector<Row> table = {
        {"cut the first 3 seconds", {3000}, {}, {}, {}, {}, {}, {}, {}},
        {"cut the first three seconds", {3000}, {}, {}, {}, {}, {}, {}, {}},
        {"the first one and a half seconds", {1500}, {}, {}, {}, {}, {}, {}, {}},
        {"half a minute of text", {30000}, {}, {}, {}, {}, {}, {}, {}},
        {"about a minute and a half", {90000}, {}, {}, {}, {}, {}, {}, {}},
        {"chop off the first second", {1000}, {}, {}, {}, {}, {}, {}, {}},
        {"一分半", {90000}, {}, {}, {}, {}, {}, {}, {}},
        {"两秒半", {2500}, {}, {}, {}, {}, {}, {}, {}},
        {"半分钟", {30000}, {}, {}, {}, {}, {}, {}, {}},
        {"十五秒", {15000}, {}, {}, {}, {}, {}, {}, {}},
        {"１２秒", {12000}, {}, {}, {}, {}, {}, {}, {}},
        {"1m30s", {90000}, {}, {}, {}, {}, {}, {}, {}},
        {"750ms", {750}, {}, {}, {}, {}, {}, {}, {}},
        {"between 0:05 and 0:09", {5000, 9000}, Pair{5000, 9000}, {}, {}, {}, {}, {}, {}},
        {"a gif from 1s-4s", {1000, 4000}, Pair{1000, 4000}, {}, {}, {}, {}, {}, {}},
        {"remove the middle bit, 5 to 7 s", {7000}, Pair{5000, 7000}, {}, {}, "center", {}, {}, {}},
        {"seconds 3 through 6", {}, Pair{3000, 6000}, {}, {}, {}, {}, {}, {}},
        {"从第3秒到第6秒", {3000, 6000}, Pair{3000, 6000}, {}, {}, {}, {}, {}, {}},
        {"music at 40%", {}, {}, {40}, {}, {}, {}, {}, {}},
        {"音量百分之三十", {}, {}, {30}, {}, {}, {}, {}, {}},
        {"音量三成", {}, {}, {30}, {}, {}, {}, {}, {}},
        {"delete the second photo", {}, {}, {}, {2}, {}, {}, {}, {}},
        {"take out photos 2 and 4", {}, {}, {}, {2, 4}, {}, {}, {}, {}},
        {"move the last photo to second place", {}, {}, {}, {-1, 2}, {}, {}, {}, {}},
        {"删掉第三张", {}, {}, {}, {3}, {}, {}, {}, {}},
        {"最后一张5秒", {5000}, {}, {}, {-1}, {}, {}, {}, {}},
        {"最后五秒不要", {5000}, {}, {}, {}, {}, {}, {}, {}},
        {"give every picture 4 seconds", {4000}, {}, {}, {}, {}, {}, {}, {}},
        {"caption in the lower third", {}, {}, {}, {}, "lower_third", {}, {}, {}},
        {"标题放在顶部", {}, {}, {}, {}, "top", {}, {}, {}},
        {"top right corner", {}, {}, {}, {}, "top_right", {}, {}, {}},
        {"字幕放在下三分之一", {}, {}, {}, {}, "lower_third", {}, {}, {}},
        {"white text on black", {}, {}, {}, {}, {}, "white", {}, {}},
        {"深蓝色背景", {}, {}, {}, {}, {}, "navy", {}, {}},
        {"colour #ffcc00", {}, {}, {}, {}, {}, "#ffcc00", {}, {}},
        {"make it for tiktok", {}, {}, {}, {}, {}, {}, "9:16", {}},
        {"post it on instagram stories", {}, {}, {}, {}, {}, {}, "9:16", {}},
        {"做成小红书的尺寸", {}, {}, {}, {}, {}, {}, "3:4", {}},
        {"发B站", {}, {}, {}, {}, {}, {}, "16:9", {}},
        {"改成9比16", {}, {}, {}, {}, {}, {}, "9:16", {}},
        {"1080x1920", {}, {}, {}, {}, {}, {}, "9:16", {}},
        {"4:5 please", {}, {}, {}, {}, {}, {}, "4:5", {}},
        {"add title 'Summer Sale'", {}, {}, {}, {}, {}, {}, {}, {"Summer Sale"}},
        {"加标题“夏日特卖”", {}, {}, {}, {}, {}, {}, {}, {"夏日特卖"}},
        {"don't add it's text", {}, {}, {}, {}, {}, {}, {}, {}},
    };
    return table;
}

}  // namespace

TEST_SUITE("planner") {
    TEST_CASE("entities: durations, ranges, percentages, ordinals, positions, colours, platforms, quotes") {
        for (const Row& row : rows()) {
            const std::string message = row.message;
            CAPTURE(message);
            const Entities e = read_request(row.message).whole.entities;
            CHECK(e.durations == row.durations);
            CHECK(e.range.has_value() == row.range.has_value());
            if (e.range && row.range) {
                CHECK(e.range->from_ms == row.range->first);
                CHECK(e.range->to_ms == row.range->second);
            }
            CHECK(e.percents == row.percents);
            CHECK(e.ordinals == row.ordinals);
            CHECK(e.position == row.position);
            CHECK(e.colour == row.colour);
            CHECK(e.aspect == row.aspect);
            CHECK(e.quotes == row.quotes);
        }
    }

    TEST_CASE("words: typos within a small distance are mended, full-width forms folded, relative amounts read") {
        CHECK(read_request("add musci").whole.words == std::vector<std::string>{"add", "music"});
        CHECK(read_request("make a gfi").whole.words.back() == "gif");
        CHECK(read_request("cut the fist 3 seconds").whole.words[2] == "first");
        CHECK(read_request("ＡＤＤ ＴＩＴＬＥ").whole.words == std::vector<std::string>{"add", "title"});
        CHECK(read_request("turn it down a little").whole.entities.amount == doctest::Approx(0.2));
        CHECK(read_request("声音大一点").whole.entities.amount == doctest::Approx(0.2));
        CHECK(read_request("way louder").whole.entities.amount == doctest::Approx(0.5));
    }

    TEST_CASE("clauses: punctuation, then, 然后, and before a verb; not and inside a range") {
        CHECK(read_request("9:16, add music and then a title 'Hi'").clauses.size() == 3);
        CHECK(read_request("先改成竖屏，然后加个标题“你好”").clauses.size() == 2);
        CHECK(read_request("cut the first 2 seconds and add a caption 'Day 1'").clauses.size() == 2);
        CHECK(read_request("remove 5 and 7 seconds between 5 and 7").clauses.size() == 1);
        CHECK(read_request("speed it up 1.5x").clauses.size() == 1);  // a decimal point is no full stop
    }

    TEST_CASE("any message, any length: read in one pass, nothing thrown") {
        std::string long_message;
        for (int i = 0; i < 5000; ++i) long_message += "cut the fisrt 3 seconds, “unclosed 'quote ";
        CHECK_NOTHROW(parse_instruction(long_message));
        CHECK_NOTHROW(parse_instruction(std::string(100000, '\xE4')));
        CHECK_NOTHROW(parse_instruction(std::string(50000, '9') + " seconds"));
    }
}

}  // namespace cw::server
