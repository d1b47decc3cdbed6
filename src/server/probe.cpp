// Media probing. ffprobe only reads local files here and only the accepted containers, so a playlist
// or a text file cannot make it open anything else.
#include "probe.hpp"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "draft/media_types.hpp"
#include "ffmpeg_process.hpp"

namespace cw::server {

namespace {

// What a file is called and served as comes from the one list of accepted formats.
void name_as(ProbeResult& r, std::string_view extension) {
    const draft::MediaFormat* format = draft::format_for_extension(extension);
    r.type = format ? draft::to_string(format->kind) : "unknown";
    r.extension = std::string(extension);
    r.mime = format ? std::string(format->mimes.front()) : "application/octet-stream";
}

using nlohmann::json;

const char* const container_whitelist =
    "mov,mp4,m4a,3gp,3g2,mj2,avi,matroska,webm,jpeg_pipe,png_pipe,gif,webp_pipe,mp3,wav,aac";

struct Streams {
    const json* video = nullptr;
    bool audio = false;
};

Streams find_streams(const json& info) {
    Streams found;
    const auto streams = info.find("streams");
    if (streams == info.end() || !streams->is_array()) return found;
    for (const json& s : *streams) {
        const std::string kind = s.value("codec_type", "");
        const bool cover_art = s.value("disposition", json::object()).value("attached_pic", 0) == 1;
        if (kind == "video" && !cover_art && !found.video) found.video = &s;
        if (kind == "audio") found.audio = true;
    }
    return found;
}

int64_t duration_ms(const json& info) {
    const std::string text = info.value("format", json::object()).value("duration", "");
    try {
        const double seconds = text.empty() ? 0.0 : std::stod(text);
        return std::isfinite(seconds) && seconds > 0 ? int64_t(std::llround(seconds * 1000.0)) : 0;
    } catch (const std::exception&) {
        return 0;
    }
}

// The rotation a display matrix asks for, in degrees: on the stream (phone videos) or on its first
// decoded frame (JPEG EXIF orientation, which ffprobe shows only there).
int rotation_of(const json& info, const json& video) {
    auto rotation_in = [](const json& holder) -> std::optional<int> {
        const json list = holder.value("side_data_list", json::array());
        for (const json& side : list)
            if (side.is_object() && side.contains("rotation") && side["rotation"].is_number()) return side["rotation"].get<int>();
        return std::nullopt;
    };
    if (auto r = rotation_in(video)) return *r;
    const std::string tag = video.value("tags", json::object()).value("rotate", "");
    if (!tag.empty()) return std::atoi(tag.c_str());
    const int index = video.value("index", 0);
    for (const json& frame : info.value("frames", json::array()))
        if (frame.value("stream_index", -1) == index)
            if (auto r = rotation_in(frame)) return *r;
    return 0;
}

// The size players show: the coded size stretched by the sample aspect ratio, then turned by the
// display matrix (a portrait phone clip is stored 1920×1080 with a 90° rotation).
void displayed_size(const json& info, const json& video, ProbeResult& r) {
    r.width = video.value("width", 0);
    r.height = video.value("height", 0);
    const std::string sar = video.value("sample_aspect_ratio", "");
    const std::size_t colon = sar.find(':');
    if (colon != std::string::npos) {
        const double num = std::atof(sar.c_str()), den = std::atof(sar.c_str() + colon + 1);
        if (num > 0 && den > 0 && num != den) r.width = static_cast<int>(std::lround(r.width * num / den / 2) * 2);
    }
    if (std::abs(rotation_of(info, video)) % 180 == 90) std::swap(r.width, r.height);
}

// An animated GIF is a clip: it has its own length and plays (and loops) like one.
bool animated(const json& video) {
    const std::string frames = video.value("nb_frames", "");
    return !frames.empty() && std::atoi(frames.c_str()) > 1;
}

// A clip's length, read defensively: a container may claim hours for a handful of frames (two frames
// ten hours apart). Then the frames, at an ordinary 25 a second, say how long it really plays.
int64_t clip_duration_ms(const json& info, const json* video) {
    const int64_t claimed = duration_ms(info);
    if (!video) return claimed;
    const int frames = std::atoi(video->value("nb_frames", "0").c_str());
    if (frames <= 0 || claimed <= int64_t(frames) * 5000) return claimed;
    return int64_t(frames) * 40;
}

std::optional<ProbeResult> classify(const json& info) {
    const json format = info.value("format", json::object());
    const std::string name = format.value("format_name", "");
    const std::string brand = format.value("tags", json::object()).value("major_brand", "");
    const Streams streams = find_streams(info);
    ProbeResult r;
    if (streams.video) displayed_size(info, *streams.video, r);
    r.has_audio = streams.audio;

    struct Known { const char* format; const char* ext; };
    for (const Known& s : {Known{"jpeg_pipe", "jpg"}, Known{"png_pipe", "png"}, Known{"gif", "gif"}, Known{"webp_pipe", "webp"}}) {
        if (name == s.format) {
            if (!streams.video || r.width <= 0) return std::nullopt;
            name_as(r, s.ext);
            r.duration_ms = 0;
            if (name == "gif" && animated(*streams.video)) r.type = "video", r.duration_ms = duration_ms(info);
            return r;
        }
    }
    for (const Known& s : {Known{"mp3", "mp3"}, Known{"wav", "wav"}, Known{"aac", "aac"}}) {
        if (name == s.format) {
            if (!streams.audio) return std::nullopt;
            name_as(r, s.ext);
            r.duration_ms = duration_ms(info);
            r.width = r.height = 0;
            return r;
        }
    }
    const bool isobmff = name.rfind("mov,mp4", 0) == 0;
    const bool matroska = name == "matroska,webm";
    if (!isobmff && !matroska && name != "avi") return std::nullopt;
    r.duration_ms = clip_duration_ms(info, streams.video);
    if (!streams.video || r.width <= 0) {
        if (!streams.audio) return std::nullopt;
        r.width = r.height = 0;
        if (isobmff) name_as(r, "m4a");
        else if (matroska) name_as(r, "webm"), r.type = "audio", r.mime = "audio/webm";  // sound only: not a video
        else return std::nullopt;
        return r;
    }
    if (isobmff && brand.rfind("qt", 0) == 0) name_as(r, "mov");
    else if (isobmff) name_as(r, "mp4");
    else if (name == "avi") name_as(r, "avi");
    else {
        const std::string codec = streams.video->value("codec_name", "");
        const bool web = codec == "vp8" || codec == "vp9" || codec == "av1";
        name_as(r, web ? "webm" : "mkv");
    }
    return r;
}

uint32_t big_endian(const std::string& b, size_t at, size_t bytes) {
    uint32_t value = 0;
    for (size_t i = 0; i < bytes; ++i) value = value << 8 | static_cast<unsigned char>(b[at + i]);
    return value;
}

uint32_t little_endian(const std::string& b, size_t at, size_t bytes) {
    uint32_t value = 0;
    for (size_t i = bytes; i-- > 0;) value = value << 8 | static_cast<unsigned char>(b[at + i]);
    return value;
}

using Size = std::pair<int64_t, int64_t>;

// JPEG: the first start-of-frame marker (SOF0..SOF15 except DHT, JPG and DAC) after the segments before it.
std::optional<Size> jpeg_size(const std::string& b) {
    size_t at = 2;
    while (at + 9 <= b.size() && static_cast<unsigned char>(b[at]) == 0xFF) {
        const unsigned marker = static_cast<unsigned char>(b[at + 1]);
        const bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (sof) return Size{big_endian(b, at + 7, 2), big_endian(b, at + 5, 2)};
        at += 2 + big_endian(b, at + 2, 2);
    }
    return std::nullopt;
}

std::optional<Size> webp_size(const std::string& b) {
    if (b.size() < 30 || b.compare(0, 4, "RIFF") != 0 || b.compare(8, 4, "WEBP") != 0) return std::nullopt;
    const std::string chunk = b.substr(12, 4);
    if (chunk == "VP8X") return Size{little_endian(b, 24, 3) + 1, little_endian(b, 27, 3) + 1};
    if (chunk == "VP8 ") return Size{little_endian(b, 26, 2) & 0x3FFF, little_endian(b, 28, 2) & 0x3FFF};
    if (chunk == "VP8L") {
        const uint32_t bits = little_endian(b, 21, 4);
        return Size{(bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1};
    }
    return std::nullopt;
}

}  // namespace

bool too_many_pixels(int64_t width, int64_t height) {
    return width > kMaxPictureSide || height > kMaxPictureSide || width * height > kMaxPicturePixels;
}

std::optional<std::pair<int64_t, int64_t>> image_header_size(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::string b(64 * 1024, '\0');  // JPEG's frame header may follow large EXIF blocks
    in.read(b.data(), std::streamsize(b.size()));
    b.resize(size_t(in.gcount()));
    if (b.size() >= 24 && b.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0 && b.compare(12, 4, "IHDR") == 0)
        return Size{big_endian(b, 16, 4), big_endian(b, 20, 4)};
    if (b.size() >= 10 && (b.compare(0, 6, "GIF87a") == 0 || b.compare(0, 6, "GIF89a") == 0))
        return Size{little_endian(b, 6, 2), little_endian(b, 8, 2)};
    if (b.size() >= 4 && b.compare(0, 3, "\xFF\xD8\xFF") == 0) return jpeg_size(b);
    return webp_size(b);
}

bool is_heic(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    char head[12] = {};
    if (!in.read(head, sizeof head)) return false;
    if (std::string(head + 4, 4) != "ftyp") return false;
    const std::string brand(head + 8, 4);
    return brand == "heic" || brand == "heix" || brand == "heim" || brand == "heis" || brand == "hevc" ||
           brand == "hevx" || brand == "mif1" || brand == "msf1";
}

bool decode_heif(const std::string& heif_convert, const std::string& path, const std::string& png) {
    if (!is_heic(path)) return false;
    const CommandResult run = run_command({heif_convert, path, png}, 60000);
    std::error_code ec;
    return run.started && !run.timed_out && run.exit_code == 0 && std::filesystem::file_size(png, ec) > 0 && !ec;
}

std::optional<ProbeResult> probe_media(const std::string& ffprobe, const std::string& path) {
    if (is_heic(path)) return std::nullopt;  // HEIF is decoded to PNG before it is probed (decode_heif)
    // -max_pixels: a frame header that slipped past image_header_size still cannot make ffprobe
    // allocate a huge picture; the stream then reads as 0x0 and the file is refused.
    const CommandResult run = run_command({ffprobe, "-v", "error", "-max_pixels", std::to_string(kMaxPicturePixels),
                                           "-protocol_whitelist", "file", "-format_whitelist",
                                           container_whitelist, "-print_format", "json", "-show_format",
                                           "-show_streams", "-show_entries", "frame=stream_index:frame_side_data_list",
                                           "-read_intervals", "%+#1", "file:" + path},
                                          30000);
    if (!run.started || run.timed_out || run.exit_code != 0) return std::nullopt;
    const json info = json::parse(run.out, nullptr, false);
    if (info.is_discarded() || !info.is_object()) return std::nullopt;
    return classify(info);
}

}  // namespace cw::server
