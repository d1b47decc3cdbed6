// Media bin: uploads with their progress and errors, then the session's media with kind, length,
// size and dimensions; the way to add more (button or drop anywhere).
#include <algorithm>
#include <cstdint>

#include "app/panels.hpp"
#include "draft/media_types.hpp"

namespace cw::app {
namespace {

const char* kind_label(const App& app, const std::string& type) {
    using core::Text;
    return app.t(type == "video" ? Text::media_video : type == "image" ? Text::media_image
                 : type == "audio" ? Text::media_audio : Text::media_file);
}

void draw_upload(const App& app, const core::UploadItem& item) {
    const std::string id = "media.upload." + std::to_string(item.id);
    ImGui::TextUnformatted(item.name.c_str());
    ui::track(id);
    switch (item.status) {
        case core::UploadStatus::queued: hint_text(app.t(core::Text::media_waiting)); break;
        case core::UploadStatus::uploading:
            progress_bar(id + ".progress", static_cast<float>(item.progress()),
                         format_bytes(item.sent) + " / " + format_bytes(item.size));
            break;
        case core::UploadStatus::rejected:
        case core::UploadStatus::failed: error_text(item.error); break;
        case core::UploadStatus::done: break;
    }
    ImGui::Spacing();
}

// The decoded frame when ready (fitted, letterboxed), else a tile with the kind's initial.
void draw_thumbnail(App& app, const nlohmann::json& media, const std::string& type) {
    const ImVec2 size(64, 36);
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(at, ImVec2(at.x + size.x, at.y + size.y), ImGui::GetColorU32(ImGuiCol_FrameBg), 3.0f);
    const auto* thumb = app.thumbnail(media.value("id", std::string()), media.value("url", std::string()), type);
    if (thumb && thumb->width > 0 && thumb->height > 0) {
        const float scale = std::min(size.x / static_cast<float>(thumb->width), size.y / static_cast<float>(thumb->height));
        const ImVec2 fitted(static_cast<float>(thumb->width) * scale, static_cast<float>(thumb->height) * scale);
        const ImVec2 min(at.x + (size.x - fitted.x) / 2, at.y + (size.y - fitted.y) / 2);
        dl->AddImage(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(thumb->texture)), min,
                     ImVec2(min.x + fitted.x, min.y + fitted.y));
    } else {
        const char* initial = type == "audio" ? "A" : type == "image" ? "I" : "V";
        const ImVec2 text = ImGui::CalcTextSize(initial);
        dl->AddText(ImVec2(at.x + (size.x - text.x) / 2, at.y + (size.y - text.y) / 2),
                    ImGui::GetColorU32(ImGuiCol_TextDisabled), initial);
    }
    ImGui::Dummy(size);
}

void draw_media_item(App& app, const nlohmann::json& media, std::size_t index) {
    const std::string name = media.value("name", std::string(app.t(core::Text::media_unnamed)));
    const std::string type = media.value("type", std::string());
    ImGui::PushID(static_cast<int>(index));
    draw_thumbnail(app, media, type);
    ImGui::SameLine();
    ImGui::BeginGroup();
    ui::selectable("media.item." + std::to_string(index), name.c_str(), false);
    std::string facts = kind_label(app, type);
    const std::int64_t duration = media.value("duration_ms", std::int64_t{0});
    if (duration > 0) facts += " · " + format_duration(duration, true);
    const int w = media.value("width", 0), h = media.value("height", 0);
    if (w > 0 && h > 0) facts += " · " + std::to_string(w) + "×" + std::to_string(h);
    facts += " · " + format_bytes(media.value("size", std::uint64_t{0}));
    hint_text(facts.c_str());
    ImGui::EndGroup();
    ImGui::PopID();
}

}  // namespace

void draw_media_panel(App& app, const Rect& area) {
    begin_panel((std::string(app.t(core::Text::panel_media)) + "###media").c_str(), area);
    if (ui::button("media.add", app.t(core::Text::media_add), ImVec2(-1, 0))) app.pick_files();
    if (app.files_dragged_over()) ImGui::TextColored(ImVec4(0.5f, 0.8f, 1.0f, 1.0f), "%s", app.t(core::Text::media_drop));
    ImGui::Spacing();
    const core::ClientState& m = app.model();
    for (const auto& item : m.uploads) {
        if (item.status != core::UploadStatus::done) draw_upload(app, item);
    }
    const nlohmann::json& media = m.media;
    if (media.is_array()) {
        for (std::size_t i = 0; i < media.size(); ++i) {
            if (media[i].is_object()) draw_media_item(app, media[i], i);
        }
    }
    if (m.uploads.empty() && (!media.is_array() || media.empty())) {
        const std::string hint =
            core::fill(app.t(core::Text::media_hint), {draft::formats_by_kind_text(app.language()),
                                                       format_bytes(static_cast<std::uint64_t>(app.config().max_upload_bytes))});
        hint_text(hint.c_str());
    }
    ImGui::End();
}

}  // namespace cw::app
