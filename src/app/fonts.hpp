// The UI font: a small embedded Latin subset, plus a CJK font fetched only once Chinese (or other
// wide) text appears, rasterising just the glyphs the page has shown. Keeps the first load light.
#pragma once
#include <cstddef>
#include <set>
#include <string_view>
#include <vector>

#include <imgui.h>

namespace cw::app {

class Fonts {
public:
    // `latin_ttf` must outlive this object (it is the embedded font).
    Fonts(const unsigned char* latin_ttf, size_t latin_size, float css_pixel_size);

    // Remembers codepoints the UI is going to draw.
    void note_text(std::string_view utf8);
    // True once text needs glyphs beyond Latin and the CJK font has not been asked for yet.
    bool wants_cjk_font() const { return !extra_codepoints_.empty() && cjk_ttf_.empty() && !cjk_requested_; }
    void mark_cjk_requested() { cjk_requested_ = true; }
    void set_cjk_font(std::vector<unsigned char> ttf);

    bool needs_rebuild(float pixel_ratio) const;
    // Rebuilds `atlas` at the device pixel ratio; the caller re-uploads the texture and sets
    // io.FontGlobalScale to 1 / pixel_ratio so text stays the same CSS size but sharp.
    void rebuild(ImFontAtlas& atlas, float pixel_ratio);

    size_t extra_glyph_count() const { return extra_codepoints_.size(); }
    bool has_cjk_font() const { return !cjk_ttf_.empty(); }

private:
    const unsigned char* latin_ttf_;
    size_t latin_size_;
    float css_pixel_size_;
    std::vector<unsigned char> cjk_ttf_;
    bool cjk_requested_ = false;
    std::set<ImWchar> extra_codepoints_;
    size_t built_extra_count_ = 0;
    bool built_with_cjk_ = false;
    float built_pixel_ratio_ = 0.0f;
    ImVector<ImWchar> cjk_ranges_;  // must outlive the atlas build
};

}  // namespace cw::app
