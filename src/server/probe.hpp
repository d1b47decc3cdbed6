// Decides what an uploaded file really is from its bytes (ffprobe plus a magic-number check for HEIC),
// never from its name.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

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

// Pictures larger than this are refused before anything decodes them: a few bytes of PNG header can
// claim 60000x60000 pixels, gigabytes once decoded. 67 megapixels fits a 64 MP phone photo.
constexpr int kMaxPictureSide = 16384;
constexpr int64_t kMaxPicturePixels = int64_t(8192) * 8192;
bool too_many_pixels(int64_t width, int64_t height);

// Width and height from a PNG, GIF, JPEG or WebP header, read without decoding; nothing for other
// files or a header too short to tell.
std::optional<std::pair<int64_t, int64_t>> image_header_size(const std::string& path);

// Nothing when the file is not one of the accepted formats. Sizes are as displayed (rotation and
// sample aspect ratio applied); an animated GIF is a video.
std::optional<ProbeResult> probe_media(const std::string& ffprobe, const std::string& path);

// HEIC/HEIF photos (iPhones' default) are decoded by libheif into a lossless PNG at `png`, its
// orientation applied; false when the file is not HEIF or does not decode.
bool is_heic(const std::string& path);
bool decode_heif(const std::string& heif_convert, const std::string& path, const std::string& png);

}  // namespace cw::server
