// The interface's words: both language tables hold every key once, Chinese entries are Chinese, and
// values fill in where the table says.
#include <set>

#include <doctest/doctest.h>

#include "core/ui_text.hpp"

using namespace cw::core;

namespace {

bool has_hanzi(const std::string& text) {
    for (std::size_t i = 0; i + 2 < text.size(); ++i) {
        const auto lead = static_cast<unsigned char>(text[i]);
        if (lead >= 0xE4 && lead <= 0xE9) return true;  // U+4E00–U+9FFF in UTF-8
    }
    return false;
}

}  // namespace

TEST_CASE("both languages have every string, once") {
    for (const auto* table : {&english_table(), &chinese_table()}) {
        std::set<Text> seen;
        for (const auto& [key, words] : *table) {
            CHECK(seen.insert(key).second);
            CHECK(std::string(words).size() > 0);
        }
        CHECK(seen.size() == static_cast<std::size_t>(Text::count));
    }
}

TEST_CASE("the Chinese table is Chinese, except names") {
    for (const auto& [key, words] : chinese_table()) {
        CAPTURE(words);
        if (key == Text::chat_agent) continue;  // the product's name
        CHECK(has_hanzi(words));
    }
}

TEST_CASE("values fill the table's places in order, and the language picks the table") {
    CHECK(fill(text(Text::export_rendering, Language::en), {"42"}) == "Rendering 42%");
    CHECK(fill(text(Text::export_rendering, Language::zh), {"42"}) == "渲染中 42%");
    CHECK(fill(text(Text::status_credits, Language::en), {"80", "0", "80"}) == "Credits: 80 available · 0 frozen · 80 total");
    CHECK(std::string(text(Text::panel_chat, Language::zh)) == "对话");
}
