// RenderOptions::from_json: the export request's "output" object, validated with user-facing messages.
#include <set>
#include <stdexcept>

#include "renderer.hpp"

namespace cw::server {

namespace {

using nlohmann::json;

int read_int(const json& output, const char* key, int low, int high) {
    auto it = output.find(key);
    if (it == output.end() || it->is_null()) return 0;
    if (!it->is_number()) throw std::invalid_argument(std::string("output.") + key + " must be a number");
    double value = it->get<double>();
    if (value == 0) return 0;
    if (value < low || value > high)
        throw std::invalid_argument(std::string("output.") + key + " must be between " + std::to_string(low) +
                                    " and " + std::to_string(high));
    return static_cast<int>(value);
}

std::string read_choice(const json& output, const char* key, const std::set<std::string>& allowed,
                        const std::string& fallback) {
    auto it = output.find(key);
    if (it == output.end() || it->is_null()) return fallback;
    if (!it->is_string() || !allowed.count(it->get<std::string>())) {
        std::string list;
        for (const auto& choice : allowed) list += (list.empty() ? "" : ", ") + choice;
        throw std::invalid_argument(std::string("output.") + key + " must be one of: " + list);
    }
    return it->get<std::string>();
}

}  // namespace

RenderOptions RenderOptions::from_json(const json& output) {
    RenderOptions options;
    if (output.is_null()) return options;
    if (!output.is_object()) throw std::invalid_argument("output must be an object");
    options.format = read_choice(output, "format", {"mp4", "gif", "webm"}, "mp4");
    options.quality = read_choice(output, "quality", {"high", "medium", "standard", "low"}, "high");
    options.width = read_int(output, "width", 16, 1920);
    options.height = read_int(output, "height", 16, 1920);
    options.fps = read_int(output, "fps", 1, 60);
    options.colors = read_int(output, "colors", 2, 256);
    options.dither = read_choice(output, "dither", {"sierra2_4a", "bayer", "floyd_steinberg", "none"}, "");
    auto max_bytes = output.find("max_bytes");
    if (max_bytes != output.end() && !max_bytes->is_null()) {
        if (!max_bytes->is_number() || max_bytes->get<double>() < 0)
            throw std::invalid_argument("output.max_bytes must be a positive number of bytes");
        options.max_bytes = static_cast<int64_t>(max_bytes->get<double>());
        if (options.max_bytes > 0 && options.max_bytes < 10000)
            throw std::invalid_argument("output.max_bytes must be at least 10000 bytes");
    }
    return options;
}

}  // namespace cw::server
