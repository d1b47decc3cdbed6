// Extension-based checks, same list as the server, so a bad file fails before any byte is sent.
#include "core/upload_checks.hpp"

#include <algorithm>
#include <cctype>

namespace cw::core {

namespace {

struct ExtensionType {
    const char* extension;
    MediaType type;
};

constexpr ExtensionType kExtensions[] = {
    {"mp4", MediaType::video}, {"mov", MediaType::video},  {"avi", MediaType::video},  {"webm", MediaType::video},
    {"mkv", MediaType::video}, {"jpg", MediaType::image},  {"png", MediaType::image},
    {"gif", MediaType::image}, {"webp", MediaType::image}, {"heic", MediaType::image}, {"mp3", MediaType::audio},
    {"wav", MediaType::audio}, {"m4a", MediaType::audio},  {"aac", MediaType::audio},
};

std::string lower_extension(std::string_view file_name) {
    std::size_t dot = file_name.rfind('.');
    if (dot == std::string_view::npos || dot + 1 == file_name.size()) return {};
    std::string extension(file_name.substr(dot + 1));
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return extension;
}

}  // namespace

const std::vector<std::string>& accepted_extensions() {
    static const std::vector<std::string> list = [] {
        std::vector<std::string> out;
        for (const auto& entry : kExtensions) out.emplace_back(entry.extension);
        return out;
    }();
    return list;
}

std::string accepted_formats_text() {
    std::string text;
    for (const auto& entry : kExtensions) {
        if (!text.empty()) text += ", ";
        text += entry.extension;
    }
    return text;
}

MediaType media_type_for(std::string_view file_name) {
    std::string extension = lower_extension(file_name);
    for (const auto& entry : kExtensions)
        if (extension == entry.extension) return entry.type;
    return MediaType::unknown;
}

const char* to_string(MediaType type) {
    switch (type) {
    case MediaType::video: return "video";
    case MediaType::image: return "image";
    case MediaType::audio: return "audio";
    case MediaType::unknown: break;
    }
    return "unknown";
}

UploadCheck check_upload(std::string_view file_name, std::uint64_t size, std::int64_t max_bytes) {
    if (media_type_for(file_name) == MediaType::unknown) return UploadCheck::unsupported_type;
    if (size == 0) return UploadCheck::empty_file;
    if (max_bytes > 0 && size > static_cast<std::uint64_t>(max_bytes)) return UploadCheck::too_large;
    return UploadCheck::ok;
}

std::string format_megabytes(std::int64_t bytes) {
    std::int64_t megabytes = bytes / (1024 * 1024);
    if (megabytes * 1024 * 1024 == bytes) return std::to_string(megabytes) + " MB";
    return std::to_string(bytes) + " bytes";
}

}  // namespace cw::core
