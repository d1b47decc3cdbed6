// Font lookup among Debian's fonts-noto-core, fonts-droid-fallback and fonts-dejavu paths.
#include "fonts.hpp"

#include <filesystem>
#include <initializer_list>

namespace cw::server {

namespace {

std::string first_existing(std::initializer_list<const char*> candidates) {
    std::error_code error;
    for (const char* path : candidates)
        if (std::filesystem::is_regular_file(path, error)) return path;
    return {};
}

const std::string& latin_font() {
    static const std::string path = first_existing({
        "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
        "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    });
    return path;
}

const std::string& cjk_font() {
    static const std::string path = first_existing({
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    });
    return path;
}

}  // namespace

bool has_cjk(const std::string& utf8) {
    // Lead bytes 0xE3–0xE9 start the three-byte sequences of CJK punctuation, kana and ideographs.
    for (unsigned char c : utf8)
        if (c >= 0xE3 && c <= 0xE9) return true;
    return false;
}

std::string font_for_text(const std::string& text) {
    if (has_cjk(text) && !cjk_font().empty()) return cjk_font();
    return latin_font().empty() ? cjk_font() : latin_font();
}

}  // namespace cw::server
