// The studio's panels, one file each. A panel reads the model and the UI state through the App,
// draws into its layout rectangle, and asks the App to act; panels never talk HTTP.
#pragma once
#include <cstdint>
#include <string>

#include "app/app.hpp"
#include "app/widgets.hpp"

namespace cw::app {

void draw_media_panel(App& app, const Rect& area);
void draw_chat_panel(App& app, const Rect& area);
void draw_timeline_panel(App& app, const Rect& area);
void draw_player_panel(App& app, const Rect& area);
void draw_export_panel(App& app, const Rect& area);
void draw_status_bar(App& app, const Rect& area);
void draw_tab_bar(App& app, const Rect& area);  // phones: which panel fills the screen

// A fixed window at `area`; pair every call with ImGui::End().
void begin_panel(const char* title, const Rect& area, bool with_title_bar = true);

// Muted helper text that wraps, for empty states and hints.
void hint_text(const char* text);
void error_text(const std::string& text);
// A progress bar with a label inside, tracked under `id` for the test hook.
void progress_bar(const std::string& id, float fraction, const std::string& label);

// "3.4 MB", "820 KB"
std::string format_bytes(std::uint64_t bytes);
// "0:04", "1:02:03"; "4.2s" under ten seconds when `precise`
std::string format_duration(std::int64_t ms, bool precise = false);

}  // namespace cw::app
