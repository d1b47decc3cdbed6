// Finds the installed font files drawtext uses: a Latin title font and a fallback that covers Chinese.
#pragma once
#include <string>

namespace cw::server {

// A font file able to draw `text` (Chinese needs DroidSansFallback); empty when none is installed.
std::string font_for_text(const std::string& text);

bool has_cjk(const std::string& utf8);

}  // namespace cw::server
