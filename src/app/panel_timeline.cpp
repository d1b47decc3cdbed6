// Timeline: one lane per track (video, audio, text) with segments drawn to scale under a time
// ruler with the player's playhead (click or drag on the ruler to scrub); a selected segment offers
// its actions (delete, move, length by field or by dragging its end, volume, text), each sent to the
// agent as a chat instruction; Undo and Redo, Delete, Ctrl+Z and Ctrl+Shift+Z; zoom (wheel, +/-, buttons), scroll (shift+wheel, arrows), fit; hover and click show a
// segment's details; the contract's one-line summary on top. Only visible segments are drawn,
// at most about one per pixel, so thousands of segments stay smooth.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "app/panels.hpp"
#include "app/timeline_actions.hpp"

namespace cw::app {
namespace {

using core::Text;

constexpr float kLabelWidth = 84.0f;
constexpr float kRulerHeight = 20.0f;
constexpr float kLaneHeight = 34.0f;
constexpr float kRoundedMinWidth = 16.0f;

ImU32 segment_colour(std::uint32_t rgb, bool highlighted) {
    const int r = (rgb >> 16) & 0xFF, g = (rgb >> 8) & 0xFF, b = rgb & 0xFF;
    if (rgb == 0) return IM_COL32(90, 110, 140, 255);
    return highlighted ? IM_COL32(std::min(255, r + 50), std::min(255, g + 50), std::min(255, b + 50), 255)
                       : IM_COL32(r, g, b, 230);
}

const core::Segment* segment_at(const core::ClientState& m, SegmentRef ref) {
    if (!ref.valid() || ref.track >= static_cast<int>(m.draft.tracks.size())) return nullptr;
    const auto& segments = m.draft.tracks[static_cast<std::size_t>(ref.track)].segments;
    return ref.segment < static_cast<int>(segments.size()) ? &segments[static_cast<std::size_t>(ref.segment)] : nullptr;
}

std::string segment_details(const App& app, const core::Segment& s) {
    std::string out = s.label.empty() ? std::string(draft::to_string(s.kind)) : s.label;
    out += " · " + format_duration(s.start_ms, true) + "–" + format_duration(s.end_ms(), true) + " (" +
           format_duration(s.duration_ms, true) + ")";
    if (s.volume >= 0)
        out += " · " + core::fill(app.t(Text::timeline_volume), {std::to_string(static_cast<int>(std::lround(s.volume * 100)))});
    if (s.speed > 0 && s.speed != 1.0) {
        char speed[32];
        std::snprintf(speed, sizeof speed, "%.2g", s.speed);
        out += " · " + core::fill(app.t(Text::timeline_speed), {speed});
    }
    if (!s.transition.empty()) out += " · " + core::fill(app.t(Text::timeline_transition), {s.transition});
    if (!s.effect.empty()) out += " · " + s.effect;
    if (!s.text.empty()) out += " · \"" + s.text + "\"";
    return out;
}

// [SECTION] View changes

void zoom(App& app, double factor, double anchor_x) {
    AppState& ui = app.ui();
    ui.timeline = core::zoom_at(ui.timeline, factor, anchor_x);
    ui.touch();
}

void scroll(App& app, double dx) {
    AppState& ui = app.ui();
    ui.timeline = core::scroll_by(ui.timeline, dx, static_cast<double>(app.model().draft.duration_ms));
    ui.touch();
}

void fit_view(App& app) {
    AppState& ui = app.ui();
    ui.timeline = core::fit(ui.timeline, std::max<double>(1000.0, static_cast<double>(app.model().draft.duration_ms)));
    ui.timeline_fitted = true;
    ui.touch();
}

void handle_keys(App& app) {
    const ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput) return;
    const double width = app.ui().timeline.width_px;
    for (int i = 0; i < io.InputQueueCharacters.Size; ++i) {
        const ImWchar c = io.InputQueueCharacters[i];
        if (c == '+' || c == '=') zoom(app, 1.5, width / 2);
        if (c == '-' || c == '_') zoom(app, 1 / 1.5, width / 2);
        if (c == 'f' || c == 'F') fit_view(app);
    }
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_LeftArrow))) scroll(app, -width / 4);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow))) scroll(app, width / 4);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Home))) scroll(app, -1e12);
}

