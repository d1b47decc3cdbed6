// The renderer: a draft becomes an MP4, GIF or WebM through ffmpeg, run without a shell.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "media_info.hpp"

namespace cw::server {

struct RenderOptions {
    std::string format = "mp4";  // "mp4" | "gif" | "webm"
    std::string quality = "high";
    int width = 0;               // 0: from the canvas (mp4/webm) or the GIF default
    int height = 0;
    int fps = 0;                 // 0: from the canvas / GIF default
    int colors = 0;              // GIF palette size, 0: 256
    std::string dither;          // GIF: "sierra2_4a" (default), "bayer", "floyd_steinberg", "none"
    int64_t max_bytes = 0;       // GIF: re-encode smaller until the file fits; 0: no limit

    // Reads the contract's "output" object plus the options the local backend documents.
    // Throws std::invalid_argument with a user-facing message on bad values.
    static RenderOptions from_json(const nlohmann::json& output);
};

struct RenderJob {
    nlohmann::json draft;
    nlohmann::json canvas;                      // {"width","height","fps"}
    std::map<std::string, MediaInfo> media;     // by id
    RenderOptions options;
    std::string out_path;                       // final file; written atomically (temp + rename)
    std::string work_dir;                       // scratch folder for this job, removed by the caller
};

struct RenderResult {
    bool ok = false;
    std::string error;   // user-facing reason when !ok
    int64_t size = 0;
};

// Blocking; calls progress(0..1) as ffmpeg reports it; stops early when cancel becomes true.
RenderResult render(const RenderJob& job, const std::function<void(double)>& progress,
                    const std::atomic<bool>& cancel);

}  // namespace cw::server
