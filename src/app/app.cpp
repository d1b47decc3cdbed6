// Frame orchestration: layout from the display size, then each panel in turn.
#include "app/app.hpp"

#include "app/panels.hpp"

namespace cw::app {
namespace {

nlohmann::json rect_json(const Rect& r) { return {r.x, r.y, r.w, r.h}; }

}  // namespace

void apply_studio_style() {
    ImGui::StyleColorsDark();
    ImGuiStyle& style = ImGui::GetStyle();
    style.WindowRounding = 0.0f;
    style.WindowBorderSize = 1.0f;
    style.FrameRounding = 4.0f;
    style.GrabRounding = 4.0f;
    style.WindowPadding = ImVec2(10, 8);
    style.FramePadding = ImVec2(8, 5);
    style.ItemSpacing = ImVec2(8, 6);
    ImVec4* c = style.Colors;
    c[ImGuiCol_WindowBg] = ImVec4(0.11f, 0.12f, 0.14f, 1.0f);
    c[ImGuiCol_TitleBg] = ImVec4(0.14f, 0.15f, 0.18f, 1.0f);
    c[ImGuiCol_TitleBgActive] = ImVec4(0.16f, 0.18f, 0.22f, 1.0f);
    c[ImGuiCol_Button] = ImVec4(0.22f, 0.40f, 0.75f, 0.80f);
    c[ImGuiCol_ButtonHovered] = ImVec4(0.28f, 0.48f, 0.88f, 1.0f);
    ImGui::GetIO().ConfigInputTextCursorBlink = false;  // a blinking caret would keep an idle page drawing
    ImGui::GetIO().IniFilename = nullptr;
}

void App::prepare_frame() {
    fonts_.note_text(state_.chat_input);
    for (; messages_noted_ < state_.messages.size(); ++messages_noted_) {
        fonts_.note_text(state_.messages[messages_noted_].text);
    }
}

void App::draw() {
    ++frames_drawn_;
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    layout_ = compute_layout(display.x, display.y, ImGui::GetTextLineHeight());
    rects_.clear();
    ui::set_registry(&rects_);
    draw_media_panel(state_, layout_.media);
    draw_chat_panel(state_, layout_.chat);
    draw_export_panel(state_, layout_.export_panel);
    draw_timeline_panel(state_, layout_.timeline);
    draw_status_bar(state_, layout_.status);
    ui::set_registry(nullptr);
}

nlohmann::json App::snapshot() const {
    nlohmann::json out = state_.to_json();
    out["panels"] = {
        {"media", rect_json(layout_.media)},         {"chat", rect_json(layout_.chat)},
        {"export", rect_json(layout_.export_panel)}, {"timeline", rect_json(layout_.timeline)},
        {"status", rect_json(layout_.status)},
    };
    out["frames"] = frames_drawn_;
    out["fonts"] = {{"cjk_loaded", fonts_.has_cjk_font()}, {"extra_glyphs", fonts_.extra_glyph_count()}};
    return out;
}

}  // namespace cw::app