// [SECTION] Drawing

void draw_ruler(ImDrawList* dl, ImVec2 origin, float width, const core::TimelineView& view) {
    const ImU32 colour = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    const std::int64_t step = core::tick_step_ms(view.pixels_per_second);
    const std::int64_t first = static_cast<std::int64_t>(std::floor(view.scroll_ms / static_cast<double>(step))) * step;
    for (std::int64_t t = std::max<std::int64_t>(0, first);; t += step) {
        const float x = origin.x + kLabelWidth + static_cast<float>(view.time_to_x(static_cast<double>(t)));
        if (x > origin.x + width) break;
        if (x < origin.x + kLabelWidth) continue;
        dl->AddLine(ImVec2(x, origin.y + kRulerHeight - 6), ImVec2(x, origin.y + kRulerHeight), colour);
        const std::string label = format_duration(t, step < 1000);
        dl->AddText(ImVec2(x + 3, origin.y), colour, label.c_str());
    }
}

// What a segment shows along its length: the part of its video's filmstrip or of its sound's
// waveform that its in-point and length cover, or its photo repeated.
struct SegmentPicture {
    ImTextureID texture = nullptr;
    ImVec2 uv0{0, 0}, uv1{1, 1};
    float tile_aspect = 0;  // > 0: the picture repeats along the segment at this width/height
};

const nlohmann::json* media_of(const App& app, const core::Segment& s) {
    for (const nlohmann::json& item : app.model().media) {
        if (item.is_object() && item.value("id", std::string()) == s.src) return &item;
    }
    return nullptr;
}

ImTextureID texture_of(const platform::Platform::Thumbnail& picture) {
    return reinterpret_cast<ImTextureID>(static_cast<intptr_t>(picture.texture));
}

SegmentPicture segment_picture(App& app, const core::Segment& s) {
    const nlohmann::json* media = s.kind == core::TrackKind::text ? nullptr : media_of(app, s);
    if (!media) return {};
    const std::string type = media->value("type", std::string());
    if (s.kind == core::TrackKind::video && type == "image") {
        const auto* photo = app.thumbnail(s.src, media->value("url", std::string()), type);
        if (!photo || photo->height <= 0) return {};
        return {texture_of(*photo), {0, 0}, {1, 1}, static_cast<float>(photo->width) / static_cast<float>(photo->height)};
    }
    const bool frames = s.kind == core::TrackKind::video;
    if (frames ? type != "video" : !(type == "audio" || media->value("has_audio", false))) return {};
    const double length = media->value("duration_ms", 0.0);
    const auto* strip = length > 0 ? app.lane_picture(*media, frames) : nullptr;
    if (!strip) return {};
    const double speed = s.speed > 0 ? s.speed : 1.0;
    const auto at = [length](double ms) { return static_cast<float>(std::clamp(ms / length, 0.0, 1.0)); };
    return {texture_of(*strip), {at(static_cast<double>(s.in_ms)), 0},
            {at(static_cast<double>(s.in_ms) + static_cast<double>(s.duration_ms) * speed), 1}, 0};
}

void draw_picture(ImDrawList* dl, const SegmentPicture& picture, ImVec2 min, ImVec2 max) {
    if (!picture.texture) return;
    const ImU32 dimmed = IM_COL32(255, 255, 255, 150);  // the label stays readable over it
    if (picture.tile_aspect <= 0) return dl->AddImage(picture.texture, min, max, picture.uv0, picture.uv1, dimmed);
    const float tile = std::max(8.0f, (max.y - min.y) * picture.tile_aspect);
    dl->PushClipRect(min, max, true);
    const float visible_end = std::min(max.x, dl->GetClipRectMax().x);
    const float skipped = std::max(0.0f, std::floor((dl->GetClipRectMin().x - min.x) / tile)) * tile;  // off screen
    for (float x = min.x + skipped; x < visible_end; x += tile)
        dl->AddImage(picture.texture, ImVec2(x, min.y), ImVec2(x + tile, max.y), picture.uv0, picture.uv1, dimmed);
    dl->PopClipRect();
}

