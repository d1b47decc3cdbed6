// The Latin UI font, embedded at build time from a subset of Debian's Noto Sans.
#pragma once
#include <cstddef>

namespace cw::platform {
const unsigned char* latin_font_data();
size_t latin_font_size();
}  // namespace cw::platform
