// A notch is 100 pixels in Chromium and 3 lines in Firefox; trackpads send a few pixels per event
// and keep their fractions. One event moves at most a few notches, so a fast flick or a page step
// scrolls the chat and zooms the timeline by steps, never to an end in one go.
#include "app/wheel.hpp"

#include <algorithm>
#include <cmath>

namespace cw::app {
namespace {

constexpr double kPixelsPerNotch = 100.0;
constexpr double kLinesPerNotch = 3.0;
constexpr double kNotchesPerPage = 3.0;
constexpr double kMaxNotchesPerEvent = 5.0;

float notches(double delta, int delta_mode) {
    if (!std::isfinite(delta)) return 0.0f;
    double n = delta_mode == 1 ? delta / kLinesPerNotch : delta_mode == 2 ? delta * kNotchesPerPage : delta / kPixelsPerNotch;
    return static_cast<float>(-std::clamp(n, -kMaxNotchesPerEvent, kMaxNotchesPerEvent));
}

}  // namespace

WheelNotches wheel_notches(double delta_x, double delta_y, int delta_mode) {
    return {notches(delta_x, delta_mode), notches(delta_y, delta_mode)};
}

float pan_notches(float pan_px, float font_size) {
    return font_size > 0 ? pan_px / (5.0f * font_size) : 0.0f;
}

}  // namespace cw::app
