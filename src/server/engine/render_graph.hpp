// Builds the single ffmpeg command that renders a draft: inputs, one filtergraph, encoder options.
// Pure (no I/O) so tests can read the command; text overlays come back as files to write first.
#pragma once
#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "renderer.hpp"

namespace cw::server {

// The concrete output after applying options, the draft's export preferences and the canvas.
struct OutputSpec {
    std::string format;  // mp4 | gif | webm
    int width = 0;
    int height = 0;
    int fps = 0;
    int colors = 256;
    std::string dither = "none";
    std::string quality = "high";
    // GIF only: libimagequant's quality for each frame's palette, and gifsicle's lossy LZW level
    // (0: lossless); a size limit lowers them before it narrows the picture.
    int gif_quality = 90;
    int gif_lossy = 0;
    bool preview = false;  // speed over size: made after every edit, watched once, thrown away

    // 720p and up, in either orientation: BT.709; below: BT.601 (SMPTE 170M).
    bool hd() const { return std::min(width, height) >= 720; }
};

struct FfmpegPlan {
    std::vector<std::string> argv;                            // argv[0] is "ffmpeg"
    std::vector<std::pair<std::string, std::string>> files;  // name relative to the work dir, content
    int64_t duration_ms = 0;
};

OutputSpec resolve_output_spec(const RenderJob& job);

// Throws std::invalid_argument with a user-facing message (empty timeline, unknown media, ...).
// `output_path` is absolute; ffmpeg runs inside the job's work dir so the files can be named relatively.
FfmpegPlan build_ffmpeg_plan(const RenderJob& job, const OutputSpec& spec, const std::string& output_path);

}  // namespace cw::server
