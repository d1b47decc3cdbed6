// Status bar: connection, credits and session at a glance, and errors as dismissible messages with
// their action (the registration link for 2001; the plan message for 402).
#include <cstdio>

#include "app/panels.hpp"

namespace cw::app {
namespace {

ImVec4 connection_colour(core::ConnectionStatus c) {
    switch (c) {
        case core::ConnectionStatus::online: return {0.30f, 0.80f, 0.45f, 1.0f};
        case core::ConnectionStatus::connecting: return {0.95f, 0.75f, 0.25f, 1.0f};
        case core::ConnectionStatus::offline: break;
    }
    return {0.85f, 0.35f, 0.35f, 1.0f};
}

std::string connection_label(const App& app) {
    const core::ClientState& m = app.model();
    switch (m.connection) {
        case core::ConnectionStatus::online: return "Connected";
        case core::ConnectionStatus::connecting: return "Connecting…";
        case core::ConnectionStatus::offline: break;
    }
    const std::int64_t wait_s = (m.next_retry_ms - app.now_ms() + 999) / 1000;
    return wait_s > 0 ? "Offline, retrying in " + std::to_string(wait_s) + " s" : "Offline, retrying…";
}

void draw_status_dot(const ImVec4& colour) {
    const float size = ImGui::GetTextLineHeight();
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddCircleFilled(ImVec2(at.x + size * 0.5f, at.y + size * 0.5f), size * 0.3f,
                                                ImGui::GetColorU32(colour));
    ImGui::Dummy(ImVec2(size, size));
    ImGui::SameLine();
}

std::string credits_label(const core::Credits& c) {
    if (!c.known) return "Credits: —";
    char out[96];
    std::snprintf(out, sizeof out, "Credits: %.0f available · %.0f frozen · %.0f total", c.available, c.frozen, c.total);
    return out;
}

// The newest error, with its link button and a dismiss button; older ones are counted.
void draw_latest_error(App& app) {
    const auto& errors = app.model().errors;
    if (errors.empty()) return;
    const std::size_t index = errors.size() - 1;
    const core::ErrorEntry& e = errors[index];
    ImGui::SameLine(0, 24);
    ImGui::TextColored(ImVec4(1.0f, 0.55f, 0.45f, 1.0f), "%s", e.message.c_str());
    ui::track("status.error");
    if (!e.link.empty()) {
        ImGui::SameLine();
        if (ui::small_button("status.error.link", e.code == 2001 ? "Register" : "Open")) app.open_link(e.link);
    }
    ImGui::SameLine();
    if (ui::small_button("status.error.dismiss", "Dismiss")) app.dismiss_error(index);
    if (errors.size() > 1) {
        ImGui::SameLine();
        ImGui::TextDisabled("(+%zu more)", errors.size() - 1);
    }
}

}  // namespace

void draw_status_bar(App& app, const Rect& area) {
    begin_panel("##status", area, false);
    const core::ClientState& m = app.model();
    draw_status_dot(connection_colour(m.connection));
    ImGui::TextUnformatted(connection_label(app).c_str());
    ui::track("status.connection");
    ImGui::SameLine(0, 24);
    ImGui::TextDisabled("%s", credits_label(m.credits).c_str());
    ui::track("status.credits");
    ImGui::SameLine(0, 24);
    ImGui::TextDisabled("Session: %s", m.session_id.empty() ? "—" : m.session_id.substr(0, 8).c_str());
    draw_latest_error(app);
    ImGui::End();
}

}  // namespace cw::app
