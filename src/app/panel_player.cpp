// Player: the draft's preview in the canvas's aspect ratio, with play/pause, the time, and the
// keyboard (space, arrows step a frame, J/K/L shuttle, Home/End). The video itself is the
// platform's <video> over the area this panel reserves; the panel draws what is around it and
// what shows while there is nothing to play yet.
#include <algorithm>
#include <string>

#include "app/panels.hpp"

namespace cw::app {
namespace {

using core::Text;

// The largest rectangle of the preview's aspect ratio that fits `avail`, centred.
Rect fit_aspect(ImVec2 top_left, ImVec2 avail, double aspect) {
    float w = avail.x, h = static_cast<float>(avail.x / aspect);
    if (h > avail.y) h = avail.y, w = static_cast<float>(avail.y * aspect);
    return {top_left.x + (avail.x - w) / 2, top_left.y + (avail.y - h) / 2, w, h};
}

double preview_aspect(const App& app) {
    const core::PreviewState& p = app.model().preview;
    if (p.width > 0 && p.height > 0) return static_cast<double>(p.width) / p.height;
    const nlohmann::json& canvas = app.model().canvas;
    const double w = canvas.value("width", 1920.0), h = canvas.value("height", 1080.0);
    return w > 0 && h > 0 ? w / h : 16.0 / 9.0;
}

std::string waiting_text(const App& app) {
    using Status = core::PreviewState::Status;
    const core::PreviewState& p = app.model().preview;
    switch (p.status) {
        case Status::rendering: return app.t(Text::player_making);
        case Status::failed: return core::fill(app.t(Text::player_failed), {p.error});
        case Status::unsupported:
            return app.t(Text::player_unsupported);
        default: return app.t(Text::player_empty);
    }
}

void handle_keys(App& app) {
    const ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput || app.ui().timeline_hovered) return;
    for (int i = 0; i < io.InputQueueCharacters.Size; ++i) {
        const ImWchar c = io.InputQueueCharacters[i];
        if (c == ' ') app.play_pause();
        if (c == 'j' || c == 'J') app.shuttle(-1);
        if (c == 'k' || c == 'K') app.shuttle(0);
        if (c == 'l' || c == 'L') app.shuttle(+1);
    }
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_LeftArrow))) app.step_frames(-1);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow))) app.step_frames(+1);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Home), false)) app.seek_to(0);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_End), false)) app.seek_to(1e15);
}

void draw_controls(App& app, bool playable) {
    const PlayerView& p = app.ui().player;
    ImGui::BeginDisabled(!playable);
    if (ui::button("player.play", app.t(p.playing ? Text::player_pause : Text::player_play))) app.play_pause();
    ImGui::EndDisabled();
    ImGui::SameLine();
    const std::string clock = format_duration(static_cast<std::int64_t>(p.time_ms), true) + " / " +
                              format_duration(static_cast<std::int64_t>(p.duration_ms), true);
    ImGui::TextUnformatted(clock.c_str());
    if (p.rate > 1.0) {
        ImGui::SameLine();
        ImGui::Text("%.0fx", p.rate);
    }
    if (app.model().preview.updating) {
        ImGui::SameLine();
        ImGui::TextDisabled("%s", app.t(Text::player_updating));
        ui::track("player.updating");
    }
}

}  // namespace

void draw_player_panel(App& app, const Rect& area) {
    begin_panel((std::string(app.t(Text::panel_preview)) + "###preview").c_str(), area);
    const std::string url = app.player_url();
    const float controls_h = ImGui::GetFrameHeightWithSpacing();
    ImVec2 avail = ImGui::GetContentRegionAvail();
    avail.y = std::max(1.0f, avail.y - controls_h);
    const ImVec2 top_left = ImGui::GetCursorScreenPos();
    const Rect video = fit_aspect(top_left, avail, preview_aspect(app));
    ImGui::Dummy(avail);
    ui::track("player.video");
    if (!url.empty()) {
        ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(video.x, video.y), ImVec2(video.x + video.w, video.y + video.h),
                                                  IM_COL32(0, 0, 0, 255));
        app.place_player(video);
    } else {
        ImGui::SetCursorScreenPos(ImVec2(top_left.x + 8, top_left.y + 8));
        ImGui::PushTextWrapPos(top_left.x + avail.x - 8);
        hint_text(waiting_text(app).c_str());
        ImGui::PopTextWrapPos();
        if (app.model().preview.status == core::PreviewState::Status::unsupported &&
            ui::button("player.make_preview", app.t(Text::player_make))) {
            app.make_preview_export();
        }
        ImGui::SetCursorScreenPos(ImVec2(top_left.x, top_left.y + avail.y));
    }
    draw_controls(app, !url.empty());
    handle_keys(app);
    ImGui::End();
}

}  // namespace cw::app
