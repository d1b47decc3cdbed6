// Where each panel sits for a given window size: pure arithmetic, tested natively.
#pragma once
#include "app/widgets.hpp"

namespace cw::app {

// Desktop: every panel at once. Two columns: landscape phones and small tablets. One panel: phones
// in portrait, one panel at a time chosen by a tab bar at the bottom.
enum class LayoutMode { desktop, two_columns, one_panel };
enum class Tab { chat, media, preview, export_panel };  // "preview" shows the player over the timeline

struct PanelLayout {
    LayoutMode mode = LayoutMode::desktop;
    Rect media;
    Rect chat;
    Rect player;
    Rect export_panel;
    Rect timeline;
    Rect status;
    Rect tabs;  // one-panel mode only
};

constexpr float kTabBarHeight = 56.0f;  // CSS px: touch targets of at least 44 px with a margin

// Desktop: chat and the player share the middle, the chat the larger part because the conversation
// is the main tool, the player the largest after it; media on the left, export on the right; the
// timeline spans the width above a one-line status bar. Below 900 px, media stacks over export in
// one side column so the chat and the player keep a usable width. Below 700 px, one panel at a time
// fills the screen between the status bar (top) and the tab bar (bottom); panels not shown have
// empty rectangles.
PanelLayout compute_layout(float width, float height, float line_height, Tab tab = Tab::chat);

}  // namespace cw::app
