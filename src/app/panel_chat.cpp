// Chat: the conversation with streaming replies, a working indicator, the agent's steps shown
// compactly, action buttons under replies, suggestions for a first request, and the input line.
#include "app/panels.hpp"

namespace cw::app {
namespace {

const ImVec4 kUserColour(0.55f, 0.78f, 1.0f, 1.0f);
const ImVec4 kNoticeColour(0.95f, 0.78f, 0.40f, 1.0f);

// Where the media and export panels are depends on the layout.
core::Text steps_text(LayoutMode mode) {
    switch (mode) {
        case LayoutMode::one_panel: return core::Text::chat_steps_tabs;
        case LayoutMode::two_columns: return core::Text::chat_steps_stacked;
        default: return core::Text::chat_steps;
    }
}

void draw_welcome(App& app) {
    ImGui::TextWrapped("%s", app.t(core::Text::chat_intro));
    ui::note_text(app.t(core::Text::chat_intro));
    hint_text(app.t(steps_text(app.layout().mode)));
    ImGui::Spacing();
    hint_text(app.t(core::Text::chat_try));
    const auto& requests = app.suggestions();
    for (std::size_t i = 0; i < requests.size(); ++i) {
        if (ui::selectable("chat.suggestion." + std::to_string(i), requests[i].c_str(), false)) {
            app.use_suggestion(requests[i]);
        }
    }
}

void draw_actions(App& app, const core::ChatMessage& message, std::size_t index) {
    for (std::size_t a = 0; a < message.actions.size(); ++a) {
        const core::AppAction action = message.actions[a];
        const std::string id = "chat.action." + std::to_string(index) + "." + core::to_string(action);
        if (a > 0) ImGui::SameLine();
        if (ui::small_button(id, core::label(action))) app.run_message_action(message, action);
    }
}

const char* speaker(const App& app, const core::ChatMessage& message) {
    return app.t(message.role == "user" ? core::Text::chat_you : message.role == "notice" ? core::Text::chat_note
                                                                                          : core::Text::chat_agent);
}

void draw_message(App& app, const core::ChatMessage& message, std::size_t index) {
    const bool from_user = message.role == "user";
    const bool notice = message.role == "notice";
    ImGui::PushStyleColor(ImGuiCol_Text, from_user ? kUserColour : notice ? kNoticeColour
                                                                          : ImGui::GetStyleColorVec4(ImGuiCol_Text));
    ImGui::TextWrapped("%s: %s%s", speaker(app, message), message.text.c_str(), message.streaming ? " …" : "");
    ImGui::PopStyleColor();
    ui::track("chat.message." + std::to_string(index));
    draw_actions(app, message, index);
    ImGui::Spacing();
}

// The last few inner steps (tool calls and results) on one muted line each.
void draw_activity(const core::ClientState& m) {
    const std::size_t shown = std::min<std::size_t>(m.activity.size(), 3);
    for (std::size_t i = m.activity.size() - shown; i < m.activity.size(); ++i) {
        const auto& item = m.activity[i];
        const std::string line = (item.kind == "call" ? "› " : item.kind == "result" ? "· " : "! ") + item.name +
                                 (item.detail.empty() ? "" : ": " + item.detail);
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
        ImGui::TextUnformatted(line.c_str());
        ImGui::PopStyleColor();
    }
}

void draw_working(const App& app) {
    const core::ClientState& m = app.model();
    if (!m.turn_active) return;
    draw_activity(m);
    const int dots = static_cast<int>((app.now_ms() / 400) % 4);
    const char* phase = app.t(m.turn_phase == "checking"   ? core::Text::chat_checking
                              : m.turn_phase == "watching" ? core::Text::chat_watching
                                                           : core::Text::chat_working);
    ImGui::TextDisabled("%s%.*s", phase, dots, "...");
}

// What draw_message will take, without drawing: the wrapped text, the action row, the spacing.
float estimated_height(const App& app, const core::ChatMessage& message, float width) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const std::string line = std::string(speaker(app, message)) + ": " + message.text + (message.streaming ? " …" : "");
    float height = ImGui::CalcTextSize(line.c_str(), nullptr, false, width).y + style.ItemSpacing.y * 2;
    if (!message.actions.empty()) height += ImGui::GetFrameHeight() + style.ItemSpacing.y;
    return height;
}

// Advances the cursor by `height` as the skipped messages would have.
void skip_rows(float& height) {
    if (height <= 0) return;
    ImGui::Dummy(ImVec2(0, height - ImGui::GetStyle().ItemSpacing.y));
    height = 0;
}

// Only messages in view are laid out and drawn; the others are one spacer of their known height,
// so a history of thousands of messages costs a few additions a frame.
void draw_messages(App& app) {
    const auto& messages = app.model().messages;
    auto& heights = app.ui().chat_heights;
    const float width = ImGui::GetContentRegionAvail().x;
    if (app.ui().chat_width != width) heights.clear();
    app.ui().chat_width = width;
    heights.resize(messages.size());
    const float view_top = ImGui::GetScrollY();
    const float view_bottom = view_top + ImGui::GetWindowHeight();
    float y = ImGui::GetCursorPosY();
    float skipped = 0;
    for (std::size_t i = 0; i < messages.size(); ++i) {
        auto& row = heights[i];
        if (row.text_size != messages[i].text.size()) row = {estimated_height(app, messages[i], width), messages[i].text.size()};
        if (y + row.height < view_top || y > view_bottom) {
            skipped += row.height;
        } else {
            skip_rows(skipped);
            const float before = ImGui::GetCursorPosY();
            draw_message(app, messages[i], i);
            row.height = ImGui::GetCursorPosY() - before;
        }
        y += row.height;
    }
    skip_rows(skipped);
}

void draw_history(App& app) {
    const core::ClientState& m = app.model();
    ImGui::BeginChild("chat.history", ImVec2(0, -(ImGui::GetFrameHeightWithSpacing() + 6)));
    if (m.messages.empty()) draw_welcome(app);
    draw_messages(app);
    draw_working(app);
    // Follow new text while the reader is at the bottom; leave them be when they scrolled up.
    if (ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 40.0f) ImGui::SetScrollHereY(1.0f);
    ImGui::EndChild();
}

// The platform's own text field (IME, paste) sits over this frame; ImGui only draws the box.
void draw_text_field_frame(App& app, float width) {
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const ImVec2 size(width, ImGui::GetFrameHeight());
    ImGui::InvisibleButton("chat.input", size);
    ui::track("chat.input");
    ImGui::GetWindowDrawList()->AddRectFilled(at, ImVec2(at.x + size.x, at.y + size.y),
                                              ImGui::GetColorU32(ImGuiCol_FrameBg), ImGui::GetStyle().FrameRounding);
    app.place_text_field({at.x, at.y, size.x, size.y});
}

void draw_input(App& app) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const float send_w = ImGui::CalcTextSize(app.t(core::Text::chat_send)).x + style.FramePadding.x * 4;
    const float input_w = ImGui::GetContentRegionAvail().x - send_w - style.ItemSpacing.x;
    bool send = false;
    if (app.has_text_field()) {
        draw_text_field_frame(app, input_w);
    } else {
        send = ui::input_line("chat.input", app.t(core::Text::chat_placeholder), app.ui().chat_input, input_w);
        if (send) ImGui::SetKeyboardFocusHere(-1);
    }
    ImGui::SameLine();
    ImGui::BeginDisabled(app.model().turn_active);
    send |= ui::button("chat.send", app.t(core::Text::chat_send), ImVec2(send_w, 0));
    ImGui::EndDisabled();
    if (send) app.send_chat();
}

}  // namespace

void draw_chat_panel(App& app, const Rect& area) {
    begin_panel((std::string(app.t(core::Text::panel_chat)) + "###chat").c_str(), area);
    draw_history(app);
    draw_input(app);
    ImGui::End();
}

}  // namespace cw::app
