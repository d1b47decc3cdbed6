// Font atlas management: base Latin ranges always, wide glyphs on demand.
#include "app/fonts.hpp"

#include <imgui_internal.h>

namespace cw::app {
namespace {

// Matches the Latin subset the build makes (assets/fonts/subset.sh): ASCII, Latin-1, Latin
// Extended-A, punctuation and the euro sign. Icons are drawn as shapes, not glyphs.
const ImWchar kLatinRanges[] = {
    0x0020, 0x017F, 0x2010, 0x2027, 0x2030, 0x203A, 0x20AC, 0x20AC, 0,
};

bool in_latin_ranges(unsigned int c) {
    for (const ImWchar* r = kLatinRanges; r[0]; r += 2) {
        if (c >= r[0] && c <= r[1]) return true;
    }
    return false;
}

ImFontConfig borrowed_font_config(bool merge) {
    ImFontConfig config;
    config.FontDataOwnedByAtlas = false;
    config.MergeMode = merge;
    config.OversampleH = 1;
    config.OversampleV = 1;
    config.PixelSnapH = true;
    return config;
}

}  // namespace

Fonts::Fonts(const unsigned char* latin_ttf, size_t latin_size, float css_pixel_size)
    : latin_ttf_(latin_ttf), latin_size_(latin_size), css_pixel_size_(css_pixel_size) {}

void Fonts::note_text(std::string_view utf8) {
    const char* p = utf8.data();
    const char* end = p + utf8.size();
    while (p < end) {
        unsigned int c = 0;
        const int used = ImTextCharFromUtf8(&c, p, end);
        if (used <= 0) break;
        p += used;
        if (c >= 0x80 && c <= IM_UNICODE_CODEPOINT_MAX && !in_latin_ranges(c)) {
            extra_codepoints_.insert(static_cast<ImWchar>(c));
        }
    }
}

void Fonts::set_cjk_font(std::vector<unsigned char> ttf) {
    cjk_ttf_ = std::move(ttf);
    cjk_requested_ = true;
}

bool Fonts::needs_rebuild(float pixel_ratio) const {
    if (pixel_ratio != built_pixel_ratio_) return true;
    if (has_cjk_font() != built_with_cjk_) return true;
    return has_cjk_font() && extra_codepoints_.size() != built_extra_count_;
}

void Fonts::rebuild(ImFontAtlas& atlas, float pixel_ratio) {
    atlas.Clear();
    const float size = css_pixel_size_ * pixel_ratio;
    ImFontConfig latin = borrowed_font_config(false);
    atlas.AddFontFromMemoryTTF(const_cast<unsigned char*>(latin_ttf_), static_cast<int>(latin_size_), size,
                               &latin, kLatinRanges);
    if (has_cjk_font() && !extra_codepoints_.empty()) {
        cjk_ranges_.clear();
        for (ImWchar c : extra_codepoints_) {
            cjk_ranges_.push_back(c);
            cjk_ranges_.push_back(c);
        }
        cjk_ranges_.push_back(0);
        ImFontConfig cjk = borrowed_font_config(true);
        atlas.AddFontFromMemoryTTF(cjk_ttf_.data(), static_cast<int>(cjk_ttf_.size()), size, &cjk,
                                   cjk_ranges_.Data);
    }
    atlas.Build();
    built_pixel_ratio_ = pixel_ratio;
    built_with_cjk_ = has_cjk_font();
    built_extra_count_ = extra_codepoints_.size();
}

}  // namespace cw::app
