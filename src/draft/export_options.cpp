// Export options: the checked reading (server), the lenient one (app) and the wire form share the
// field list and the limits.
#include "draft/export_options.hpp"

#include <algorithm>
#include <stdexcept>
#include <tuple>

#include "draft/schema.hpp"

namespace cw::draft {

namespace {

std::string choices_text(const std::vector<std::string>& allowed) {
    std::string list;
    for (const auto& choice : allowed) list += (list.empty() ? "" : ", ") + choice;
    return list;
}

bool allowed(const std::vector<std::string>& list, const std::string& value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

int checked_int(const json& output, const char* name, int low, int high) {
    const json* value = field(output, name);
    if (!value || value->is_null()) return 0;
    auto number = read_number(*value);
    if (!number) throw std::invalid_argument(std::string("output.") + name + " must be a number");
    if (*number == 0) return 0;
    if (*number < low || *number > high)
        throw std::invalid_argument(std::string("output.") + name + " must be between " + std::to_string(low) + " and " +
                                    std::to_string(high));
    return static_cast<int>(*number);
}

std::string checked_choice(const json& output, const char* name, const std::vector<std::string>& list, const std::string& fallback) {
    const json* value = field(output, name);
    if (!value || value->is_null()) return fallback;
    if (!value->is_string() || !allowed(list, value->get<std::string>()))
        throw std::invalid_argument(std::string("output.") + name + " must be one of: " + choices_text(list));
    return value->get<std::string>();
}

std::int64_t checked_max_bytes(const json& output) {
    const json* value = field(output, "max_bytes");
    if (!value || value->is_null()) return 0;
    auto number = read_number(*value);
    if (!number || *number < 0) throw std::invalid_argument("output.max_bytes must be a positive number of bytes");
    if (*number > 9.0e15) throw std::invalid_argument("output.max_bytes is too large");
    auto bytes = static_cast<std::int64_t>(*number);
    if (bytes > 0 && bytes < ExportLimits::min_max_bytes)
        throw std::invalid_argument("output.max_bytes must be at least " + std::to_string(ExportLimits::min_max_bytes) + " bytes");
    return bytes;
}

template <typename Read>
auto or_default(Read read, decltype(read()) fallback) {
    try {
        return read();
    } catch (const std::invalid_argument&) {
        return fallback;
    }
}

}  // namespace

const std::vector<std::string>& export_formats() {
    static const std::vector<std::string> list = {"mp4", "gif", "webm"};
    return list;
}
const std::vector<std::string>& export_qualities() {
    static const std::vector<std::string> list = {"high", "medium", "standard", "low"};
    return list;
}
const std::vector<std::string>& gif_dithers() {
    static const std::vector<std::string> list = {"sierra2_4a", "bayer", "floyd_steinberg", "none"};
    return list;
}

ExportOptions ExportOptions::from_json(const json& output) {
    ExportOptions options;
    if (output.is_null()) return options;
    if (!output.is_object()) throw std::invalid_argument("output must be an object");
    using L = ExportLimits;
    options.format = checked_choice(output, "format", export_formats(), "mp4");
    options.quality = checked_choice(output, "quality", export_qualities(), "high");
    options.width = checked_int(output, "width", L::min_side, L::max_side);
    options.height = checked_int(output, "height", L::min_side, L::max_side);
    options.fps = checked_int(output, "fps", L::min_fps, L::max_fps);
    options.colors = checked_int(output, "colors", L::min_colors, L::max_colors);
    options.dither = checked_choice(output, "dither", gif_dithers(), "");
    options.max_bytes = checked_max_bytes(output);
    return options;
}

ExportOptions ExportOptions::read(const json& output) {
    ExportOptions options;
    if (!output.is_object()) return options;
    using L = ExportLimits;
    options.format = or_default([&] { return checked_choice(output, "format", export_formats(), "mp4"); }, "mp4");
    options.quality = or_default([&] { return checked_choice(output, "quality", export_qualities(), "high"); }, "high");
    options.width = or_default([&] { return checked_int(output, "width", L::min_side, L::max_side); }, 0);
    options.height = or_default([&] { return checked_int(output, "height", L::min_side, L::max_side); }, 0);
    options.fps = or_default([&] { return checked_int(output, "fps", L::min_fps, L::max_fps); }, 0);
    options.colors = or_default([&] { return checked_int(output, "colors", L::min_colors, L::max_colors); }, 0);
    options.dither = or_default([&] { return checked_choice(output, "dither", gif_dithers(), ""); }, "");
    options.max_bytes = or_default([&] { return checked_max_bytes(output); }, std::int64_t{0});
    return options;
}

json ExportOptions::to_json() const {
    json output = {{"format", format}, {"quality", quality}};
    if (width > 0) output["width"] = width;
    if (height > 0) output["height"] = height;
    if (fps > 0) output["fps"] = fps;
    if (colors > 0) output["colors"] = colors;
    if (!dither.empty()) output["dither"] = dither;
    if (max_bytes > 0) output["max_bytes"] = max_bytes;
    return output;
}

bool ExportOptions::operator==(const ExportOptions& o) const {
    return std::tie(format, quality, width, height, fps, colors, dither, max_bytes) ==
           std::tie(o.format, o.quality, o.width, o.height, o.fps, o.colors, o.dither, o.max_bytes);
}

}  // namespace cw::draft