void draw_segment(ImDrawList* dl, const core::Segment& s, ImVec2 min, ImVec2 max, bool highlighted,
                  const SegmentPicture& picture) {
    // A rounded rectangle is an anti-aliased polygon of ~30 vertices, a square one is 4; zoomed
    // out, thousands of segments a few pixels wide are on screen and rounding them shows nothing.
    const float rounding = max.x - min.x >= kRoundedMinWidth ? 3.0f : 0.0f;
    dl->AddRectFilled(min, max, segment_colour(s.colour, highlighted), rounding);
    if (max.x - min.x >= kRoundedMinWidth) draw_picture(dl, picture, min, max);
    if (highlighted) dl->AddRect(min, max, IM_COL32(255, 255, 255, 220), rounding, 0, 2.0f);
    if (max.x - min.x < 24.0f) return;
    const std::string& label = s.kind == core::TrackKind::text && !s.text.empty() ? s.text : s.label;
    const ImVec4 clip(min.x + 4, min.y, max.x - 4, max.y);
    dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(min.x + 5, min.y + (max.y - min.y - ImGui::GetFontSize()) / 2),
                IM_COL32(255, 255, 255, 235), label.c_str(), nullptr, 0.0f, &clip);
}

struct LaneGeometry {
    ImVec2 origin;  // top-left of the lanes area, below the ruler
    float width = 0;
    float lanes_x = 0;  // where time 0 of the view is drawn
};

// A lane's background and name; returns the lane's top.
float draw_lane_frame(const LaneGeometry& g, std::size_t t, const std::string& name) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float y = g.origin.y + kLaneHeight * static_cast<float>(t);
    dl->AddRectFilled(ImVec2(g.origin.x, y), ImVec2(g.origin.x + g.width, y + kLaneHeight - 2),
                      ImGui::GetColorU32(t % 2 ? ImGuiCol_FrameBg : ImGuiCol_FrameBgHovered, 0.45f));
    const ImVec4 label_clip(g.origin.x, y, g.lanes_x - 4, y + kLaneHeight);
    dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(g.origin.x + 6, y + (kLaneHeight - ImGui::GetFontSize()) / 2),
                ImGui::GetColorU32(ImGuiCol_Text), name.c_str(), nullptr, 0.0f, &label_clip);
    return y;
}

void draw_lane(App& app, const LaneGeometry& g, std::size_t t, std::vector<std::size_t>& visible) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const core::Track& track = app.model().draft.tracks[t];
    const core::TimelineView& view = app.ui().timeline;
    const float y = draw_lane_frame(g, t, track.name);

    visible.clear();
    app.timeline_layout().track(t).visible_lod(view.scroll_ms, view.visible_end_ms(), view.ms_per_pixel(), visible);
    dl->PushClipRect(ImVec2(g.lanes_x, y), ImVec2(g.origin.x + g.width, y + kLaneHeight), true);
    for (std::size_t i : visible) {
        const core::Segment& s = track.segments[i];
        const float x0 = g.lanes_x + static_cast<float>(view.time_to_x(static_cast<double>(s.start_ms)));
        const float x1 = g.lanes_x + static_cast<float>(view.time_to_x(static_cast<double>(s.end_ms())));
        const SegmentRef ref{static_cast<int>(t), static_cast<int>(i)};
        const bool highlighted = ref == app.ui().selected || ref == app.ui().hovered;
        draw_segment(dl, s, ImVec2(x0, y + 3), ImVec2(std::max(x0 + 2.0f, x1 - 1.0f), y + kLaneHeight - 5), highlighted,
                     segment_picture(app, s));
    }
    dl->PopClipRect();
}

