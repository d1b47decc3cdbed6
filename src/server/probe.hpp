// Decides what an uploaded file really is from its bytes (ffprobe plus a magic-number check for HEIC),
// never from its name.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace cw::server {

struct ProbeResult {
    std::string type;       // video | image | audio
    std::string extension;  // the stored file's extension: mp4, mov, jpg, ...
    std::string mime;
    int64_t duration_ms = 0;
    int width = 0;
    int height = 0;
    bool has_audio = false;
};

// The formats the contract accepts, for error messages.
const char* accepted_formats();

// Nothing when the file is not one of the accepted formats.
std::optional<ProbeResult> probe_media(const std::string& ffprobe, const std::string& path);

}  // namespace cw::server
