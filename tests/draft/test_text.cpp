// One rule for "is this Chinese", one for cutting text.
#include <doctest/doctest.h>

#include "draft/text.hpp"

using namespace cw::draft;

TEST_CASE("Chinese text: ideographs, CJK punctuation and full-width forms") {
    struct Row {
        const char* text;
        bool chinese;
    };
    const Row rows[] = {{"把视频做成GIF", true}, {"make it 9:16", false}, {"ok，", true}, {"ＧＩＦ", true},
                        {"café", false},        {"", false},             {"\xE4\xB8", false}, {"\xFF\xFE", false}};
    for (const Row& row : rows) {
        CAPTURE(row.text);
        CHECK(is_chinese(row.text) == row.chinese);
    }
    CHECK(language_of("加点音乐") == Language::zh);
    CHECK(language_from_code("zh-CN") == Language::zh);
    CHECK(language_from_code("ZH_tw") == Language::zh);
    CHECK(language_from_code("zhx") == Language::en);
    CHECK(language_from_code("en-US") == Language::en);
    CHECK(std::string(code_of(Language::zh)) == "zh");
}

TEST_CASE("truncation keeps whole characters and says it cut") {
    CHECK(truncated("short", 10) == "short");
    CHECK(truncated("abcdef", 3) == "abc\xE2\x80\xA6");
    CHECK(truncated("视频视频", 4) == "视\xE2\x80\xA6");  // 3-byte characters: never half of one
    CHECK(truncated("视频", 2, "...") == "...");
    CHECK(character_boundary("视频", 4) == 3);
    CHECK(character_boundary("ab", 9) == 2);
}

TEST_CASE("UTF-8 sequences: well-formed lengths, malformed bytes read one at a time") {
    CHECK(utf8_sequence_length("a", 0) == 1);
    CHECK(utf8_sequence_length("\xC3\xA9", 0) == 2);
    CHECK(utf8_sequence_length("\xC0\xAF", 0) == 0);  // overlong
    CHECK(utf8_sequence_length("\xED\xA0\x80", 0) == 0);  // surrogate
    std::size_t pos = 0;
    CHECK(decode_utf8("\xE8\xA7\x86", pos) == 0x89C6);
    CHECK(pos == 3);
    pos = 0;
    CHECK(decode_utf8("\xE8\xA7", pos) == 0xE8);
    CHECK(pos == 1);
}
