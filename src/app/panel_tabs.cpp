// Tab bar (phones in portrait): four equal buttons at the bottom, each filling the screen with one
// panel — chat, media, the player over the timeline, export. The chat is the default.
#include <array>

#include "app/panels.hpp"

namespace cw::app {

void draw_tab_bar(App& app, const Rect& area) {
    begin_panel("##tabs", area, false);
    using core::Text;
    const std::array<std::pair<Tab, Text>, 4> tabs = {{{Tab::chat, Text::panel_chat},
                                                       {Tab::media, Text::panel_media},
                                                       {Tab::preview, Text::panel_preview},
                                                       {Tab::export_panel, Text::panel_export}}};
    static const char* const kIds[] = {"tab.chat", "tab.media", "tab.preview", "tab.export"};
    const ImGuiStyle& style = ImGui::GetStyle();
    const float width = (ImGui::GetContentRegionAvail().x - style.ItemSpacing.x * 3) / 4;
    const float height = std::max(44.0f, ImGui::GetContentRegionAvail().y);
    for (std::size_t i = 0; i < tabs.size(); ++i) {
        if (i > 0) ImGui::SameLine();
        const bool active = app.ui().tab == tabs[i].first;
        if (active) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
        if (ui::button(kIds[i], app.t(tabs[i].second), ImVec2(width, height)) && !active) {
            app.ui().tab = tabs[i].first;
            app.ui().touch();
        }
        if (active) ImGui::PopStyleColor();
    }
    ImGui::End();
}

}  // namespace cw::app
