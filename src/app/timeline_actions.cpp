#include "app/timeline_actions.hpp"

#include <cmath>
#include <cstdio>

namespace cw::app {

std::string remove_instruction(const core::Segment& segment, int clip) {
    switch (segment.kind) {
        case core::TrackKind::audio: return "remove the music";
        case core::TrackKind::text: return "remove the title";
        default: return "remove clip " + std::to_string(clip);
    }
}

std::string swap_instruction(int clip, int direction) {
    const int other = clip + (direction < 0 ? -1 : 1);
    const int first = std::min(clip, other), second = std::max(clip, other);
    return "swap clip " + std::to_string(first) + " and " + std::to_string(second);
}

namespace {

// To a tenth, without a trailing ".0": "4", "2.5".
std::string tenths_text(double seconds) {
    char amount[32];
    const double tenths = std::round(seconds * 10.0) / 10.0;
    std::snprintf(amount, sizeof amount, tenths == std::floor(tenths) ? "%.0f" : "%.1f", tenths);
    return amount;
}

}  // namespace

std::string duration_instruction(int clip, double seconds) {
    return "make clip " + std::to_string(clip) + " " + tenths_text(seconds) + " seconds long";
}

std::string head_trim_instruction(int clip, double seconds) {
    return "cut the first " + tenths_text(seconds) + " seconds of clip " + std::to_string(clip);
}

std::string volume_instruction(int percent) {
    return "set the volume of the music to " + std::to_string(percent) + "%";
}

std::string text_instruction(const std::string& text) {
    const char quote = text.find('\'') == std::string::npos ? '\'' : '"';
    return std::string("change the title to ") + quote + text + quote;
}

}  // namespace cw::app
