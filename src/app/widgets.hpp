// Thin wrappers over ImGui widgets that record each interactive item's rectangle under a stable id,
// so the browser test hook can click real coordinates and tests can find widgets by name.
#pragma once
#include <map>
#include <string>
#include <vector>

#include <imgui.h>
#include <nlohmann/json.hpp>

namespace cw::app {

struct Rect {
    float x = 0, y = 0, w = 0, h = 0;
    bool contains(float px, float py) const { return px >= x && py >= y && px < x + w && py < y + h; }
    ImVec2 center() const { return {x + w * 0.5f, y + h * 0.5f}; }
};

// Rectangles of the interactive widgets drawn in the last frame, in CSS pixels.
class WidgetRects {
public:
    void clear() { rects_.clear(), texts_.clear(), drag_areas_.clear(); }
    void record(const std::string& id, const Rect& rect) { rects_[id] = rect; }
    // The interface's own words drawn this frame (labels, hints, headings), for the test hook.
    void record_text(const char* text) { texts_.emplace_back(text); }
    const std::vector<std::string>& texts() const { return texts_; }
    // Where a touch drags the widget (a ruler, a handle, a slider) instead of panning.
    void record_drag_area(const Rect& rect) { drag_areas_.push_back(rect); }
    bool drags_at(float x, float y) const;
    const Rect* find(const std::string& id) const;
    const std::map<std::string, Rect>& all() const { return rects_; }
    nlohmann::json to_json() const;

private:
    std::map<std::string, Rect> rects_;
    std::vector<std::string> texts_;
    std::vector<Rect> drag_areas_;
};

namespace ui {

// Widgets record into this registry; the app sets it once per frame.
void set_registry(WidgetRects* registry);
// Records the last ImGui item under `id` (visible part only; fully clipped items are left out).
void track(const std::string& id);
// The last ImGui item, or `area`, drags under a finger rather than panning what holds it.
void drag_area();
void drag_area(const Rect& area);
// A label or heading of the interface: drawn, and noted for the test hook.
void label(const char* text);
void note_text(const char* text);

// Touch screens: every control at least 44 CSS px tall, small buttons included.
void set_touch(bool touch);

bool button(const std::string& id, const char* label, ImVec2 size = ImVec2(0, 0));
bool small_button(const std::string& id, const char* label);
bool radio(const std::string& id, const char* label, bool active);
bool selectable(const std::string& id, const char* label, bool selected, ImVec2 size = ImVec2(0, 0));
bool slider_int(const std::string& id, const char* label, int* value, int min, int max, const char* format = "%d");
// Single-line text input; returns true when the user pressed Enter.
bool input_line(const std::string& id, const char* hint, std::string& text, float width);

}  // namespace ui
}  // namespace cw::app
