// Export: format, size and GIF options, the Export button, this session's renders with progress,
// download and preview, and the preview area itself.
#include "app/panels.hpp"

#include <array>

namespace cw::app {
namespace {

using core::Text;

// A radio button in a row that wraps when the panel is too narrow for the next one.
bool choice(App& app, const std::string& id, const char* label, bool active) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const float width = ImGui::GetFrameHeight() + style.ItemInnerSpacing.x + ImGui::CalcTextSize(label).x;
    if (ImGui::GetCursorPosX() > style.WindowPadding.x && ImGui::GetContentRegionAvail().x < width) ImGui::NewLine();
    const bool clicked = ui::radio(id, label, active);
    ImGui::SameLine();
    if (clicked) app.ui().touch();
    return clicked;
}

void draw_format_choice(App& app, ExportSettings& s) {
    ui::label(app.t(Text::export_format));
    const std::array<std::pair<ExportFormat, const char*>, 3> formats = {
        {{ExportFormat::mp4, "MP4"}, {ExportFormat::gif, "GIF"}, {ExportFormat::webm, "WebM"}}};
    for (const auto& [format, label] : formats) {
        if (choice(app, std::string("export.format.") + to_string(format), label, s.format == format)) s.format = format;
    }
    ImGui::NewLine();
}

void draw_video_options(App& app, ExportSettings& s) {
    ui::label(app.t(Text::export_resolution));
    for (int height : {720, 1080}) {
        const std::string label = std::to_string(height) + "p";
        if (choice(app, "export.resolution." + std::to_string(height), label.c_str(), s.resolution == height)) {
            s.resolution = height;
        }
    }
    ImGui::NewLine();
    ui::label(app.t(Text::export_aspect));
    for (const char* aspect : {"auto", "16:9", "9:16", "1:1", "4:5"}) {
        const char* label = std::string(aspect) == "auto" ? app.t(Text::export_as_edited) : aspect;
        if (choice(app, std::string("export.aspect.") + aspect, label, s.aspect == aspect)) s.aspect = aspect;
    }
    ImGui::NewLine();
}

void draw_gif_options(App& app, ExportSettings& s) {
    ImGui::TextUnformatted("GIF");
    const float w = ImGui::GetContentRegionAvail().x * 0.6f;
    bool changed = false;
    ImGui::SetNextItemWidth(w);
    changed |= ui::slider_int("export.gif.width", app.t(Text::export_width), &s.gif_width, 160, 1080, "%d px");
    ImGui::SetNextItemWidth(w);
    changed |= ui::slider_int("export.gif.fps", app.t(Text::export_fps), &s.gif_fps, 5, 30, "%d fps");
    ImGui::SetNextItemWidth(w);
    changed |= ui::slider_int("export.gif.colors", app.t(Text::export_colours), &s.gif_colors, 16, 256);
    ImGui::SetNextItemWidth(w);
    changed |= ui::slider_int("export.gif.max_mb", app.t(Text::export_max_size), &s.gif_max_mb, 0, 50,
                              s.gif_max_mb == 0 ? app.t(Text::export_no_limit) : "%d MB");
    if (changed) app.ui().touch();
    ui::label(app.t(Text::export_dither));
    const std::array<std::pair<const char*, const char*>, 3> dithers = {
        {{"none", app.t(Text::export_none)}, {"sierra2_4a", app.t(Text::export_smooth)}, {"bayer", app.t(Text::export_pattern)}}};
    for (const auto& [value, label] : dithers) {
        if (choice(app, std::string("export.gif.dither.") + value, label, s.gif_dither == value)) s.gif_dither = value;
    }
    ImGui::NewLine();
}

std::string job_label(const App& app, const core::ExportJob& job) {
    const bool finished = job.status == core::JobStatus::completed || job.status == core::JobStatus::failed;
    if (job.cancelled && !finished) return app.t(Text::export_cancelling);
    switch (job.status) {
        case core::JobStatus::preparing: return app.t(Text::export_starting);
        case core::JobStatus::pending: return app.t(Text::export_waiting);
        case core::JobStatus::processing:
            return core::fill(app.t(Text::export_rendering), {std::to_string(static_cast<int>(job.progress * 100))});
        case core::JobStatus::completed:
            return core::fill(app.t(Text::export_done), {format_bytes(static_cast<std::uint64_t>(job.size))});
        case core::JobStatus::failed: return app.t(job.cancelled ? Text::export_cancelled : Text::export_failed);
    }
    return "";
}

void draw_job(App& app, const core::ExportJob& job) {
    const std::string id = "export.job." + job.first_id;
    ImGui::PushID(id.c_str());
    ImGui::Text("%s", job.options.format == "gif" ? "GIF" : job.options.format == "webm" ? "WebM" : "MP4");
    ImGui::SameLine();
    const float fraction = job.status == core::JobStatus::completed ? 1.0f : static_cast<float>(job.progress);
    progress_bar(id + ".progress", fraction, job_label(app, job));
    if (job.status == core::JobStatus::completed) {
        if (ui::small_button(id + ".download", app.t(Text::export_download))) app.download(job);
        ImGui::SameLine();
        const bool showing = app.ui().preview_job == job.id;
        if (ui::small_button(id + ".preview", app.t(showing ? Text::export_hide_preview : Text::export_preview))) {
            if (showing) app.close_preview();
            else app.preview(job);
        }
    }
    const bool unfinished = job.status == core::JobStatus::pending || job.status == core::JobStatus::processing;
    if (unfinished && !job.cancelled && ui::small_button(id + ".cancel", app.t(Text::export_cancel))) app.cancel_export(job);
    if (job.status == core::JobStatus::failed && !job.cancelled) error_text(job.error);
    ImGui::PopID();
    ImGui::Spacing();
}

// The preview overlay (a <video>/<img> over the canvas) sits in the space left under the list.
void reserve_preview(App& app) {
    if (app.ui().preview_job.empty()) return;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float h = std::min(avail.y - 4.0f, avail.x * 0.75f);
    if (h < 60.0f) return;
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(avail.x, h));
    app.place_preview({at.x, at.y, avail.x, h});
}

}  // namespace

void draw_export_panel(App& app, const Rect& area) {
    begin_panel((std::string(app.t(Text::panel_export)) + "###export").c_str(), area);
    ExportSettings& s = app.ui().export_settings;
    draw_format_choice(app, s);
    if (s.format == ExportFormat::gif) draw_gif_options(app, s);
    else draw_video_options(app, s);
    const core::ClientState& m = app.model();
    const bool can_export = m.connection == core::ConnectionStatus::online && !m.draft.empty();
    ImGui::BeginDisabled(!can_export);
    if (ui::button("export.start", app.t(Text::export_start), ImVec2(-1, 0))) app.start_export();
    ImGui::EndDisabled();
    if (m.connection != core::ConnectionStatus::online) hint_text(app.t(Text::export_offline_hint));
    else if (m.draft.empty()) hint_text(app.t(Text::export_empty_hint));
    ImGui::Separator();
    for (auto it = m.jobs.rbegin(); it != m.jobs.rend(); ++it) draw_job(app, *it);
    reserve_preview(app);
    ImGui::End();
}

}  // namespace cw::app
