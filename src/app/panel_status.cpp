// Status bar: connection, credits and session at a glance.
#include "app/panels.hpp"

namespace cw::app {
namespace {

ImVec4 connection_colour(Connection c) {
    switch (c) {
        case Connection::online: return {0.30f, 0.80f, 0.45f, 1.0f};
        case Connection::connecting: return {0.95f, 0.75f, 0.25f, 1.0f};
        case Connection::offline: break;
    }
    return {0.85f, 0.35f, 0.35f, 1.0f};
}

const char* connection_label(Connection c) {
    switch (c) {
        case Connection::online: return "Connected";
        case Connection::connecting: return "Connecting…";
        case Connection::offline: break;
    }
    return "Not connected";
}

void draw_status_dot(const ImVec4& colour) {
    const float size = ImGui::GetTextLineHeight();
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddCircleFilled(ImVec2(at.x + size * 0.5f, at.y + size * 0.5f), size * 0.3f,
                                                ImGui::GetColorU32(colour));
    ImGui::Dummy(ImVec2(size, size));
    ImGui::SameLine();
}

}  // namespace

void draw_status_bar(AppState& state, const Rect& area) {
    begin_panel("##status", area, false);
    draw_status_dot(connection_colour(state.connection));
    ImGui::TextUnformatted(connection_label(state.connection));
    ImGui::SameLine(0, 24);
    ImGui::TextDisabled("Credits: —");
    ImGui::SameLine(0, 24);
    ImGui::TextDisabled("Session: —");
    ImGui::End();
}

}  // namespace cw::app
