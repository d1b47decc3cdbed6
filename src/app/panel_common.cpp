// Shared panel chrome: fixed placement, text styles, progress bars and number formatting.
#include <cstdio>

#include "app/panels.hpp"

namespace cw::app {

void begin_panel(const char* title, const Rect& area, bool with_title_bar) {
    ImGui::SetNextWindowPos(ImVec2(area.x, area.y));
    ImGui::SetNextWindowSize(ImVec2(area.w, area.h));
    ImGuiWindowFlags flags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                             ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                             ImGuiWindowFlags_NoBringToFrontOnFocus;
    if (!with_title_bar) flags |= ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar;
    ImGui::Begin(title, nullptr, flags);
    if (with_title_bar) ui::note_text(std::string(title).substr(0, std::string(title).find("###")).c_str());
}

void hint_text(const char* text) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", text);
    ImGui::PopStyleColor();
    ui::note_text(text);
}

void error_text(const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.52f, 0.45f, 1.0f));
    ImGui::TextWrapped("%s", text.c_str());
    ImGui::PopStyleColor();
}

void progress_bar(const std::string& id, float fraction, const std::string& label) {
    ImGui::ProgressBar(fraction, ImVec2(-1, 0), label.c_str());
    ui::track(id);
}

std::string format_bytes(std::uint64_t bytes) {
    char out[32];
    if (bytes >= 1024ull * 1024 * 1024) std::snprintf(out, sizeof out, "%.1f GB", bytes / (1024.0 * 1024 * 1024));
    else if (bytes >= 1024ull * 1024 && bytes % (1024ull * 1024) == 0) std::snprintf(out, sizeof out, "%llu MB", static_cast<unsigned long long>(bytes >> 20));
    else if (bytes >= 1024ull * 1024) std::snprintf(out, sizeof out, "%.1f MB", bytes / (1024.0 * 1024));
    else if (bytes >= 1024) std::snprintf(out, sizeof out, "%.0f KB", bytes / 1024.0);
    else std::snprintf(out, sizeof out, "%llu B", static_cast<unsigned long long>(bytes));
    return out;
}

std::string format_duration(std::int64_t ms, bool precise) {
    char out[32];
    if (precise && ms < 10000) {
        std::snprintf(out, sizeof out, "%.1fs", static_cast<double>(ms) / 1000.0);
        return out;
    }
    const long long s = static_cast<long long>((ms + 500) / 1000);
    if (s >= 3600) std::snprintf(out, sizeof out, "%lld:%02lld:%02lld", s / 3600, (s / 60) % 60, s % 60);
    else std::snprintf(out, sizeof out, "%lld:%02lld", s / 60, s % 60);
    return out;
}

}  // namespace cw::app
