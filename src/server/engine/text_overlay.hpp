// Text segments as one ASS subtitle script: libass draws them with font fallback through fontconfig,
// so a title mixing Latin and Chinese uses Noto Sans for one and Droid Sans Fallback for the other.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

namespace cw::server {

// The script for every text segment of the draft at a width×height output; empty when there is no text.
std::string text_overlay_script(const nlohmann::json& draft, int width, int height);

// The user's words as literal ASS dialogue text (override braces and escapes neutralised).
std::string ass_literal(const std::string& text);

}  // namespace cw::server
