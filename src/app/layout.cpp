// Panel placement: proportions with sensible minimums and maximums.
#include "app/layout.hpp"

#include <algorithm>
#include <cmath>

namespace cw::app {
namespace {

float clamp_size(float wanted, float lo, float hi) { return std::max(lo, std::min(wanted, hi)); }

PanelLayout one_panel_layout(float width, float height, float line_height, Tab tab) {
    PanelLayout l;
    l.mode = LayoutMode::one_panel;
    // Two rows, a phone being too narrow for one: the connection and credits, then the session and
    // the language switch at touch size.
    const float status_h = line_height + 44.0f + 28.0f;
    l.status = {0, 0, width, status_h};
    l.tabs = {0, height - kTabBarHeight, width, kTabBarHeight};
    const Rect content{0, status_h, width, std::max(0.0f, height - status_h - kTabBarHeight)};
    switch (tab) {
        case Tab::chat: l.chat = content; break;
        case Tab::media: l.media = content; break;
        case Tab::export_panel: l.export_panel = content; break;
        case Tab::preview: {
            const float player_h = std::round(content.h * 0.45f);
            l.player = {0, content.y, width, player_h};
            l.timeline = {0, content.y + player_h, width, content.h - player_h};
            break;
        }
    }
    return l;
}
}  // namespace

PanelLayout compute_layout(float width, float height, float line_height, Tab tab) {
    if (width < 700.0f) return one_panel_layout(width, height, line_height, tab);
    PanelLayout l;
    const float status_h = line_height + 10.0f;
    // A landscape phone is short: the timeline then takes less than its usual minimum.
    const float timeline_h = height < 500.0f ? std::round(height * 0.3f) : clamp_size(height * 0.24f, 150.0f, 340.0f);
    const float top_h = std::max(0.0f, height - status_h - timeline_h);

    l.status = {0, height - status_h, width, status_h};
    l.timeline = {0, top_h, width, timeline_h};

    // The middle column: the player over the chat, the chat keeping a little more.
    auto split_middle = [&](float x, float w) {
        const float player_h = std::round(top_h * 0.48f);
        l.player = {x, 0, w, player_h};
        l.chat = {x, player_h, w, top_h - player_h};
    };
    if (width >= 900.0f) {
        // The media bin runs the full height, so the timeline, under the player and the export
        // panel, stays smaller than the player: after the chat, the preview is the largest area.
        const float media_w = std::round(clamp_size(width * 0.18f, 210.0f, 320.0f));
        const float export_w = std::round(clamp_size(width * 0.22f, 240.0f, 340.0f));
        l.media = {0, 0, media_w, top_h + timeline_h};
        l.timeline = {media_w, top_h, width - media_w, timeline_h};
        l.export_panel = {width - export_w, 0, export_w, top_h};
        split_middle(media_w, width - media_w - export_w);
    } else {
        l.mode = LayoutMode::two_columns;
        const float side_w = clamp_size(width * 0.38f, 180.0f, 320.0f);
        l.media = {0, 0, side_w, top_h * 0.5f};
        l.export_panel = {0, top_h * 0.5f, side_w, top_h - top_h * 0.5f};
        split_middle(side_w, width - side_w);
    }
    return l;
}

}  // namespace cw::app
