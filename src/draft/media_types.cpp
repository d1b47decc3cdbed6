// The table is the only place a format is named; everything below derives from it.
#include "draft/media_types.hpp"

#include <algorithm>
#include <cctype>

namespace cw::draft {

namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool has(const std::vector<std::string_view>& list, std::string_view value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace

const std::vector<MediaFormat>& accepted_formats() {
    static const std::vector<MediaFormat> formats = {
        {MediaKind::video, "mp4", {"m4v"}, {"video/mp4", "video/x-m4v"}},
        {MediaKind::video, "mov", {"qt"}, {"video/quicktime"}},
        {MediaKind::video, "avi", {}, {"video/x-msvideo", "video/avi", "video/msvideo"}},
        {MediaKind::video, "webm", {}, {"video/webm"}},
        {MediaKind::video, "mkv", {}, {"video/x-matroska"}},
        {MediaKind::image, "jpg", {"jpeg", "jpe", "jfif", "pjpeg", "pjp"}, {"image/jpeg", "image/pjpeg"}},
        {MediaKind::image, "png", {}, {"image/png"}},
        {MediaKind::image, "gif", {}, {"image/gif"}},
        {MediaKind::image, "webp", {}, {"image/webp"}},
        {MediaKind::image, "heic", {"heif", "hif"}, {"image/heic", "image/heif", "image/heic-sequence", "image/heif-sequence"}},
        {MediaKind::audio, "mp3", {}, {"audio/mpeg", "audio/mp3"}},
        {MediaKind::audio, "wav", {"wave"}, {"audio/wav", "audio/x-wav", "audio/wave"}},
        {MediaKind::audio, "m4a", {}, {"audio/mp4", "audio/x-m4a"}},
        {MediaKind::audio, "aac", {}, {"audio/aac", "audio/x-aac"}},
    };
    return formats;
}

const char* to_string(MediaKind kind) {
    switch (kind) {
    case MediaKind::video: return "video";
    case MediaKind::image: return "image";
    case MediaKind::audio: return "audio";
    case MediaKind::unknown: break;
    }
    return "unknown";
}

MediaKind media_kind_from(std::string_view name) {
    for (MediaKind kind : {MediaKind::video, MediaKind::image, MediaKind::audio})
        if (name == to_string(kind)) return kind;
    return MediaKind::unknown;
}

std::string file_extension(std::string_view file_name) {
    std::size_t dot = file_name.rfind('.');
    if (dot == std::string_view::npos || dot + 1 == file_name.size()) return {};
    std::string_view extension = file_name.substr(dot + 1);
    if (extension.find_first_of("/\\") != std::string_view::npos) return {};
    return lower(extension);
}

const MediaFormat* format_for_extension(std::string_view extension) {
    std::string wanted = lower(extension);
    for (const MediaFormat& format : accepted_formats())
        if (format.name == wanted || has(format.aliases, wanted)) return &format;
    return nullptr;
}

const MediaFormat* format_for_mime(std::string_view mime) {
    std::string wanted = lower(mime.substr(0, mime.find(';')));
    while (!wanted.empty() && wanted.back() == ' ') wanted.pop_back();
    for (const MediaFormat& format : accepted_formats())
        if (has(format.mimes, wanted)) return &format;
    return nullptr;
}

MediaKind kind_of_file(std::string_view file_name, std::string_view mime) {
    if (const MediaFormat* format = format_for_extension(file_extension(file_name))) return format->kind;
    if (const MediaFormat* format = format_for_mime(mime)) return format->kind;
    return MediaKind::unknown;
}

std::string picker_accept() {
    std::string extensions, mimes;
    for (const MediaFormat& format : accepted_formats()) {
        extensions += (extensions.empty() ? "." : ",.") + std::string(format.name);
        for (std::string_view alias : format.aliases) extensions += ",." + std::string(alias);
        for (std::string_view mime : format.mimes) mimes += "," + std::string(mime);
    }
    return extensions + mimes;
}

std::string formats_text() {
    std::string text;
    for (const MediaFormat& format : accepted_formats()) text += (text.empty() ? "" : ", ") + std::string(format.name);
    return text;
}

std::string formats_by_kind_text(Language language) {
    struct Heading {
        MediaKind kind;
        const char* en;
        const char* zh;
    };
    static const Heading headings[] = {{MediaKind::video, "Video:", "视频："}, {MediaKind::image, "Images:", "图片："}, {MediaKind::audio, "Audio:", "音频："}};
    std::string text;
    for (const Heading& heading : headings) {
        std::string names;
        for (const MediaFormat& format : accepted_formats())
            if (format.kind == heading.kind) names += (names.empty() ? "" : " ") + std::string(format.name);
        if (!text.empty()) text += " \xC2\xB7 ";
        text += language == Language::zh ? std::string(heading.zh) + names : std::string(heading.en) + " " + names;
    }
    return text;
}

}  // namespace cw::draft
