// Widget wrappers: call ImGui, then record where the item landed.
#include "app/widgets.hpp"

#include <algorithm>

#include <imgui_internal.h>
#include <misc/cpp/imgui_stdlib.h>

namespace cw::app {

const Rect* WidgetRects::find(const std::string& id) const {
    auto it = rects_.find(id);
    return it == rects_.end() ? nullptr : &it->second;
}

bool WidgetRects::drags_at(float x, float y) const {
    for (const Rect& area : drag_areas_)
        if (area.contains(x, y)) return true;
    return false;
}

nlohmann::json WidgetRects::to_json() const {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [id, r] : rects_) out[id] = {r.x, r.y, r.w, r.h};
    return out;
}

namespace ui {
namespace {
WidgetRects* g_registry = nullptr;
}  // namespace

void set_registry(WidgetRects* registry) { g_registry = registry; }

void track(const std::string& id) {
    if (!g_registry || !ImGui::IsItemVisible()) return;
    ImRect item(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    item.ClipWith(ImGui::GetCurrentWindow()->ClipRect);
    if (item.GetWidth() <= 0 || item.GetHeight() <= 0) return;
    g_registry->record(id, {item.Min.x, item.Min.y, item.GetWidth(), item.GetHeight()});
}

void drag_area(const Rect& area) {
    if (g_registry) g_registry->record_drag_area(area);
}

void drag_area() {
    const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    drag_area({min.x, min.y, max.x - min.x, max.y - min.y});
}

bool g_touch = false;
ImGuiStyle g_pointer_style;  // the studio's own style, kept while a touch screen uses bigger controls

void set_touch(bool touch) {
    if (touch == g_touch) return;
    g_touch = touch;
    ImGuiStyle& style = ImGui::GetStyle();
    if (!touch) {
        style = g_pointer_style;
        return;
    }
    g_pointer_style = style;
    // Frame height is the font size plus twice the vertical padding: 15 + 2 × 14.5 = 44.
    style.FramePadding = ImVec2(12, 14.5f);
    style.ItemSpacing = ImVec2(10, 10);
    style.ScrollbarSize = 6.0f;  // lists scroll by dragging, not by the bar
}

void note_text(const char* text) {
    if (g_registry) g_registry->record_text(text);
}

void label(const char* text) {
    ImGui::TextUnformatted(text);
    note_text(text);
}

// Scopes ImGui's id stack to the stable id so equal labels in different panels never collide.
template <typename Draw>
bool tracked(const std::string& id, Draw draw) {
    ImGui::PushID(id.c_str());
    bool result = draw();
    ImGui::PopID();
    track(id);
    return result;
}

bool button(const std::string& id, const char* label, ImVec2 size) {
    note_text(label);
    return tracked(id, [&] { return ImGui::Button(label, size); });
}

bool small_button(const std::string& id, const char* label) {
    note_text(label);
    return tracked(id, [&] { return g_touch ? ImGui::Button(label) : ImGui::SmallButton(label); });
}

bool radio(const std::string& id, const char* label, bool active) {
    note_text(label);
    return tracked(id, [&] { return ImGui::RadioButton(label, active); });
}

bool selectable(const std::string& id, const char* label, bool selected, ImVec2 size) {
    return tracked(id, [&] { return ImGui::Selectable(label, selected, 0, size); });
}

bool slider_int(const std::string& id, const char* label, int* value, int min, int max, const char* format) {
    note_text(label);
    return tracked(id, [&] {
        const bool changed = ImGui::SliderInt(label, value, min, max, format, ImGuiSliderFlags_AlwaysClamp);
        drag_area();
        return changed;
    });
}

bool input_line(const std::string& id, const char* hint, std::string& text, float width) {
    note_text(hint);
    return tracked(id, [&] {
        ImGui::SetNextItemWidth(width);
        return ImGui::InputTextWithHint("##input", hint, &text, ImGuiInputTextFlags_EnterReturnsTrue);
    });
}

}  // namespace ui
}  // namespace cw::app