// The player's position: a line through the ruler and every lane, with a handle on the ruler that
// the test hook reports as "timeline.playhead".
void draw_playhead(App& app, const LaneGeometry& g, float lanes_h) {
    const float x = g.lanes_x + static_cast<float>(app.ui().timeline.time_to_x(app.ui().player.time_ms));
    if (x < g.lanes_x || x > g.origin.x + g.width) return;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 colour = IM_COL32(255, 96, 80, 255);
    const float top = g.origin.y - kRulerHeight;
    dl->AddLine(ImVec2(x, top), ImVec2(x, g.origin.y + lanes_h), colour, 2.0f);
    dl->AddTriangleFilled(ImVec2(x - 6, top), ImVec2(x + 6, top), ImVec2(x, top + 8), colour);
    const ImVec2 cursor = ImGui::GetCursorScreenPos();
    ImGui::SetCursorScreenPos(ImVec2(x - 6, top));
    ImGui::Dummy(ImVec2(12, kRulerHeight));
    ui::track("timeline.playhead");
    ImGui::SetCursorScreenPos(cursor);
}

// [SECTION] Segment actions: each becomes a chat instruction (timeline_actions.hpp)

// The segment's position on its track, 1-based: what "clip 2" means to the agent.
int clip_number(const SegmentRef& ref) { return ref.segment + 1; }

void select(App& app, SegmentRef ref) {
    AppState& ui = app.ui();
    ui.selected = ref;
    if (const core::Segment* s = segment_at(app.model(), ref)) {
        ui.segment_seconds = static_cast<float>(s->duration_ms) / 1000.0f;
        ui.segment_volume = static_cast<int>(std::lround((s->volume < 0 ? 1.0 : s->volume) * 100));
        ui.segment_text = s->text;
    }
    ui.touch();
}

// The selected video segment's edges: dragging its end trims its tail, dragging its start its head.
using TrimEdge = AppState::TrimEdge;

std::optional<float> trim_handle_x(App& app, const LaneGeometry& g, TrimEdge edge) {
    const core::Segment* s = segment_at(app.model(), app.ui().selected);
    if (!s || s->kind != core::TrackKind::video) return std::nullopt;
    const std::int64_t ms = edge == TrimEdge::start ? s->start_ms : s->end_ms();
    return g.lanes_x + static_cast<float>(app.ui().timeline.time_to_x(static_cast<double>(ms)));
}

// Half the handle's grab width: a finger (touch controls are taller) needs more than a mouse.
float trim_grab_px() { return std::max(6.0f, ImGui::GetFrameHeight() / 2); }

float selected_lane_top(App& app, const LaneGeometry& g) {
    return g.origin.y + kLaneHeight * static_cast<float>(app.ui().selected.track);
}

// The edge under the pointer; the end wins where a short clip's two handles overlap.
TrimEdge trim_handle_under_mouse(App& app, const LaneGeometry& g) {
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const float lane_top = selected_lane_top(app, g);
    if (mouse.y < lane_top || mouse.y >= lane_top + kLaneHeight) return TrimEdge::none;
    for (TrimEdge edge : {TrimEdge::end, TrimEdge::start}) {
        const auto x = trim_handle_x(app, g, edge);
        if (x && std::fabs(mouse.x - *x) <= trim_grab_px()) return edge;
    }
    return TrimEdge::none;
}

void draw_trim_handle(App& app, const LaneGeometry& g, TrimEdge edge) {
    const auto x = trim_handle_x(app, g, edge);
    if (!x) return;
    const float lane_top = selected_lane_top(app, g);
    const float drawn_x = app.ui().trimming == edge ? ImGui::GetIO().MousePos.x : *x;
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(drawn_x - 3, lane_top + 2), ImVec2(drawn_x + 3, lane_top + kLaneHeight - 4),
                                              IM_COL32(255, 255, 255, 230), 2.0f);
    const ImVec2 cursor = ImGui::GetCursorScreenPos();
    ImGui::SetCursorScreenPos(ImVec2(*x - trim_grab_px(), lane_top));
    ImGui::Dummy(ImVec2(2 * trim_grab_px(), kLaneHeight));
    ui::track(edge == TrimEdge::start ? "timeline.trim_start" : "timeline.trim_end");
    ui::drag_area();
    ImGui::SetCursorScreenPos(cursor);
}

