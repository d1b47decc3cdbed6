// The built-in music bed ("builtin:music"): a soft I–V–vi–IV chord progression synthesised by ffmpeg,
// so promos have music without any downloaded asset.
#pragma once
#include <string>

namespace cw::server {

inline constexpr const char* kBuiltinMusic = "builtin:music";

// A filtergraph source chain (no input pads) producing `duration_s` seconds of 48 kHz stereo music.
std::string builtin_music_source(double duration_s);

}  // namespace cw::server
