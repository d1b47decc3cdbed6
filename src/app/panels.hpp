// The studio's panels, one file each; every panel draws from AppState into its layout rectangle.
#pragma once
#include "app/app_state.hpp"
#include "app/widgets.hpp"

namespace cw::app {

void draw_media_panel(AppState& state, const Rect& area);
void draw_chat_panel(AppState& state, const Rect& area);
void draw_timeline_panel(AppState& state, const Rect& area);
void draw_export_panel(AppState& state, const Rect& area);
void draw_status_bar(AppState& state, const Rect& area);

// A fixed, undecorated-by-the-user window at `area`; pair every call with ImGui::End().
void begin_panel(const char* title, const Rect& area, bool with_title_bar = true);

// Muted helper text that wraps, for empty states and hints.
void hint_text(const char* text);

}  // namespace cw::app
