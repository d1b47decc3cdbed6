// UI state: export options from the user's choices, serialisation for the test hook and for
// keeping the layout across reloads.
#include "app/app_state.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>

namespace cw::app {
namespace {

ExportFormat format_from(const std::string& name) {
    if (name == "gif") return ExportFormat::gif;
    if (name == "webm") return ExportFormat::webm;
    return ExportFormat::mp4;
}

int even(double v) { return static_cast<int>(std::lround(v / 2.0)) * 2; }

// Output size for an aspect at a resolution class: the short side is the resolution.
std::pair<int, int> frame_size(double aspect_w, double aspect_h, int resolution) {
    if (aspect_w >= aspect_h) return {even(resolution * aspect_w / aspect_h), resolution};
    return {resolution, even(resolution * aspect_h / aspect_w)};
}

std::pair<double, double> aspect_ratio(const std::string& aspect, const nlohmann::json& canvas) {
    if (aspect == "9:16") return {9, 16};
    if (aspect == "1:1") return {1, 1};
    if (aspect == "4:5") return {4, 5};
    if (aspect == "16:9") return {16, 9};
    const double w = canvas.is_object() ? canvas.value("width", 0.0) : 0.0;
    const double h = canvas.is_object() ? canvas.value("height", 0.0) : 0.0;
    if (w > 0 && h > 0) return {w, h};
    return {16, 9};
}

}  // namespace

const char* to_string(ExportFormat format) {
    switch (format) {
        case ExportFormat::gif: return "gif";
        case ExportFormat::webm: return "webm";
        case ExportFormat::mp4: break;
    }
    return "mp4";
}

core::ExportOptions export_options(const ExportSettings& s, const nlohmann::json& canvas) {
    core::ExportOptions o;
    o.format = to_string(s.format);
    if (s.format == ExportFormat::gif) {
        o.width = s.gif_width;
        o.fps = s.gif_fps;
        o.colors = s.gif_colors;
        o.max_bytes = static_cast<std::int64_t>(s.gif_max_mb) * 1024 * 1024;
        o.dither = s.gif_dither;
        return o;
    }
    const auto [aw, ah] = aspect_ratio(s.aspect, canvas);
    std::tie(o.width, o.height) = frame_size(aw, ah, s.resolution);
    return o;
}

nlohmann::json AppState::to_json() const {
    return {
        {"chat_input", chat_input},
        {"export", layout_json()["export"]},
        {"timeline_view", {{"pixels_per_second", timeline.pixels_per_second}, {"scroll_ms", timeline.scroll_ms}}},
        {"selected", {selected.track, selected.segment}},
        {"tab", static_cast<int>(tab)},
        {"preview_job", preview_job},
        {"revision", revision},
    };
}

nlohmann::json AppState::layout_json() const {
    const ExportSettings& s = export_settings;
    return {
        {"export", {{"format", to_string(s.format)}, {"resolution", s.resolution}, {"aspect", s.aspect},
                    {"gif", {{"fps", s.gif_fps}, {"width", s.gif_width}, {"colors", s.gif_colors},
                             {"max_mb", s.gif_max_mb}, {"dither", s.gif_dither}}}}},
        {"pixels_per_second", timeline.pixels_per_second},
    };
}

void AppState::restore_layout(const nlohmann::json& saved) {
    if (!saved.is_object()) return;
    const nlohmann::json e = saved.value("export", nlohmann::json::object());
    ExportSettings& s = export_settings;
    s.format = format_from(e.value("format", std::string("mp4")));
    s.resolution = e.value("resolution", 1080) == 720 ? 720 : 1080;
    s.aspect = e.value("aspect", std::string("auto"));
    const nlohmann::json gif = e.value("gif", nlohmann::json::object());
    s.gif_fps = std::clamp(gif.value("fps", 12), 5, 30);
    s.gif_width = std::clamp(gif.value("width", 480), 160, 1080);
    s.gif_colors = std::clamp(gif.value("colors", 256), 16, 256);
    s.gif_max_mb = std::clamp(gif.value("max_mb", 0), 0, 50);
    const std::string dither = gif.value("dither", std::string("none"));
    s.gif_dither = dither == "bayer" || dither == "sierra2_4a" ? dither : "none";
    timeline.pixels_per_second =
        std::clamp(saved.value("pixels_per_second", 40.0), core::min_pixels_per_second, core::max_pixels_per_second);
}

const std::vector<std::string>& suggested_requests(const std::string& language) {
    static const std::vector<std::string> english = {
        "Convert this clip into a looping GIF with auto-optimized colors",
        "Turn these images into a smooth animated video with transitions",
        "Turn these images into a 30-second promo video with background music",
        "Add the title \"Summer Sale\" for the first 3 seconds",
        "Make it 9:16 for stories",
    };
    static const std::vector<std::string> chinese = {
        "把这个视频转成循环GIF，自动优化颜色",
        "把这些图片做成带转场的流畅视频",
        "用这些图片做一个30秒的宣传视频，加上背景音乐",
        "在前3秒加上标题“夏季特卖”",
        "改成9:16竖屏",
    };
    return language.rfind("zh", 0) == 0 ? chinese : english;
}

}  // namespace cw::app
