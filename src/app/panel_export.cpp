// Export: format, size and GIF options, and the button that starts a render.
#include "app/panels.hpp"

#include <array>

namespace cw::app {
namespace {

void draw_format_choice(ExportSettings& s, AppState& state) {
    ImGui::TextUnformatted("Format");
    const std::array<std::pair<ExportFormat, const char*>, 3> formats = {
        {{ExportFormat::mp4, "MP4"}, {ExportFormat::gif, "GIF"}, {ExportFormat::webm, "WebM"}}};
    for (const auto& [format, label] : formats) {
        if (ui::radio(std::string("export.format.") + to_string(format), label, s.format == format)) {
            s.format = format;
            state.touch();
        }
        ImGui::SameLine();
    }
    ImGui::NewLine();
}

void draw_video_options(ExportSettings& s, AppState& state) {
    ImGui::TextUnformatted("Resolution");
    for (int height : {720, 1080}) {
        if (ui::radio("export.resolution." + std::to_string(height), (std::to_string(height) + "p").c_str(),
                      s.resolution == height)) {
            s.resolution = height;
            state.touch();
        }
        ImGui::SameLine();
    }
    ImGui::NewLine();
    ImGui::TextUnformatted("Aspect");
    for (const char* aspect : {"16:9", "9:16", "1:1", "4:5"}) {
        if (ui::radio(std::string("export.aspect.") + aspect, aspect, s.aspect == aspect)) {
            s.aspect = aspect;
            state.touch();
        }
        ImGui::SameLine();
    }
    ImGui::NewLine();
}

void draw_gif_options(ExportSettings& s, AppState& state) {
    ImGui::TextUnformatted("GIF");
    const float w = ImGui::GetContentRegionAvail().x * 0.6f;
    ImGui::SetNextItemWidth(w);
    if (ui::slider_int("export.gif.width", "Width", &s.gif_width, 160, 1080, "%d px")) state.touch();
    ImGui::SetNextItemWidth(w);
    if (ui::slider_int("export.gif.fps", "Frame rate", &s.gif_fps, 5, 30, "%d fps")) state.touch();
    ImGui::SetNextItemWidth(w);
    if (ui::slider_int("export.gif.colors", "Colours", &s.gif_colors, 16, 256)) state.touch();
}

}  // namespace

void draw_export_panel(AppState& state, const Rect& area) {
    begin_panel("Export", area);
    ExportSettings& s = state.export_settings;
    draw_format_choice(s, state);
    ImGui::Separator();
    if (s.format == ExportFormat::gif) draw_gif_options(s, state);
    else draw_video_options(s, state);
    ImGui::Separator();
    const bool can_export = state.connection == Connection::online;
    ImGui::BeginDisabled(!can_export);
    ui::button("export.start", "Export", ImVec2(-1, 0));
    ImGui::EndDisabled();
    if (!can_export) hint_text("Export is available once the studio is connected and your timeline has content.");
    ImGui::End();
}

}  // namespace cw::app