void finish_trim(App& app, const LaneGeometry& g) {
    AppState& ui = app.ui();
    const TrimEdge edge = ui.trimming;
    ui.trimming = TrimEdge::none;
    const core::Segment* s = segment_at(app.model(), ui.selected);
    if (!s) return;
    const double at_ms = ui.timeline.x_to_time(ImGui::GetIO().MousePos.x - g.lanes_x);
    if (edge == TrimEdge::end) {
        const double seconds = std::max(0.5, (at_ms - static_cast<double>(s->start_ms)) / 1000.0);
        app.instruct(duration_instruction(clip_number(ui.selected), seconds));
        return;
    }
    // Dragged left of its start, or by less than a tenth of a second: nothing to cut.
    const double cut = std::min(at_ms - static_cast<double>(s->start_ms), static_cast<double>(s->duration_ms) - 500.0) / 1000.0;
    if (cut >= 0.1) app.instruct(head_trim_instruction(clip_number(ui.selected), cut));
}

// How many segments share the selected one's track: the last cannot move later.
int selected_track_size(App& app) {
    return static_cast<int>(app.model().draft.tracks[static_cast<std::size_t>(app.ui().selected.track)].segments.size());
}

void draw_segment_actions(App& app, const core::Segment& s) {
    AppState& ui = app.ui();
    const int clip = clip_number(ui.selected);
    if (ui::small_button("timeline.action.delete", app.t(Text::timeline_delete))) app.instruct(remove_instruction(s, clip));
    if (s.kind == core::TrackKind::video) {
        ImGui::SameLine();
        ImGui::BeginDisabled(clip <= 1);
        if (ui::small_button("timeline.action.earlier", app.t(Text::timeline_earlier))) app.instruct(swap_instruction(clip, -1));
        ImGui::EndDisabled();
        ImGui::SameLine();
        ImGui::BeginDisabled(clip >= selected_track_size(app));
        if (ui::small_button("timeline.action.later", app.t(Text::timeline_later))) app.instruct(swap_instruction(clip, +1));
        ImGui::EndDisabled();
        ImGui::SameLine();
        ImGui::SetNextItemWidth(80);
        ImGui::InputFloat("##seconds", &ui.segment_seconds, 0, 0, "%.1f s");
        ui::track("timeline.action.seconds");
        ImGui::SameLine();
        if (ui::small_button("timeline.action.set_length", app.t(Text::timeline_set_length)))
            app.instruct(duration_instruction(clip, std::max(0.5f, ui.segment_seconds)));
    } else if (s.kind == core::TrackKind::audio) {
        ImGui::SameLine();
        ImGui::SetNextItemWidth(140);
        ui::slider_int("timeline.action.volume", "##volume", &ui.segment_volume, 0, 200, "%d%%");
        ImGui::SameLine();
        if (ui::small_button("timeline.action.set_volume", app.t(Text::timeline_set_volume))) app.instruct(volume_instruction(ui.segment_volume));
    } else if (s.kind == core::TrackKind::text) {
        ImGui::SameLine();
        ui::input_line("timeline.action.text", app.t(Text::timeline_text), ui.segment_text, 220);
        ImGui::SameLine();
        if (ui::small_button("timeline.action.set_text", app.t(Text::timeline_set_text)) && !ui.segment_text.empty())
            app.instruct(text_instruction(ui.segment_text));
    }
}

// A right click, or a long press on a touch screen, opens the segment's actions beside it.
void draw_segment_menu(App& app) {
    if (!ImGui::BeginPopup("timeline.menu")) return;
    const core::Segment* s = segment_at(app.model(), app.ui().selected);
    if (!s) {
        ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
        return;
    }
    ImGui::TextUnformatted(segment_details(app, *s).c_str());
    const int clip = clip_number(app.ui().selected);
    if (ui::selectable("timeline.menu.delete", app.t(Text::timeline_delete), false)) app.instruct(remove_instruction(*s, clip));
    if (s->kind == core::TrackKind::video) {
        if (clip > 1 && ui::selectable("timeline.menu.earlier", app.t(Text::timeline_earlier), false))
            app.instruct(swap_instruction(clip, -1));
        if (clip < selected_track_size(app) && ui::selectable("timeline.menu.later", app.t(Text::timeline_later), false))
            app.instruct(swap_instruction(clip, +1));
    }
    ImGui::EndPopup();
}

