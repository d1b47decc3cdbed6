// UTF-8 and language helpers that the app and the server share: one rule for "is this Chinese
// text", one for cutting text without splitting a character.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace cw::draft {

enum class Language { en, zh };

// "zh", "zh-CN", "ZH_tw" → zh; anything else → en.
Language language_from_code(std::string_view code);
const char* code_of(Language language);

// CJK ideographs (hanzi) only.
bool is_ideograph(std::uint32_t code);
// Ideographs, CJK punctuation and full-width forms.
bool is_chinese_char(std::uint32_t code);
// True when the text holds at least one Chinese character.
bool is_chinese(std::string_view text);
Language language_of(std::string_view text);

// Length of the well-formed UTF-8 sequence at text[at], or 0 when it is not one (stray continuation
// bytes, overlong forms, surrogates, values past U+10FFFF, a sequence cut short).
std::size_t utf8_sequence_length(std::string_view text, std::size_t at);

// The code point at pos, advancing pos; a malformed byte reads as itself and advances by one.
std::uint32_t decode_utf8(std::string_view text, std::size_t& pos);

// The largest index <= at that starts a character (or is the end).
std::size_t character_boundary(std::string_view text, std::size_t at);

// At most max_bytes of whole characters, then the ellipsis when anything was cut.
std::string truncated(std::string_view text, std::size_t max_bytes, std::string_view ellipsis = "\xE2\x80\xA6");

}  // namespace cw::draft
