// Media probing. ffprobe only reads local files here and only the accepted containers, so a playlist
// or a text file cannot make it open anything else.
#include "probe.hpp"

#include <cmath>
#include <fstream>

#include <nlohmann/json.hpp>

#include "ffmpeg_process.hpp"

namespace cw::server {

namespace {

using nlohmann::json;

const char* const container_whitelist =
    "mov,mp4,m4a,3gp,3g2,mj2,avi,matroska,webm,jpeg_pipe,png_pipe,gif,webp_pipe,mp3,wav,aac";

bool is_heic(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    char head[12] = {};
    if (!in.read(head, sizeof head)) return false;
    if (std::string(head + 4, 4) != "ftyp") return false;
    const std::string brand(head + 8, 4);
    return brand == "heic" || brand == "heix" || brand == "heim" || brand == "heis" || brand == "hevc" ||
           brand == "hevx" || brand == "mif1" || brand == "msf1";
}

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

std::optional<ProbeResult> classify(const json& info) {
    const json format = info.value("format", json::object());
    const std::string name = format.value("format_name", "");
    const std::string brand = format.value("tags", json::object()).value("major_brand", "");
    const Streams streams = find_streams(info);
    ProbeResult r;
    if (streams.video) {
        r.width = streams.video->value("width", 0);
        r.height = streams.video->value("height", 0);
    }
    r.has_audio = streams.audio;

    struct Still { const char* format; const char* ext; const char* mime; };
    for (const Still& s : {Still{"jpeg_pipe", "jpg", "image/jpeg"}, Still{"png_pipe", "png", "image/png"},
                           Still{"gif", "gif", "image/gif"}, Still{"webp_pipe", "webp", "image/webp"}}) {
        if (name == s.format) {
            if (!streams.video || r.width <= 0) return std::nullopt;
            r.type = "image", r.extension = s.ext, r.mime = s.mime;
            r.duration_ms = name == "gif" ? duration_ms(info) : 0;
            return r;
        }
    }
    struct Sound { const char* format; const char* ext; const char* mime; };
    for (const Sound& s : {Sound{"mp3", "mp3", "audio/mpeg"}, Sound{"wav", "wav", "audio/wav"},
                           Sound{"aac", "aac", "audio/aac"}}) {
        if (name == s.format) {
            if (!streams.audio) return std::nullopt;
            r.type = "audio", r.extension = s.ext, r.mime = s.mime;
            r.duration_ms = duration_ms(info);
            r.width = r.height = 0;
            return r;
        }
    }
    const bool isobmff = name.rfind("mov,mp4", 0) == 0;
    const bool matroska = name == "matroska,webm";
    if (!isobmff && !matroska && name != "avi") return std::nullopt;
    r.duration_ms = duration_ms(info);
    if (!streams.video || r.width <= 0) {
        if (!streams.audio) return std::nullopt;
        r.type = "audio", r.width = r.height = 0;
        if (isobmff) r.extension = "m4a", r.mime = "audio/mp4";
        else if (matroska) r.extension = "webm", r.mime = "audio/webm";
        else return std::nullopt;
        return r;
    }
    r.type = "video";
    if (isobmff && brand.rfind("qt", 0) == 0) r.extension = "mov", r.mime = "video/quicktime";
    else if (isobmff) r.extension = "mp4", r.mime = "video/mp4";
    else if (name == "avi") r.extension = "avi", r.mime = "video/x-msvideo";
    else {
        const std::string codec = streams.video->value("codec_name", "");
        const bool web = codec == "vp8" || codec == "vp9" || codec == "av1";
        r.extension = web ? "webm" : "mkv";
        r.mime = web ? "video/webm" : "video/x-matroska";
    }
    return r;
}

}  // namespace

const char* accepted_formats() {
    return "mp4, mov, avi, webm, mkv (video); jpg, png, gif, webp, heic (image); mp3, wav, m4a, aac (audio)";
}

std::optional<ProbeResult> probe_media(const std::string& ffprobe, const std::string& path) {
    if (is_heic(path)) return ProbeResult{"image", "heic", "image/heic", 0, 0, 0, false};
    const CommandResult run = run_command({ffprobe, "-v", "error", "-protocol_whitelist", "file", "-format_whitelist",
                                           container_whitelist, "-print_format", "json", "-show_format",
                                           "-show_streams", "file:" + path},
                                          30000);
    if (!run.started || run.timed_out || run.exit_code != 0) return std::nullopt;
    const json info = json::parse(run.out, nullptr, false);
    if (info.is_discarded() || !info.is_object()) return std::nullopt;
    return classify(info);
}

}  // namespace cw::server
