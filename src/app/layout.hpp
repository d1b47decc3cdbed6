// Where each panel sits for a given window size: pure arithmetic, tested natively.
#pragma once
#include "app/widgets.hpp"

namespace cw::app {

struct PanelLayout {
    Rect media;
    Rect chat;
    Rect export_panel;
    Rect timeline;
    Rect status;
};

// Chat gets the middle because the conversation is the main tool; media on the left, export on
// the right, the timeline spans the width above a one-line status bar. Narrow windows stack
// media over export in one side column so the chat keeps a usable width.
PanelLayout compute_layout(float width, float height, float line_height);

}  // namespace cw::app
