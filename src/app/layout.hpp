// Where each panel sits for a given window size: pure arithmetic, tested natively.
#pragma once
#include "app/widgets.hpp"

namespace cw::app {

struct PanelLayout {
    Rect media;
    Rect chat;
    Rect player;
    Rect export_panel;
    Rect timeline;
    Rect status;
};

// Chat and the player share the middle, the chat the larger part because the conversation is the
// main tool, the player the largest after it; media on the left, export on the right; the timeline
// spans the width above a one-line status bar. Narrow windows stack media over export in one side
// column so the chat and the player keep a usable width.
PanelLayout compute_layout(float width, float height, float line_height);

}  // namespace cw::app
