// Status bar: connection, credits and session at a glance, and errors as dismissible messages with
// their action (the registration link for 2001; the plan message for 402).
#include <cstdio>

#include "app/panels.hpp"

namespace cw::app {
namespace {

using core::Text;

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
        case core::ConnectionStatus::online: return app.t(Text::status_connected);
        case core::ConnectionStatus::connecting: return app.t(Text::status_connecting);
        case core::ConnectionStatus::offline: break;
    }
    const std::int64_t wait_s = (m.next_retry_ms - app.now_ms() + 999) / 1000;
    return wait_s > 0 ? core::fill(app.t(Text::status_offline_in), {std::to_string(wait_s)}) : app.t(Text::status_offline);
}

void draw_status_dot(const ImVec4& colour) {
    const float size = ImGui::GetTextLineHeight();
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddCircleFilled(ImVec2(at.x + size * 0.5f, at.y + size * 0.5f), size * 0.3f,
                                                ImGui::GetColorU32(colour));
    ImGui::Dummy(ImVec2(size, size));
    ImGui::SameLine();
}

std::string credits_label(const App& app, const core::Credits& c) {
    if (!c.known) return app.t(Text::status_credits_unknown);
    return core::fill(app.t(Text::status_credits), {core::whole_number(c.available), core::whole_number(c.frozen), core::whole_number(c.total)});
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
        if (ui::small_button("status.error.link", app.t(e.code == 2001 ? Text::status_register : Text::status_open))) app.open_link(e.link);
    }
    ImGui::SameLine();
    if (ui::small_button("status.error.dismiss", app.t(Text::status_dismiss))) app.dismiss_error(index);
    if (errors.size() > 1) {
        ImGui::SameLine();
        ImGui::TextDisabled("%s", core::fill(app.t(Text::status_more), {std::to_string(errors.size() - 1)}).c_str());
    }
}


// Keeps the next item on this line when it fits, else starts a new one: a phone's bar wraps.
void next_item(const char* text, bool framed = false) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const float width = ImGui::CalcTextSize(text).x + (framed ? style.FramePadding.x * 2 : 0);
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    if (ImGui::GetItemRectMax().x + 24 + width <= right) ImGui::SameLine(0, 24);
}

}  // namespace

void draw_status_bar(App& app, const Rect& area) {
    begin_panel("##status", area, false);
    const core::ClientState& m = app.model();
    draw_status_dot(connection_colour(m.connection));
    ui::label(connection_label(app).c_str());
    ui::track("status.connection");
    const std::string credits = credits_label(app, m.credits);
    next_item(credits.c_str());
    ImGui::TextDisabled("%s", credits.c_str());
    ui::track("status.credits");
    const std::string session = core::fill(app.t(Text::status_session), {m.session_id.empty() ? "—" : m.session_id.substr(0, 8)});
    next_item(session.c_str());
    ImGui::TextDisabled("%s", session.c_str());
    next_item(app.t(Text::status_switch_language), true);
    if (ui::small_button("status.language", app.t(Text::status_switch_language))) app.switch_language();
    draw_latest_error(app);
    ImGui::End();
}

}  // namespace cw::app
