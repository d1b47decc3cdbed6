// Timeline: a time ruler over one lane per track kind (video, audio, text), with zoom.
#include "app/panels.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace cw::app {
namespace {

constexpr float kLabelWidth = 70.0f;
constexpr float kRulerHeight = 20.0f;
constexpr double kMinPixelsPerSecond = 2.0;
constexpr double kMaxPixelsPerSecond = 600.0;

// A tick spacing that keeps ruler labels about 80 px apart at any zoom.
double tick_seconds(double pixels_per_second) {
    for (double step : {0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0}) {
        if (step * pixels_per_second >= 80.0) return step;
    }
    return 1200.0;
}

void draw_ruler(ImDrawList* dl, ImVec2 origin, float width, const TimelineView& view) {
    const ImU32 colour = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    const double step = tick_seconds(view.pixels_per_second);
    const double first = std::floor(view.scroll_seconds / step) * step;
    for (double t = first;; t += step) {
        const float x = origin.x + kLabelWidth + static_cast<float>((t - view.scroll_seconds) * view.pixels_per_second);
        if (x > origin.x + width) break;
        if (x < origin.x + kLabelWidth) continue;
        dl->AddLine(ImVec2(x, origin.y + kRulerHeight - 6), ImVec2(x, origin.y + kRulerHeight), colour);
        char label[32];
        std::snprintf(label, sizeof label, step < 1.0 ? "%.2fs" : "%.0fs", t);
        dl->AddText(ImVec2(x + 3, origin.y), colour, label);
    }
}

void draw_lanes(ImDrawList* dl, ImVec2 origin, ImVec2 size) {
    const char* names[] = {"Video", "Audio", "Text"};
    const float lane_h = std::max(24.0f, (size.y - kRulerHeight) / 3.0f);
    for (int i = 0; i < 3; ++i) {
        const float y = origin.y + kRulerHeight + lane_h * static_cast<float>(i);
        const ImU32 bg = ImGui::GetColorU32(i % 2 ? ImGuiCol_FrameBg : ImGuiCol_FrameBgHovered, 0.5f);
        dl->AddRectFilled(ImVec2(origin.x, y), ImVec2(origin.x + size.x, y + lane_h - 2), bg);
        dl->AddText(ImVec2(origin.x + 6, y + (lane_h - ImGui::GetFontSize()) * 0.5f),
                    ImGui::GetColorU32(ImGuiCol_Text), names[i]);
    }
}

void draw_zoom_controls(AppState& state) {
    TimelineView& view = state.timeline;
    if (ui::small_button("timeline.zoom_out", " - ")) {
        view.pixels_per_second = std::max(kMinPixelsPerSecond, view.pixels_per_second / 1.5);
        state.touch();
    }
    ImGui::SameLine();
    if (ui::small_button("timeline.zoom_in", " + ")) {
        view.pixels_per_second = std::min(kMaxPixelsPerSecond, view.pixels_per_second * 1.5);
        state.touch();
    }
    ImGui::SameLine();
    ImGui::TextDisabled("Timeline is empty: it fills in as the agent edits.");
}

}  // namespace

void draw_timeline_panel(AppState& state, const Rect& area) {
    begin_panel("Timeline", area);
    draw_zoom_controls(state);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 size = ImGui::GetContentRegionAvail();
    ImGui::InvisibleButton("timeline.canvas", ImVec2(std::max(size.x, 1.0f), std::max(size.y, 1.0f)));
    ui::track("timeline.canvas");
    ImDrawList* dl = ImGui::GetWindowDrawList();
    draw_lanes(dl, origin, size);
    draw_ruler(dl, origin, size.x, state.timeline);
    ImGui::End();
}

}  // namespace cw::app
