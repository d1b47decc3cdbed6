// What the server knows about one stored media file; shared by the store, the agent and the renderer.
#pragma once
#include <cstdint>
#include <string>

namespace cw::server {

struct MediaInfo {
    std::string id;          // stable id, also the draft's m.src
    std::string name;        // the user's file name, for display only (never a path)
    std::string type;        // "video" | "image" | "audio"
    std::string path;        // absolute path inside the data folder's media directory
    std::string url;         // URL the browser can fetch it from
    int64_t size = 0;        // bytes
    int64_t duration_ms = 0; // 0 for images
    int width = 0;
    int height = 0;
    bool has_audio = false;  // a video with an audio stream
};

}  // namespace cw::server
