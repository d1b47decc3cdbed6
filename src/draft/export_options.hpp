// The export request's "output" object (contract §7 plus the local backend's documented options):
// one type for the app that sends it, the agent that suggests it and the server that renders it.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace cw::draft {

struct ExportLimits {
    static constexpr int min_side = 16, max_side = 1920;
    static constexpr int min_fps = 1, max_fps = 60;
    static constexpr int min_colors = 2, max_colors = 256;
    static constexpr std::int64_t min_max_bytes = 10000;
};

const std::vector<std::string>& export_formats();    // mp4, gif, webm
const std::vector<std::string>& export_qualities();  // high, medium, standard, low
const std::vector<std::string>& gif_dithers();       // sierra2_4a, bayer, floyd_steinberg, none

struct ExportOptions {
    std::string format = "mp4";
    std::string quality = "high";
    int width = 0;   // 0: from the canvas (mp4/webm) or the GIF default
    int height = 0;
    int fps = 0;     // 0: from the canvas / GIF default
    int colors = 0;  // GIF palette size, 0: 256
    std::string dither;          // GIF; "" is the default (none)
    std::int64_t max_bytes = 0;  // GIF: made smaller until the file fits; 0: no limit

    // Checked: throws std::invalid_argument with a message for the user on any bad value.
    static ExportOptions from_json(const nlohmann::json& output);
    // Lenient, for values stored or suggested by someone else: bad values read as the default.
    static ExportOptions read(const nlohmann::json& output);
    nlohmann::json to_json() const;  // only the fields that are set

    bool operator==(const ExportOptions& other) const;
    bool operator!=(const ExportOptions& other) const { return !(*this == other); }
};

}  // namespace cw::draft
