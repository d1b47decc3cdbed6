// The one list of media the product accepts (contract §4): kinds, extensions with their aliases,
// MIME types and the size limit. The page's file-picker filter, the app's check before sending, the
// server's names for what it found by content, and every help text are generated from it.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "draft/text.hpp"

namespace cw::draft {

enum class MediaKind { video, image, audio, unknown };
const char* to_string(MediaKind kind);
MediaKind media_kind_from(std::string_view name);  // "video" | "image" | "audio"

struct MediaFormat {
    MediaKind kind;
    std::string_view name;                  // the extension a stored file gets: "jpg"
    std::vector<std::string_view> aliases;  // other extensions of the same format: "jpeg", "jfif"
    std::vector<std::string_view> mimes;    // the first is what the server serves
};

inline constexpr std::int64_t kDefaultMaxUploadBytes = 200LL * 1024 * 1024;

const std::vector<MediaFormat>& accepted_formats();

// Lower-case extension after the last dot, "" when there is none.
std::string file_extension(std::string_view file_name);
const MediaFormat* format_for_extension(std::string_view extension);  // any letter case, aliases too
const MediaFormat* format_for_mime(std::string_view mime);            // parameters ignored
// The file's kind from its name; a name with no known extension is decided by the browser's MIME type.
MediaKind kind_of_file(std::string_view file_name, std::string_view mime = {});

// For <input accept>: every extension and MIME type, ".mp4,.m4v,…,video/mp4,…".
std::string picker_accept();
// "mp4, mov, avi, webm, mkv, jpg, …" (canonical names), for short messages.
std::string formats_text();
// "Video: mp4 mov … · Images: jpg … · Audio: mp3 …" (or in Chinese), for help texts.
std::string formats_by_kind_text(Language language);

}  // namespace cw::draft
