// Browser wheel events in ImGui's units. Browsers report movement in pixels, lines or pages,
// positive when the view should move down or right; ImGui counts notches of a mouse wheel,
// positive when the view should move up or left.
#pragma once

namespace cw::app {

struct WheelNotches {
    float horizontal = 0;  // ImGui's MouseWheelH
    float vertical = 0;    // ImGui's MouseWheel
};

// delta_mode is the DOM's WheelEvent.deltaMode: 0 pixels, 1 lines, 2 pages.
WheelNotches wheel_notches(double delta_x, double delta_y, int delta_mode);

// A finger's vertical pan in notches, so that the panel under it follows the finger: ImGui scrolls
// a window by 5 font heights per notch (less only in windows under 7.5 lines tall).
float pan_notches(float pan_px, float font_size);

}  // namespace cw::app
