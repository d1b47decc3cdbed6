// The formats come from the draft library's one list, the same one the server names files by.
#include "core/upload_checks.hpp"

#include "draft/media_types.hpp"

namespace cw::core {

UploadCheck check_upload(std::string_view file_name, std::string_view mime, std::uint64_t size, std::int64_t max_bytes) {
    if (draft::kind_of_file(file_name, mime) == draft::MediaKind::unknown) return UploadCheck::unsupported_type;
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
