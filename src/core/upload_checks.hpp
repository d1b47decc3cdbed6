// The checks a file passes before it is sent: the contract's accepted extensions and the size limit.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cw::core {

const std::vector<std::string>& accepted_extensions();
std::string accepted_formats_text();  // "mp4, mov, …" for messages

enum class MediaType { video, image, audio, unknown };
MediaType media_type_for(std::string_view file_name);
const char* to_string(MediaType type);

enum class UploadCheck { ok, unsupported_type, too_large, empty_file };
UploadCheck check_upload(std::string_view file_name, std::uint64_t size, std::int64_t max_bytes);

std::string format_megabytes(std::int64_t bytes);

}  // namespace cw::core
