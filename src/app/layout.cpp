// Panel placement: proportions with sensible minimums and maximums.
#include "app/layout.hpp"

#include <algorithm>

namespace cw::app {
namespace {
float clamp_size(float wanted, float lo, float hi) { return std::max(lo, std::min(wanted, hi)); }
}  // namespace

PanelLayout compute_layout(float width, float height, float line_height) {
    PanelLayout l;
    const float status_h = line_height + 10.0f;
    const float timeline_h = clamp_size(height * 0.30f, 150.0f, 380.0f);
    const float top_h = std::max(0.0f, height - status_h - timeline_h);

    l.status = {0, height - status_h, width, status_h};
    l.timeline = {0, top_h, width, timeline_h};

    if (width >= 900.0f) {
        const float media_w = clamp_size(width * 0.22f, 230.0f, 340.0f);
        const float export_w = clamp_size(width * 0.24f, 250.0f, 360.0f);
        l.media = {0, 0, media_w, top_h};
        l.export_panel = {width - export_w, 0, export_w, top_h};
        l.chat = {media_w, 0, width - media_w - export_w, top_h};
    } else {
        const float side_w = clamp_size(width * 0.38f, 180.0f, 320.0f);
        l.media = {0, 0, side_w, top_h * 0.5f};
        l.export_panel = {0, top_h * 0.5f, side_w, top_h - top_h * 0.5f};
        l.chat = {side_w, 0, width - side_w, top_h};
    }
    return l;
}

}  // namespace cw::app
