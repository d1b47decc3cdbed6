// The checks a file passes before it is sent: the accepted media of the draft library and the size
// limit, so a bad file fails before any byte is sent.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace cw::core {

enum class UploadCheck { ok, unsupported_type, too_large, empty_file };
// mime is the browser's type, which decides when the name has no known extension.
UploadCheck check_upload(std::string_view file_name, std::string_view mime, std::uint64_t size, std::int64_t max_bytes);

std::string format_megabytes(std::int64_t bytes);

}  // namespace cw::core