// Delete acts on the selection; Ctrl+Z and Ctrl+Shift+Z undo and redo the agent's edits.
void handle_edit_keys(App& app) {
    const ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput) return;
    if (io.KeyCtrl && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Z), false)) app.instruct(io.KeyShift ? "redo" : "undo");
    const core::Segment* s = segment_at(app.model(), app.ui().selected);
    if (s && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Delete), false))
        app.instruct(remove_instruction(*s, clip_number(app.ui().selected)));
}

SegmentRef segment_under_mouse(App& app, const LaneGeometry& g) {
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const auto& tracks = app.model().draft.tracks;
    const int t = static_cast<int>(std::floor((mouse.y - g.origin.y) / kLaneHeight));
    if (t < 0 || t >= static_cast<int>(tracks.size()) || mouse.x < g.lanes_x) return {};
    const double ms = app.ui().timeline.x_to_time(mouse.x - g.lanes_x);
    const auto found = app.timeline_layout().track(static_cast<std::size_t>(t)).segment_at(ms);
    return found ? SegmentRef{t, static_cast<int>(*found)} : SegmentRef{};
}

// The lanes as one widget: size, item, behaviour (wheel, hover, click), render.
void timeline_lanes(App& app) {
    const core::ClientState& m = app.model();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    // An empty timeline still shows where video, audio and text will go.
    const std::string kEmptyLanes[] = {app.t(Text::timeline_video), app.t(Text::timeline_audio), app.t(Text::timeline_text)};
    const std::size_t lane_count = m.draft.tracks.empty() ? 3 : m.draft.tracks.size();
    const float lanes_h = kLaneHeight * static_cast<float>(lane_count);
    ImGui::BeginChild("timeline.scroll", ImVec2(avail.x, std::max(avail.y, 1.0f)), false);
    const ImVec2 top = ImGui::GetCursorScreenPos();
    const float width = ImGui::GetContentRegionAvail().x;
    LaneGeometry g{ImVec2(top.x, top.y + kRulerHeight), width, top.x + kLabelWidth};
    AppState& ui = app.ui();
    ui.timeline.width_px = std::max(1.0f, width - kLabelWidth);
    // Fitted once the lanes' own width is known: on a phone the timeline is first drawn when its
    // tab is opened, long after the first draft arrived.
    if (!ui.timeline_fitted && !m.draft.empty()) fit_view(app);

    ImGui::InvisibleButton("timeline.canvas", ImVec2(std::max(width, 1.0f), kRulerHeight + lanes_h),
                           ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
    ui::track("timeline.canvas");
    ui::drag_area({top.x, top.y, width, kRulerHeight});
    const bool hovered = ImGui::IsItemHovered();
    const ImGuiIO& io = ImGui::GetIO();
    // Fingers pan and pinch (touch_gestures.hpp); their vertical pan reaches ImGui as a wheel,
    // which here would zoom.
    const GestureFrame& fingers = app.ui().gesture;
    if (hovered && io.MouseWheel != 0.0f && !io.KeyShift && !fingers.touching)
        zoom(app, std::pow(1.25, io.MouseWheel), io.MousePos.x - g.lanes_x);
    if (hovered && (io.MouseWheelH != 0.0f || (io.KeyShift && io.MouseWheel != 0.0f))) {
        scroll(app, -80.0 * (io.MouseWheelH != 0.0f ? io.MouseWheelH : io.MouseWheel));
    }
    if (hovered && fingers.pan_x != 0.0f) scroll(app, -fingers.pan_x);
    const Rect lanes_area{top.x, top.y, width, kRulerHeight + lanes_h};
    if (fingers.pinch != 1.0f && lanes_area.contains(fingers.pinch_x, fingers.pinch_y))
        zoom(app, fingers.pinch, fingers.pinch_x - g.lanes_x);
    ui.timeline_hovered = hovered;
    const SegmentRef under = hovered ? segment_under_mouse(app, g) : SegmentRef{};
    if (!(under == ui.hovered)) ui.hovered = under;
    if (ImGui::IsItemClicked() && io.MousePos.y < g.origin.y) {
        ui.scrubbing = true;
    } else if (ImGui::IsItemClicked()) {
        ui.trimming = trim_handle_under_mouse(app, g);
        if (ui.trimming == TrimEdge::none) select(app, under);
    } else if (ImGui::IsItemClicked(ImGuiMouseButton_Right) && under.valid()) {
        select(app, under);
        ImGui::OpenPopup("timeline.menu");
    }
    if (!ImGui::IsItemActive()) ui.scrubbing = false;
    if (ui.scrubbing && (ImGui::IsItemClicked() || io.MouseDelta.x != 0.0f)) {
        app.seek_to(ui.timeline.x_to_time(io.MousePos.x - g.lanes_x));
    }
    if (ui.trimming != TrimEdge::none && !ImGui::IsItemActive()) finish_trim(app, g);
    if (hovered) handle_keys(app);
    if (const core::Segment* s = segment_at(m, under); s && !fingers.touching) ImGui::SetTooltip("%s", segment_details(app, *s).c_str());

    draw_ruler(ImGui::GetWindowDrawList(), top, width, ui.timeline);
    std::vector<std::size_t> visible;
    for (std::size_t t = 0; t < m.draft.tracks.size(); ++t) draw_lane(app, g, t, visible);
    if (m.draft.tracks.empty()) {
        for (std::size_t t = 0; t < 3; ++t) draw_lane_frame(g, t, kEmptyLanes[t]);
    }
    draw_trim_handle(app, g, TrimEdge::start);
    draw_trim_handle(app, g, TrimEdge::end);
    draw_playhead(app, g, lanes_h);
    draw_segment_menu(app);
    ImGui::EndChild();
}

void draw_header(App& app) {
    if (ui::small_button("timeline.zoom_out", " - ")) zoom(app, 1 / 1.5, app.ui().timeline.width_px / 2);
    ImGui::SameLine();
    if (ui::small_button("timeline.zoom_in", " + ")) zoom(app, 1.5, app.ui().timeline.width_px / 2);
    ImGui::SameLine();
    if (ui::small_button("timeline.fit", app.t(Text::timeline_fit))) fit_view(app);
    ImGui::SameLine();
    if (ui::small_button("timeline.undo", app.t(Text::timeline_undo))) app.instruct("undo");
    ImGui::SameLine();
    if (ui::small_button("timeline.redo", app.t(Text::timeline_redo))) app.instruct("redo");
    // Beside the buttons while there is room for a few words, else on a line of its own; wrapped.
    const float room = ImGui::GetWindowPos().x + ImGui::GetContentRegionMax().x - ImGui::GetItemRectMax().x;
    if (room > 16 * ImGui::GetFontSize()) ImGui::SameLine();
    const core::ClientState& m = app.model();
    if (const core::Segment* s = segment_at(m, app.ui().selected)) {
        ImGui::TextWrapped("%s", segment_details(app, *s).c_str());
        ui::track("timeline.summary");
        draw_segment_actions(app, *s);
        return;
    } else if (m.draft.empty()) {
        hint_text(app.t(Text::timeline_empty));
    } else {
        ImGui::TextWrapped("%s", m.summary.c_str());
    }
    ui::track("timeline.summary");
}

}  // namespace

void draw_timeline_panel(App& app, const Rect& area) {
    begin_panel((std::string(app.t(Text::panel_timeline)) + "###timeline").c_str(), area);
    draw_header(app);
    timeline_lanes(app);
    handle_edit_keys(app);
    ImGui::End();
}

}  // namespace cw::app
