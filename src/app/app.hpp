// The studio: owns the UI state, lays out and draws the panels each frame, and reports what it drew.
#pragma once
#include <cstdint>

#include <nlohmann/json.hpp>

#include "app/app_state.hpp"
#include "app/fonts.hpp"
#include "app/layout.hpp"
#include "app/widgets.hpp"

namespace cw::app {

// Colours and spacing of the studio; call once after ImGui::CreateContext.
void apply_studio_style();

class App {
public:
    explicit App(Fonts& fonts) : fonts_(fonts) {}

    // Before ImGui::NewFrame: tells the font manager about text that appeared since last frame.
    void prepare_frame();
    // Between ImGui::NewFrame and ImGui::Render.
    void draw();

    AppState& state() { return state_; }
    const AppState& state() const { return state_; }
    const WidgetRects& rects() const { return rects_; }
    uint64_t frames_drawn() const { return frames_drawn_; }
    // Everything the test hook reports: the UI state, the panel layout and frame count.
    nlohmann::json snapshot() const;

private:
    Fonts& fonts_;
    AppState state_;
    WidgetRects rects_;
    PanelLayout layout_;
    uint64_t frames_drawn_ = 0;
    size_t messages_noted_ = 0;
};

}  // namespace cw::app
