// Chat: the conversation with the agent, suggestions for a first request, and the input line.
#include "app/panels.hpp"

namespace cw::app {
namespace {

void draw_welcome(AppState& state) {
    ImGui::TextWrapped("Tell Clipwright what to make.");
    hint_text("Add your clips or photos, then describe the video you want, in English or Chinese. "
              "Try one of these:");
    ImGui::Spacing();
    const auto& requests = suggested_requests();
    for (size_t i = 0; i < requests.size(); ++i) {
        if (ui::selectable("chat.suggestion." + std::to_string(i), requests[i].c_str(), false)) {
            state.chat_input = requests[i];
            state.touch();
        }
    }
}

void draw_messages(const AppState& state) {
    for (const auto& m : state.messages) {
        const bool from_user = m.role == "user";
        ImGui::PushStyleColor(ImGuiCol_Text, from_user ? ImVec4(0.55f, 0.78f, 1.0f, 1.0f)
                                                       : ImGui::GetStyleColorVec4(ImGuiCol_Text));
        ImGui::TextWrapped("%s %s", from_user ? "You:" : "Clipwright:", m.text.c_str());
        ImGui::PopStyleColor();
        ImGui::Spacing();
    }
}

void send_input(AppState& state) {
    if (state.chat_input.find_first_not_of(" \t\r\n") == std::string::npos) return;
    state.messages.push_back({"user", state.chat_input});
    state.chat_input.clear();
    state.touch();
}

}  // namespace

void draw_chat_panel(AppState& state, const Rect& area) {
    begin_panel("Chat", area);
    const float input_h = ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y;
    ImGui::BeginChild("chat.history", ImVec2(0, -input_h));
    if (state.messages.empty()) draw_welcome(state);
    else draw_messages(state);
    ImGui::EndChild();

    const float send_w = ImGui::CalcTextSize("Send").x + ImGui::GetStyle().FramePadding.x * 4;
    const float input_w = ImGui::GetContentRegionAvail().x - send_w - ImGui::GetStyle().ItemSpacing.x;
    bool send = ui::input_line("chat.input", "Describe the video you want…", state.chat_input, input_w);
    if (send) ImGui::SetKeyboardFocusHere(-1);
    ImGui::SameLine();
    send |= ui::button("chat.send", "Send", ImVec2(send_w, 0));
    if (send) send_input(state);
    ImGui::End();
}

}  // namespace cw::app
