// The renderer: a draft becomes an MP4, GIF or WebM through ffmpeg, run without a shell.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "draft/export_options.hpp"
#include "media_info.hpp"

namespace cw::server {

using draft::ExportOptions;

struct RenderJob {
    nlohmann::json draft;
    nlohmann::json canvas;                      // {"width","height","fps"}
    std::map<std::string, MediaInfo> media;     // by id
    ExportOptions options;
    std::string out_path;                       // final file; written atomically (temp + rename)
    std::string work_dir;                       // scratch folder for this job, removed by the caller
    bool preview = false;                       // the player's preview: the fastest encoder settings
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
