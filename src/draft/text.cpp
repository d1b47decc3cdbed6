// Byte-level rules live here only; everything else asks these functions.
#include "draft/text.hpp"

#include <cctype>

namespace cw::draft {

Language language_from_code(std::string_view code) {
    bool zh = code.size() >= 2 && std::tolower(static_cast<unsigned char>(code[0])) == 'z' &&
              std::tolower(static_cast<unsigned char>(code[1])) == 'h' && (code.size() == 2 || code[2] == '-' || code[2] == '_');
    return zh ? Language::zh : Language::en;
}

const char* code_of(Language language) { return language == Language::zh ? "zh" : "en"; }

bool is_ideograph(std::uint32_t code) {
    return (code >= 0x3400 && code <= 0x9FFF) ||  // ideographs, extension A
           (code >= 0xF900 && code <= 0xFAFF) ||  // compatibility ideographs
           (code >= 0x20000 && code <= 0x2FA1F);  // extensions B and later
}

bool is_chinese_char(std::uint32_t code) {
    return is_ideograph(code) || (code >= 0x3000 && code <= 0x303F) || (code >= 0xFF00 && code <= 0xFFEF);
}

bool is_chinese(std::string_view text) {
    for (std::size_t pos = 0; pos < text.size();)
        if (is_chinese_char(decode_utf8(text, pos))) return true;
    return false;
}

Language language_of(std::string_view text) { return is_chinese(text) ? Language::zh : Language::en; }

std::size_t utf8_sequence_length(std::string_view text, std::size_t at) {
    const auto byte = [&](std::size_t i) { return i < text.size() ? static_cast<unsigned char>(text[i]) : 0u; };
    const unsigned lead = byte(at);
    if (lead < 0x80) return 1;
    const std::size_t length = lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3 : lead >= 0xF0 && lead <= 0xF4 ? 4 : 0;
    if (length == 0) return 0;
    for (std::size_t i = 1; i < length; ++i)
        if ((byte(at + i) & 0xC0) != 0x80) return 0;
    const unsigned second = byte(at + 1);
    if ((lead == 0xE0 && second < 0xA0) || (lead == 0xED && second > 0x9F)) return 0;  // overlong, surrogate
    if ((lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second > 0x8F)) return 0;  // overlong, too big
    return length;
}

std::uint32_t decode_utf8(std::string_view text, std::size_t& pos) {
    std::size_t length = utf8_sequence_length(text, pos);
    auto lead = static_cast<unsigned char>(text[pos]);
    if (length <= 1) {
        ++pos;
        return lead;
    }
    std::uint32_t code = lead & (0x3F >> (length - 1));
    for (std::size_t i = 1; i < length; ++i) code = (code << 6) | (static_cast<unsigned char>(text[pos + i]) & 0x3F);
    pos += length;
    return code;
}

std::size_t character_boundary(std::string_view text, std::size_t at) {
    if (at >= text.size()) return text.size();
    while (at > 0 && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) --at;
    return at;
}

std::string truncated(std::string_view text, std::size_t max_bytes, std::string_view ellipsis) {
    if (text.size() <= max_bytes) return std::string(text);
    std::string out(text.substr(0, character_boundary(text, max_bytes)));
    out += ellipsis;
    return out;
}

}  // namespace cw::draft
