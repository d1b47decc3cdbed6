// One small function per intent. Index:
//   [SECTION] Helpers        wording, track access, keeping music and text in step with the video
//   [SECTION] Building       GIF set-up, photos/clips → video
//   [SECTION] Canvas         aspect ratio, fit, resolution, export format
//   [SECTION] Video track    order, removal, length, trim, speed, transitions, motion
//   [SECTION] Audio          music, volume, mute
//   [SECTION] Text           titles and captions
//   [SECTION] Dispatch
#include "draft_edits.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>

#include "builtin_music.hpp"
#include "draft/edit.hpp"
#include "draft/export_options.hpp"

namespace cw::server {

using namespace cw::draft;
using nlohmann::json;

namespace {

// [SECTION] Helpers

constexpr int64_t kDefaultTransitionMs = 800;
constexpr int64_t kGifMaxMs = 5000;
constexpr int kTitleSize = 96;
constexpr int kCaptionSize = 60;

EditOutcome said(const std::string& en, const std::string& zh, bool changed = true) { return {changed, en, zh}; }
EditOutcome refused(const std::string& en, const std::string& zh) { return {false, en, zh}; }
EditOutcome needs_media(const std::string& en, const std::string& zh) { return {false, en, zh, true}; }
// The request was unclear about something it would destroy: ask, change nothing.
EditOutcome question(const std::string& en, const std::string& zh) { return {false, en, zh, false, true}; }

std::string seconds_text(int64_t ms) {
    char text[32];
    if (ms % 1000 == 0) std::snprintf(text, sizeof text, "%lld", static_cast<long long>(ms / 1000));
    else std::snprintf(text, sizeof text, "%.1f", ms / 1000.0);
    return text;
}
std::string en_s(int64_t ms) { return seconds_text(ms) + " s"; }
std::string zh_s(int64_t ms) { return seconds_text(ms) + "秒"; }
std::string percent(double volume) { return std::to_string(static_cast<int>(std::lround(volume * 100))) + "%"; }

json& video_track(EditContext& c) { return ensure_track(c.draft, kVideoTrack, "Video"); }

// Video segments sorted by start, with the array rewritten in that order.
json& sorted_video_segments(EditContext& c) {
    json& segments = segments_of(video_track(c));
    std::vector<json> list(segments.begin(), segments.end());
    std::stable_sort(list.begin(), list.end(), [](const json& a, const json& b) { return segment_start(a) < segment_start(b); });
    segments = list;
    return segments;
}

const MediaInfo* find_media(const EditContext& c, const std::string& id) {
    for (const auto& media : c.media)
        if (media.id == id) return &media;
    return nullptr;
}

const MediaInfo* latest_of_type(const EditContext& c, const std::string& type) {
    for (auto it = c.media.rbegin(); it != c.media.rend(); ++it)
        if (it->type == type) return &*it;
    return nullptr;
}

std::vector<const MediaInfo*> all_of_type(const EditContext& c, const std::string& type) {
    std::vector<const MediaInfo*> list;
    for (const auto& media : c.media)
        if (media.type == type) list.push_back(&media);
    return list;
}

bool is_image_segment(const EditContext& c, const json& segment) {
    const json& meta = meta_of(segment);
    const MediaInfo* media = find_media(c, json_string(meta, "src"));
    return json_string(meta, "kind", media ? media->type : "") == "image";
}

int64_t video_end(const EditContext& c) { return track_end(c.draft, kVideoTrack); }

// After the video changed length, music that ran to the old end runs to the new one, and text past
// the new end is cut, so the timeline does not end in black.
void follow_video_length(EditContext& c, int64_t old_end) {
    int64_t new_end = video_end(c);
    if (new_end <= 0 || old_end == new_end) return;
    for (auto& track : tracks_of(c.draft)) {
        int type = track_type(track);
        json kept = json::array();
        for (auto& segment : segments_of(track)) {
            if (type == kAudioTrack && segment_end(segment) >= old_end - 100 && segment_start(segment) < new_end)
                draft::set_duration(segment, new_end - segment_start(segment));
            if (type == kTextTrack && segment_end(segment) > new_end) draft::set_duration(segment, new_end - segment_start(segment));
            if (type == kVideoTrack || segment_duration(segment) > 0) kept.push_back(segment);
        }
        segments_of(track) = kept;
    }
}

void relayout_video(EditContext& c) {
    int64_t old_end = video_end(c);
    relayout_sequence(video_track(c));
    follow_video_length(c, old_end);
}

std::string media_display_name(const MediaInfo& media) { return media.name.empty() ? media.id : media.name; }

json canvas_for_ratio(const std::string& ratio, int short_side, int fps) {
    int long_side = short_side * 16 / 9;
    std::map<std::string, std::pair<int, int>> sizes = {{"16:9", {long_side, short_side}},
                                                       {"9:16", {short_side, long_side}},
                                                       {"1:1", {short_side, short_side}},
                                                       {"4:5", {short_side, short_side * 5 / 4}},
                                                       {"3:4", {short_side, short_side * 4 / 3}},
                                                       {"4:3", {short_side * 4 / 3, short_side}}};
    auto [width, height] = sizes.count(ratio) ? sizes[ratio] : sizes["16:9"];
    return {{"width", width}, {"height", height}, {"fps", fps}};
}

int canvas_short_side(const EditContext& c) {
    int width = static_cast<int>(json_ms(c.canvas, "width", 1920)), height = static_cast<int>(json_ms(c.canvas, "height", 1080));
    return std::min(width, height) <= 720 ? 720 : 1080;
}

int canvas_fps(const EditContext& c) { return static_cast<int>(json_ms(c.canvas, "fps", 30)); }

std::string canvas_ratio(const json& canvas) {
    double aspect = json_number(canvas, "width", 1920) / std::max(1.0, json_number(canvas, "height", 1080));
    if (aspect > 1.5) return "16:9";
    if (aspect < 0.7) return "9:16";
    if (aspect < 0.9) return "4:5";
    return "1:1";
}

// [SECTION] Building

// A canvas matching a clip's shape, so a GIF or video of one clip has no bars.
json canvas_for_clip(const MediaInfo& clip, int fps) {
    if (clip.width <= 0 || clip.height <= 0) return canvas_for_ratio("16:9", 1080, fps);
    double aspect = static_cast<double>(clip.width) / clip.height;
    for (const char* ratio : {"16:9", "9:16", "1:1", "4:5"}) {
        json preset = canvas_for_ratio(ratio, 1080, fps);
        if (std::abs(preset["width"].get<double>() / preset["height"].get<double>() - aspect) < 0.02) return preset;
    }
    int long_side = std::min(1920, std::max(clip.width, clip.height));
    int width = aspect >= 1 ? long_side : static_cast<int>(std::lround(long_side * aspect / 2)) * 2;
    int height = aspect >= 1 ? static_cast<int>(std::lround(long_side / aspect / 2)) * 2 : long_side;
    return {{"width", width}, {"height", height}, {"fps", fps}};
}

json clip_segment(EditContext& c, const MediaInfo& media, int64_t duration) {
    json meta = {{"src", media.id}, {"name", media_display_name(media)}, {"kind", media.type}, {"in", 0}};
    if (media.type == "video") meta["speed"] = 1;
    return make_segment(next_segment_id(c.draft, "v"), 0, duration, meta);
}

EditOutcome build_from_media(EditContext& c, const json& args);

EditOutcome make_gif(EditContext& c, const json& args) {
    const MediaInfo* clip = latest_of_type(c, "video");
    bool uses_clip = false;
    for (const auto& segment : segments_of(video_track(c)))
        uses_clip = uses_clip || (clip && json_string(meta_of(segment), "src") == clip->id);
    std::string source_en = "your timeline", source_zh = "当前时间线";
    if (clip && !uses_clip) {
        segments_of(video_track(c)) = json::array();
        segments_of(video_track(c)).push_back(clip_segment(c, *clip, clip->duration_ms > 0 ? clip->duration_ms : kGifMaxMs));
        c.canvas = canvas_for_clip(*clip, canvas_fps(c));
        source_en = "“" + media_display_name(*clip) + "”";
        source_zh = "“" + media_display_name(*clip) + "”";
    } else if (video_end(c) == 0 && !all_of_type(c, "image").empty()) {
        build_from_media(c, {{"per_image_ms", 1500}, {"transition", "crossfade"}, {"transition_ms", 400}, {"kenburns", false}});
        source_en = "your photos";
        source_zh = "你的照片";
    } else if (timeline_end(c.draft) == 0) {
        return needs_media("Upload a clip first (mp4, mov, webm…), then ask me to turn it into a GIF.",
                       "请先上传一个视频片段（mp4、mov、webm 等），再让我把它转成 GIF。");
    }

    std::string trimmed_en, trimmed_zh;
    int64_t length = timeline_end(c.draft);
    int64_t limit = args.value("max_ms", int64_t{0});
    if (args.contains("from_ms") || args.contains("last_ms")) {
        int64_t to = std::min(length, args.value("to_ms", length));
        int64_t from = args.contains("last_ms") ? std::max<int64_t>(0, length - args["last_ms"].get<int64_t>())
                                                : std::clamp<int64_t>(args.value("from_ms", int64_t{0}), 0, to);
        if (to - from >= 100 && (from > 0 || to < length)) {
            cut_timeline(c.draft, from, to);
            trimmed_en = " Kept " + seconds_text(from) + "–" + en_s(to) + " of it.";
            trimmed_zh = "保留了第" + seconds_text(from) + "–" + zh_s(to) + "。";
        }
        limit = -1;
    }
    if (limit == 0 && length > kGifMaxMs + 1000) limit = kGifMaxMs;
    if (limit > 0 && length > limit) {
        cut_timeline(c.draft, 0, limit);
        trimmed_en = " It was " + en_s(length) + " long, so I kept the first " + en_s(limit) +
                     " — GIFs loop best when short; say “use 2–7 s” to pick another part.";
        trimmed_zh = "原片长" + zh_s(length) + "，我保留了前" + zh_s(limit) + "（GIF 越短循环越流畅；可以说“用第2到7秒”换一段）。";
    }
    bool portrait = json_ms(c.canvas, "height", 1080) > json_ms(c.canvas, "width", 1920);
    using Limits = ExportLimits;  // the ranges an export accepts
    json preferences = {{"format", "gif"},
                        {"fps", std::clamp(args.value("fps", 12), Limits::min_fps, Limits::max_fps)},
                        {"width", std::clamp(args.value("width", portrait ? 320 : 480), Limits::min_side, Limits::max_side)},
                        {"colors", std::clamp(args.value("colors", 256), Limits::min_colors, Limits::max_colors)},
                        {"loop", true}};
    if (args.contains("max_bytes")) preferences["max_bytes"] = args["max_bytes"];
    meta_of(c.draft)["export"] = preferences;
    std::string fps = std::to_string(preferences["fps"].get<int>()), width = std::to_string(preferences["width"].get<int>());
    std::string colors = std::to_string(preferences["colors"].get<int>());
    return said("Set up " + source_en + " as a looping GIF: " + width + " px wide, " + fps +
                    " fps, with a palette optimised for its colours (" + colors + " colours, dithered)." + trimmed_en,
                "已把" + source_zh + "设置为循环播放的 GIF：宽" + width + "像素，每秒" + fps + "帧，按画面自动优化调色板（" +
                    colors + "色，抖动处理）。" + trimmed_zh);
}

EditOutcome build_from_media(EditContext& c, const json& args) {
    auto sources = all_of_type(c, "image");
    bool photos = !sources.empty();
    if (!photos) sources = all_of_type(c, "video");
    const size_t uploaded = sources.size();
    if (sources.size() > kMaxExportSegments) sources.resize(kMaxExportSegments);  // what one export takes
    if (sources.empty())
        return needs_media("Upload some photos or clips first, then ask again.", "请先上传一些照片或视频片段，然后再试一次。");
    auto n = static_cast<int64_t>(sources.size());
    std::string type = args.value("transition", "crossfade");
    int64_t transition = n > 1 && type != "none" ? args.value("transition_ms", kDefaultTransitionMs) : 0;
    int64_t total = args.value("total_ms", int64_t{0});
    int64_t each = args.value("per_image_ms", int64_t{n == 1 ? 5000 : 3000});
    if (total > 0) {
        each = (total + (n - 1) * transition) / n;
        if (each < 3 * transition) transition = each / 3, each = (total + (n - 1) * transition) / n;
    }
    each = std::max<int64_t>(each, 500);
    transition = std::min(transition, each / 2);
    bool motion = photos && args.value("kenburns", true);

    int64_t old_end = video_end(c);
    segments_of(video_track(c)) = json::array();
    for (int64_t i = 0; i < n; ++i) {
        const MediaInfo& media = *sources[static_cast<size_t>(i)];
        int64_t length = photos || media.duration_ms <= 0 ? each : std::min(each, media.duration_ms);
        if (!photos && total == 0 && media.duration_ms > 0) length = media.duration_ms;
        json segment = clip_segment(c, media, length);
        if (motion) meta_of(segment)["effect"] = "kenburns";
        if (i > 0 && transition > 0) meta_of(segment)["transition"] = make_transition(type, transition);
        segments_of(video_track(c)).push_back(segment);
    }
    relayout_sequence(video_track(c));
    if (old_end > 0) follow_video_length(c, old_end);
    // A first video from portrait clips or photos gets a portrait canvas, from their displayed size.
    bool portrait = std::all_of(sources.begin(), sources.end(), [](const MediaInfo* m) { return m->height > m->width; });
    if (old_end == 0 && portrait && json_ms(c.canvas, "width", 1920) > json_ms(c.canvas, "height", 1080))
        c.canvas = canvas_for_clip(*sources.front(), canvas_fps(c));
    if (photos && !meta_of(c.draft).contains("fit")) meta_of(c.draft)["fit"] = "blur";
    if (total == 0 && meta_of(c.draft).contains("export") && json_string(meta_of(c.draft)["export"], "format") == "gif")
        meta_of(c.draft).erase("export");

    int64_t length = video_end(c);
    std::string what_en = std::to_string(n) + (photos ? (n == 1 ? " photo" : " photos") : (n == 1 ? " clip" : " clips"));
    std::string what_zh = std::to_string(n) + (photos ? "张照片" : "个片段");
    std::string en = "Made a " + en_s(length) + " video from " + what_en;
    std::string zh = "已用" + what_zh + "制作" + zh_s(length) + "的视频";
    if (photos) en += ", " + en_s(each) + " each", zh += "，每张" + zh_s(each);
    static const std::map<std::string, std::pair<std::string, std::string>> names = {
        {"crossfade", {"crossfade", "交叉淡化"}}, {"fade", {"fade-through-black", "黑场淡入淡出"}}, {"slide", {"slide", "滑动"}}};
    if (transition > 0) {
        auto it = names.find(type);
        auto [name_en, name_zh] = it != names.end() ? it->second : names.at("crossfade");
        en += ", " + name_en + " transitions (" + en_s(transition) + ")";
        zh += "，" + name_zh + "转场（" + zh_s(transition) + "）";
    }
    if (motion) en += ", and a slow Ken Burns zoom on every photo", zh += "，每张照片带缓慢的推拉（Ken Burns）效果";
    if (uploaded > sources.size())
        en += "; one export takes " + std::to_string(sources.size()) + " items, so I used the first " + std::to_string(sources.size()) +
              " of your " + std::to_string(uploaded),
        zh += "；一次导出最多" + std::to_string(sources.size()) + "项，所以只用了前" + std::to_string(sources.size()) + "项";
    return said(en + ".", zh + "。");
}

// [SECTION] Canvas

EditOutcome set_aspect(EditContext& c, const json& args) {
    std::string ratio = args.value("ratio", "16:9");
    std::string fit = args.value("fit", json_string(meta_of(c.draft), "fit", "blur"));
    json canvas = canvas_for_ratio(ratio, canvas_short_side(c), canvas_fps(c));
    bool same_size = json_ms(canvas, "width", 0) == json_ms(c.canvas, "width", 0) && json_ms(canvas, "height", 0) == json_ms(c.canvas, "height", 0);
    bool same = same_size && (!args.contains("fit") || json_string(meta_of(c.draft), "fit") == fit);
    std::string size = std::to_string(json_ms(canvas, "width", 0)) + "×" + std::to_string(json_ms(canvas, "height", 0));
    if (same) return said("The canvas is already " + ratio + " (" + size + ").", "画布已经是" + ratio + "（" + size + "）。", false);
    c.canvas = canvas;
    meta_of(c.draft)["fit"] = fit;
    static const std::map<std::string, std::pair<std::string, std::string>> fits = {
        {"blur", {"a blurred copy fills the edges", "边缘用模糊背景填充"}},
        {"pad", {"black bars fill the edges", "边缘留黑边"}},
        {"crop", {"the picture is cropped to fill the frame", "画面裁切铺满"}}};
    auto [fit_en, fit_zh] = fits.count(fit) ? fits.at(fit) : fits.at("blur");
    return said("Canvas set to " + ratio + " (" + size + "); " + fit_en + ".", "画布已设为" + ratio + "（" + size + "），" + fit_zh + "。");
}

EditOutcome set_fit(EditContext& c, const json& args) {
    std::string fit = args.value("fit", "blur");
    if (json_string(meta_of(c.draft), "fit") == fit) return said("That fit is already in use.", "已经是这种适配方式。", false);
    meta_of(c.draft)["fit"] = fit;
    static const std::map<std::string, std::pair<std::string, std::string>> fits = {
        {"blur", {"Clips that don't match the canvas now sit on a blurred copy of themselves.", "与画布比例不同的素材现在用模糊背景填充。"}},
        {"pad", {"Clips that don't match the canvas now get black bars.", "与画布比例不同的素材现在加黑边。"}},
        {"crop", {"Clips are now cropped to fill the canvas.", "素材现在裁切铺满画布。"}}};
    auto [en, zh] = fits.count(fit) ? fits.at(fit) : fits.at("blur");
    return said(en, zh);
}

EditOutcome set_resolution(EditContext& c, const json& args) {
    int short_side = args.value("height", 1080) >= 1080 ? 1080 : 720;
    json canvas = canvas_for_ratio(canvas_ratio(c.canvas), short_side, canvas_fps(c));
    std::string size = std::to_string(canvas["width"].get<int>()) + "×" + std::to_string(canvas["height"].get<int>());
    std::string name = std::to_string(short_side) + "p";
    bool same = canvas == c.canvas;
    c.canvas = canvas;
    if (same) return said("It is already " + name + " (" + size + ").", "已经是" + name + "（" + size + "）。", false);
    return said("Resolution set to " + name + " (" + size + ").", "分辨率已设为" + name + "（" + size + "）。");
}

EditOutcome set_export(EditContext& c, const json& args) {
    std::string format = args.value("format", "mp4");
    std::string upper = format == "webm" ? "WebM" : "MP4";
    if (json_string(meta_of(c.draft).value("export", json::object()), "format") == format)
        return said("Export is already set to " + upper + ".", "导出格式已经是" + upper + "。", false);
    meta_of(c.draft)["export"] = {{"format", format}};
    return said("Export set to " + upper + " (" + (format == "webm" ? "VP9 + Opus" : "H.264 + AAC") + ").",
                "导出格式设为" + upper + "。");
}

// [SECTION] Video track

EditOutcome no_video() {
    return needs_media("There is nothing on the video track yet — upload clips or photos and ask me to make a video.",
                   "视频轨道上还没有内容——请先上传片段或照片，再让我制作视频。");
}

// 1-based index, negative from the end; -1 when out of range.
int resolve_index(int index, size_t count) {
    int resolved = index < 0 ? static_cast<int>(count) + index : index - 1;
    return resolved >= 0 && resolved < static_cast<int>(count) ? resolved : -1;
}

json common_transition(const json& segments) {
    for (const auto& segment : segments)
        if (transition_ms(segment) > 0) return meta_of(segment)["transition"];
    return nullptr;
}

// After reordering, every join gets the track's transition again (the new first clip gets none).
void reapply_transition(json& segments, const json& transition) {
    if (transition.is_null()) return;
    for (size_t i = 1; i < segments.size(); ++i) meta_of(segments[i])["transition"] = transition;
}

// "2, 3, 1": positions of today's order; the ones not named keep their order after them.
std::vector<size_t> order_by_numbers(const json& numbers, size_t count) {
    std::vector<size_t> order;
    for (const auto& number : numbers) {
        auto index = static_cast<size_t>(number.get<double>()) - 1;
        if (index < count && std::find(order.begin(), order.end(), index) == order.end()) order.push_back(index);
    }
    for (size_t i = 0; i < count && !order.empty(); ++i)
        if (std::find(order.begin(), order.end(), i) == order.end()) order.push_back(i);
    return order.size() >= 2 ? order : std::vector<size_t>{};
}

// "put the beach clip first, then the city one": the clips named in the request come first, in the
// order they are named (or last, when the request puts them at the end); the others keep theirs.
std::vector<size_t> order_by_mention(const EditContext& c, const std::vector<json>& list) {
    std::string message = c.message;
    std::transform(message.begin(), message.end(), message.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    std::vector<std::pair<size_t, size_t>> named;  // (position in the message, index)
    for (size_t i = 0; i < list.size(); ++i) {
        const MediaInfo* media = find_media(c, json_string(meta_of(list[i]), "src"));
        if (!media) continue;
        std::string stem = media->name.substr(0, media->name.rfind('.'));
        std::transform(stem.begin(), stem.end(), stem.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
        size_t at = stem.size() >= 2 ? message.find(stem) : std::string::npos;
        if (at != std::string::npos) named.push_back({at, i});
    }
    if (named.empty()) return {};
    std::sort(named.begin(), named.end());
    // Each name goes to the front, in the order named, unless the words right after it put it last.
    std::vector<size_t> front, back, rest;
    for (size_t n = 0; n < named.size(); ++n) {
        size_t next = n + 1 < named.size() ? named[n + 1].first : message.size();
        std::string after = message.substr(named[n].first, std::min<size_t>(next - named[n].first, 24));
        bool last = after.find("last") != std::string::npos || after.find("end") != std::string::npos ||
                    after.find("最后") != std::string::npos || after.find("结尾") != std::string::npos;
        (last ? back : front).push_back(named[n].second);
    }
    for (size_t i = 0; i < list.size(); ++i)
        if (std::none_of(named.begin(), named.end(), [&](const auto& n) { return n.second == i; })) rest.push_back(i);
    std::vector<size_t> order = front;
    order.insert(order.end(), rest.begin(), rest.end());
    order.insert(order.end(), back.begin(), back.end());
    return order;
}

EditOutcome reorder(EditContext& c, const json& args) {
    json& segments = sorted_video_segments(c);
    size_t count = segments.size();
    if (count < 2) return refused("Reordering needs at least two clips on the timeline.", "至少要有两个片段才能调整顺序。");
    json transition = common_transition(segments);
    std::vector<json> list(segments.begin(), segments.end());
    std::string en, zh;
    if (args.contains("order") || args.value("by_mention", false)) {
        std::vector<size_t> order = args.contains("order") ? order_by_numbers(args["order"], count) : order_by_mention(c, list);
        if (order.empty()) return refused("Tell me the order by number (e.g. “2, 3, 1”) or by the files' names.",
                                          "请用编号（例如“2、3、1”）或文件名告诉我顺序。");
        std::vector<json> reordered;
        for (size_t index : order) reordered.push_back(list[index]);
        list = reordered;
        en = "Put the clips in the order you gave.";
        zh = "已按你说的顺序排列片段。";
    } else if (args.value("reverse", false)) {
        std::reverse(list.begin(), list.end());
        en = "Reversed the order of the " + std::to_string(count) + " clips.";
        zh = "已将" + std::to_string(count) + "个片段倒序排列。";
    } else if (args.contains("swap")) {
        int a = resolve_index(args["swap"][0].get<int>(), count), b = resolve_index(args["swap"][1].get<int>(), count);
        if (a < 0 || b < 0 || a == b) return refused("Those clip numbers don't exist; there are " + std::to_string(count) + ".",
                                                     "没有这些编号的片段；共有" + std::to_string(count) + "个。");
        std::swap(list[a], list[b]);
        en = "Swapped clips " + std::to_string(a + 1) + " and " + std::to_string(b + 1) + ".";
        zh = "已交换第" + std::to_string(a + 1) + "和第" + std::to_string(b + 1) + "个片段。";
    } else {
        int from = resolve_index(args.value("from", 0), count), to = resolve_index(args.value("to", -1), count);
        if (from < 0 || to < 0) return refused("That clip number doesn't exist; there are " + std::to_string(count) + ".",
                                               "没有这个编号的片段；共有" + std::to_string(count) + "个。");
        json moved = list[from];
        list.erase(list.begin() + from);
        list.insert(list.begin() + to, moved);
        en = "Moved clip " + std::to_string(from + 1) + " to position " + std::to_string(to + 1) + ".";
        zh = "已把第" + std::to_string(from + 1) + "个片段移到第" + std::to_string(to + 1) + "位。";
    }
    segments = list;
    reapply_transition(segments, transition);
    relayout_video(c);
    return said(en, zh);
}

// The positions an instruction names: "photos 2 and 4", "第三张", "b.mp4"; sorted from the last.
std::vector<int> removal_positions(const EditContext& c, const json& segments, const json& args) {
    std::vector<int> positions;
    if (args.contains("name")) {
        for (size_t i = 0; i < segments.size(); ++i) {
            const MediaInfo* media = find_media(c, json_string(meta_of(segments[i]), "src"));
            if (media && media->name == args["name"].get<std::string>()) positions.push_back(static_cast<int>(i));
        }
    }
    json indexes = args.contains("indexes") ? args["indexes"] : json::array({args.value("index", 0)});
    for (const auto& index : indexes)
        if (!args.contains("name")) positions.push_back(resolve_index(index.get<int>(), segments.size()));
    std::sort(positions.rbegin(), positions.rend());
    positions.erase(std::unique(positions.begin(), positions.end()), positions.end());
    return positions;
}

EditOutcome remove_segment(EditContext& c, const json& args) {
    json& segments = sorted_video_segments(c);
    std::vector<int> positions = removal_positions(c, segments, args);
    if (positions.empty() || positions.back() < 0)
        return refused("There is no such clip; the timeline has " + std::to_string(segments.size()) + ".",
                       "没有这个片段；时间线上共有" + std::to_string(segments.size()) + "个。");
    if (positions.size() >= segments.size()) return refused("That would remove everything; keep at least one.", "这样会全部删掉；至少保留一个。");
    json transition = common_transition(segments);
    std::string names, numbers;
    for (int index : positions) {
        names = json_string(meta_of(segments[static_cast<size_t>(index)]), "name", "clip") + (names.empty() ? "" : ", " + names);
        numbers = std::to_string(index + 1) + (numbers.empty() ? "" : ", " + numbers);
        segments.erase(static_cast<size_t>(index));
    }
    reapply_transition(segments, transition);
    relayout_video(c);
    return said("Removed " + std::string(positions.size() == 1 ? "clip " : "clips ") + numbers + " (" + names + "); the video is now " +
                    en_s(video_end(c)) + ".",
                "已删除第" + numbers + "个片段（" + names + "），视频现长" + zh_s(video_end(c)) + "。");
}

EditOutcome set_duration(EditContext& c, const json& args) {
    json& segments = sorted_video_segments(c);
    if (segments.empty()) return no_video();
    int64_t end = video_end(c);
    int64_t total = args.contains("factor") ? static_cast<int64_t>(std::llround(static_cast<double>(end) * args["factor"].get<double>()))
                    : args.contains("delta_ms") ? end + args["delta_ms"].get<int64_t>()
                                                : args.value("total_ms", int64_t{0});
    if (total < 500) return refused("That is too short for a video; ask for at least half a second.", "视频太短了，至少要半秒。");
    bool all_images = std::all_of(segments.begin(), segments.end(), [&](const json& s) { return is_image_segment(c, s); });
    if (all_images) {
        auto n = static_cast<int64_t>(segments.size());
        json transition = common_transition(segments);
        int64_t overlap = transition.is_null() ? 0 : json_ms(transition, key::duration, 0);
        int64_t each = std::max<int64_t>(500, (total + (n - 1) * overlap) / n);
        for (auto& segment : segments) draft::set_duration(segment, each);
        relayout_sequence(video_track(c));
        follow_video_length(c, end);
        return said("The video is now " + en_s(video_end(c)) + " long (" + en_s(each) + " per photo).",
                    "视频时长已改为" + zh_s(video_end(c)) + "（每张" + zh_s(each) + "）。");
    }
    if (!args.contains("total_ms") && total < end)
        return question("Which part should go, the beginning or the end? For example: cut the last 2 seconds.",
                        "要剪掉哪一部分，开头还是结尾？例如：剪掉最后2秒。");
    if (total >= end)
        return refused("The clips only last " + en_s(end) + ", so I can't stretch them to " + en_s(total) + " — try slowing them down instead.",
                       "片段总长只有" + zh_s(end) + "，无法延长到" + zh_s(total) + "——可以试试放慢速度。");
    cut_timeline(c.draft, 0, total);
    return said("Trimmed the video to the first " + en_s(total) + ".", "已把视频剪到前" + zh_s(total) + "。");
}

EditOutcome cut_out(EditContext& c, int64_t from, int64_t to) {
    int64_t end = timeline_end(c.draft);
    from = std::clamp<int64_t>(from, 0, end);
    to = std::clamp<int64_t>(to, 0, end);
    if (to - from < 100) return refused("That part is not in the video; it is " + en_s(end) + " long.",
                                        "视频里没有这一段；总长" + zh_s(end) + "。");
    if (from == 0 && to == end) return refused("That would leave nothing; the video is " + en_s(end) + " long.",
                                               "这样会什么都不剩；视频总长" + zh_s(end) + "。");
    remove_range(c.draft, from, to);
    return said("Removed " + seconds_text(from) + "–" + en_s(to) + "; the video is now " + en_s(timeline_end(c.draft)) + " long.",
                "已删除第" + seconds_text(from) + "–" + zh_s(to) + "，视频现长" + zh_s(timeline_end(c.draft)) + "。");
}

EditOutcome trim(EditContext& c, const json& args) {
    int64_t end = timeline_end(c.draft);
    if (end == 0) return no_video();
    if (args.contains("remove_from_ms")) return cut_out(c, args["remove_from_ms"].get<int64_t>(), args.value("remove_to_ms", end));
    if (args.contains("keep_part")) {
        bool first = args["keep_part"] == "first_half";
        return trim(c, first ? json{{"from_ms", 0}, {"to_ms", end / 2}} : json{{"from_ms", end / 2}});
    }
    if (args.contains("from_ms") && !args.contains("to_ms") && args["from_ms"].get<int64_t>() >= end)
        return refused("The video is only " + en_s(end) + " long, so there is nothing left after " + en_s(args["from_ms"].get<int64_t>()) + ".",
                       "视频只有" + zh_s(end) + "，剪掉之后什么都不剩。");
    int64_t from = args.value("from_ms", int64_t{0}), to = args.value("to_ms", end);
    if (args.contains("remove_last_ms")) to = end - args["remove_last_ms"].get<int64_t>();
    if (args.contains("keep_last_ms")) from = end - args["keep_last_ms"].get<int64_t>();
    from = std::clamp<int64_t>(from, 0, end);
    to = std::clamp<int64_t>(to, 0, end);
    if (to - from < 100) return refused("That would leave nothing; the video is " + en_s(end) + " long.",
                                        "这样会什么都不剩；视频总长" + zh_s(end) + "。");
    if (from == 0 && to == end) return said("The video is already " + en_s(end) + " long; nothing to trim.",
                                            "视频本来就是" + zh_s(end) + "，无需修剪。", false);
    cut_timeline(c.draft, from, to);
    return said("Trimmed to " + seconds_text(from) + "–" + en_s(to) + " of the original; it is now " + en_s(to - from) + " long.",
                "已保留原视频的" + seconds_text(from) + "–" + zh_s(to) + "，现在时长" + zh_s(to - from) + "。");
}

EditOutcome set_speed(EditContext& c, const json& args) {
    json& segments = sorted_video_segments(c);
    if (segments.empty()) return no_video();
    int64_t old_end = video_end(c);
    double factor = args.value("factor", 1.0);
    bool relative = args.value("relative", false);
    double shown = factor;
    for (auto& segment : segments) {
        double old_speed = json_number(meta_of(segment), "speed", 1.0);
        double speed = std::clamp(relative ? old_speed * factor : factor, 0.25, 4.0);
        shown = speed;
        // A photo has no playback rate: its speed only records how much its time was scaled.
        double length = static_cast<double>(segment_duration(segment));
        draft::set_duration(segment, static_cast<int64_t>(std::lround(length * old_speed / speed)));
        meta_of(segment)["speed"] = speed;
    }
    relayout_sequence(video_track(c));
    follow_video_length(c, old_end);
    char speed_text[16];
    std::snprintf(speed_text, sizeof speed_text, "%g", std::round(shown * 100) / 100);
    return said(std::string("Playback speed set to ") + speed_text + "×; the video is now " + en_s(video_end(c)) + " long.",
                std::string("播放速度已设为") + speed_text + "倍，视频现长" + zh_s(video_end(c)) + "。");
}

EditOutcome set_transition(EditContext& c, const json& args) {
    json& segments = sorted_video_segments(c);
    if (segments.size() < 2) return refused("Transitions go between clips; the timeline needs at least two.",
                                            "转场需要至少两个片段。");
    json existing = common_transition(segments);
    int64_t length = args.value("ms", existing.is_null() ? kDefaultTransitionMs : json_ms(existing, key::duration, kDefaultTransitionMs));
    int64_t shortest = segment_duration(segments[0]);
    for (const auto& segment : segments) shortest = std::min(shortest, segment_duration(segment));
    length = std::clamp<int64_t>(length, 100, std::max<int64_t>(100, shortest / 2));
    std::string type = args.value("type", "crossfade");
    reapply_transition(segments, make_transition(type, length));
    relayout_video(c);
    static const std::map<std::string, std::pair<std::string, std::string>> names = {
        {"crossfade", {"Crossfade", "交叉淡化"}}, {"fade", {"Fade-through-black", "黑场淡入淡出"}}, {"slide", {"Slide", "滑动"}}};
    auto [en, zh] = names.count(type) ? names.at(type) : names.at("crossfade");
    return said(en + " transitions (" + en_s(length) + ") between all " + std::to_string(segments.size()) + " clips.",
                "已在" + std::to_string(segments.size()) + "个片段之间加上" + zh + "转场（" + zh_s(length) + "）。");
}

EditOutcome remove_transitions(EditContext& c, const json&) {
    json& segments = sorted_video_segments(c);
    if (common_transition(segments).is_null()) return said("There are no transitions to remove.", "没有可删除的转场。", false);
    for (auto& segment : segments)
        meta_of(segment).erase("transition");
    relayout_video(c);
    return said("Removed the transitions; clips now cut straight to each other.", "已删除转场，片段之间直接切换。");
}

EditOutcome set_motion(EditContext& c, const json& args) {
    bool on = args.value("on", true);
    int count = 0;
    for (auto& segment : sorted_video_segments(c)) {
        if (!is_image_segment(c, segment)) continue;
        if (on) meta_of(segment)["effect"] = "kenburns";
        else meta_of(segment).erase("effect");
        ++count;
    }
    if (count == 0) return refused("Motion effects apply to photos, and there are none on the timeline.",
                                   "运动效果只用于照片，时间线上没有照片。");
    std::string n = std::to_string(count);
    if (on) return said("Added a slow Ken Burns zoom to " + n + (count == 1 ? " photo." : " photos."),
                        "已为" + n + "张照片加上缓慢的推拉（Ken Burns）效果。");
    return said("Removed the motion; the " + n + (count == 1 ? " photo is" : " photos are") + " now still.",
                "已去掉运动效果，" + n + "张照片现在是静止的。");
}

// [SECTION] Audio

std::vector<json*> music_segments(EditContext& c) {
    std::vector<json*> list;
    for (auto& track : tracks_of(c.draft))
        if (track_type(track) == kAudioTrack)
            for (auto& segment : segments_of(track)) list.push_back(&segment);
    return list;
}

bool clips_have_sound(const EditContext& c) {
    int index = find_track(c.draft, kVideoTrack);
    if (index < 0) return false;
    for (const auto& segment : segments_of(tracks_of(c.draft)[index])) {
        const MediaInfo* media = find_media(c, json_string(meta_of(segment), "src"));
        if (media && media->has_audio && !json_bool(meta_of(segment), "muted")) return true;
    }
    return false;
}

const MediaInfo* named_or_latest_song(const EditContext& c, const std::string& name) {
    for (const auto& media : c.media)
        if (media.type == "audio" && !name.empty() && media.name == name) return &media;
    return latest_of_type(c, "audio");
}

EditOutcome add_music(EditContext& c, const json& args) {
    int64_t length = video_end(c) > 0 ? video_end(c) : timeline_end(c.draft);
    if (length == 0) return needs_media("Add some clips or photos first; the music will follow the video's length.",
                                    "请先添加片段或照片，音乐会跟随视频长度。");
    const MediaInfo* song = args.value("builtin", false) ? nullptr : named_or_latest_song(c, args.value("name", ""));
    if (args.value("replace", false) && !song)
        return refused("Upload an audio file first (mp3, wav, m4a or aac), then ask me to use it.",
                       "请先上传音频文件（mp3、wav、m4a 或 aac），再让我替换。");
    std::vector<json*> existing = music_segments(c);
    double volume = existing.empty() ? (clips_have_sound(c) ? 0.35 : 0.8) : json_number(meta_of(*existing[0]), "volume", 0.8);
    if (args.contains("volume")) volume = std::clamp(args["volume"].get<double>(), 0.0, 1.0);
    json& track = ensure_track(c.draft, kAudioTrack, "Music");
    segments_of(track) = json::array();
    std::string src = song ? song->id : kBuiltinMusic;
    std::string name = song ? media_display_name(*song) : "Built-in music";
    json meta = {{"src", src}, {"name", name}, {"volume", volume}, {"in", 0},
                 {"fade_in", args.value("fade_in_ms", std::min<int64_t>(1000, length / 4))},
                 {"fade_out", args.value("fade_out_ms", std::min<int64_t>(2000, length / 4))}};
    segments_of(track).push_back(make_segment(next_segment_id(c.draft, "a"), 0, length, meta));
    if (song)
        return said("Added “" + name + "” as background music for the whole " + en_s(length) + " at " + percent(volume) +
                        " volume, fading in and out.",
                    "已添加“" + name + "”作为背景音乐，覆盖全部" + zh_s(length) + "，音量" + percent(volume) + "，带淡入淡出。");
    return said("Added the built-in music bed (a soft chord progression) for the whole " + en_s(length) + " at " +
                    percent(volume) + " volume, fading in and out. Upload an mp3 or wav to use your own song.",
                "已添加内置背景音乐（柔和的和弦进行），覆盖全部" + zh_s(length) + "，音量" + percent(volume) +
                    "，带淡入淡出。上传 mp3 或 wav 即可换成你自己的音乐。");
}

EditOutcome no_music() {
    return refused("There is no music yet — say “add background music” first.", "还没有背景音乐——请先说“添加背景音乐”。");
}

EditOutcome remove_music(EditContext& c, const json&) {
    if (music_segments(c).empty()) return said("There is no music to remove.", "没有可删除的背景音乐。", false);
    for (auto& track : tracks_of(c.draft))
        if (track_type(track) == kAudioTrack) segments_of(track) = json::array();
    return said("Removed the background music.", "已删除背景音乐。");
}

EditOutcome add_music(EditContext& c, const json& args);

EditOutcome set_music_volume(EditContext& c, const json& args) {
    auto segments = music_segments(c);
    if (segments.empty() && args.contains("volume")) return add_music(c, {{"volume", args["volume"]}});  // music at that volume
    if (segments.empty()) return no_music();
    double volume = 0;
    for (json* segment : segments) {
        double old_volume = json_number(meta_of(*segment), "volume", 1.0);
        volume = std::clamp(args.contains("volume") ? args["volume"].get<double>() : old_volume * args.value("factor", 1.0), 0.0, 1.0);
        meta_of((*segment))["volume"] = std::round(volume * 100) / 100;
    }
    return said("Music volume set to " + percent(volume) + ".", "背景音乐音量已设为" + percent(volume) + "。");
}

EditOutcome set_muted(EditContext& c, const json& args, bool muted) {
    std::string target = args.value("target", "all");
    int count = 0;
    for (auto& track : tracks_of(c.draft)) {
        int type = track_type(track);
        bool wanted = (type == kAudioTrack && target != "original") || (type == kVideoTrack && target != "music");
        if (!wanted) continue;
        for (auto& segment : segments_of(track)) {
            if (json_bool(meta_of(segment), "muted") != muted) ++count;
            meta_of(segment)["muted"] = muted;
        }
    }
    std::string what_en = target == "music" ? "the music" : target == "original" ? "the clips' own sound" : "all sound";
    std::string what_zh = target == "music" ? "背景音乐" : target == "original" ? "原声" : "全部声音";
    if (count == 0) return said("Nothing to change: " + what_en + " is already " + (muted ? "muted." : "on."),
                                what_zh + (muted ? "已经是静音的。" : "已经是打开的。"), false);
    return said((muted ? "Muted " : "Unmuted ") + what_en + ".", (muted ? "已静音" : "已恢复") + what_zh + "。");
}

// [SECTION] Text

bool is_title(const json& segment) { return json_string(meta_of(segment), "name") == "Title"; }

// The texts an instruction about "the title" / "the text" refers to: titles if any, else every text.
std::vector<json*> target_texts(EditContext& c, const std::string& role) {
    std::vector<json*> all, titles;
    for (auto& track : tracks_of(c.draft))
        if (track_type(track) == kTextTrack)
            for (auto& segment : segments_of(track)) {
                all.push_back(&segment);
                if (is_title(segment)) titles.push_back(&segment);
            }
    return role != "any" && !titles.empty() ? titles : all;
}

EditOutcome no_text() {
    return refused("There is no text yet — say e.g. “add title 'Summer Sale' for the first 3 seconds”.",
                   "还没有文字——可以说“添加标题「夏日特卖」前3秒”。");
}

EditOutcome add_text(EditContext& c, const json& args) {
    std::string text = args.value("text", "");
    if (text.empty()) return no_text();
    bool title = args.value("role", "title") == "title";
    int64_t end = timeline_end(c.draft);
    int64_t start = args.value("start_ms", int64_t{0});
    int64_t stop = args.value("end_ms", int64_t{0});
    if (args.contains("last_ms")) start = std::max<int64_t>(0, end - args["last_ms"].get<int64_t>()), stop = end;
    if (args.value("whole", false)) start = 0, stop = end;
    if (stop <= start) stop = title ? start + 3000 : (end > start ? end : start + 3000);
    if (end > 0 && start < end) stop = std::min(stop, end);
    json meta = {{"text", text}, {"name", title ? "Title" : "Caption"}, {"size", args.value("size", title ? kTitleSize : kCaptionSize)},
                 {"position", args.value("position", title ? "center" : "bottom")}, {"color", args.value("color", "white")}};
    json& track = ensure_track(c.draft, kTextTrack, "Text");
    segments_of(track).push_back(make_segment(next_segment_id(c.draft, "t"), start, stop - start, meta));
    std::string window_en = seconds_text(start) + "–" + en_s(stop), window_zh = seconds_text(start) + "–" + zh_s(stop);
    return said(std::string(title ? "Added title" : "Added caption") + " “" + text + "” " + window_en + ".",
                std::string(title ? "已添加标题" : "已添加字幕") + "“" + text + "”（" + window_zh + "）。");
}

EditOutcome edit_text(EditContext& c, const json& args) {
    auto targets = target_texts(c, args.value("role", "title"));
    if (targets.empty()) return add_text(c, args);
    std::string text = args.value("text", "");
    std::string old_text = json_string(meta_of(*targets[0]), "text");
    meta_of(*targets[0])["text"] = text;
    return said("Changed the text “" + old_text + "” to “" + text + "”.", "已把文字“" + old_text + "”改为“" + text + "”。");
}

EditOutcome remove_text(EditContext& c, const json& args) {
    auto targets = target_texts(c, args.value("role", "any"));
    if (targets.empty()) return said("There is no text to remove.", "没有可删除的文字。", false);
    for (json* segment : targets) draft::set_duration(*segment, 0);
    for (auto& track : tracks_of(c.draft)) {
        if (track_type(track) != kTextTrack) continue;
        json kept = json::array();
        for (auto& segment : segments_of(track))
            if (segment_duration(segment) > 0) kept.push_back(segment);
        segments_of(track) = kept;
    }
    std::string n = std::to_string(targets.size());
    return said("Removed " + n + (targets.size() == 1 ? " text overlay." : " text overlays."), "已删除" + n + "处文字。");
}

EditOutcome resize_text(EditContext& c, const json& args) {
    auto targets = target_texts(c, "title");
    if (targets.empty()) return no_text();
    double factor = args.value("factor", 1.3);
    int size = 0;
    for (json* segment : targets) {
        double old_size = json_number(meta_of(*segment), "size", kTitleSize);
        size = std::clamp(static_cast<int>(std::lround(old_size * factor)), 16, 320);
        meta_of((*segment))["size"] = size;
    }
    std::string what_en = is_title(*targets[0]) ? "title" : "text", what_zh = is_title(*targets[0]) ? "标题" : "文字";
    return said(std::string("Made the ") + what_en + (factor > 1 ? " bigger" : " smaller") + " (" + std::to_string(size) + " px at 1080p).",
                "已把" + what_zh + (factor > 1 ? "放大" : "缩小") + "（1080p 下" + std::to_string(size) + "像素）。");
}

EditOutcome style_text(EditContext& c, const json& args) {
    auto targets = target_texts(c, "title");
    if (targets.empty()) return no_text();
    std::string en, zh;
    static const std::map<std::string, std::string> positions_zh = {
        {"top", "顶部"}, {"bottom", "底部"}, {"center", "中间"}, {"lower_third", "画面下三分之一处"}, {"top_left", "左上角"},
        {"top_right", "右上角"}, {"bottom_left", "左下角"}, {"bottom_right", "右下角"}};
    for (json* segment : targets) {
        if (args.contains("position")) meta_of((*segment))["position"] = args["position"];
        if (args.contains("color")) meta_of((*segment))["color"] = args["color"];
    }
    if (args.contains("position")) {
        std::string position = args["position"];
        auto name = positions_zh.find(position);
        std::string shown = position;
        std::replace(shown.begin(), shown.end(), '_', ' ');
        en = "Moved the text to the " + shown + ".";
        zh = "已把文字移到" + (name == positions_zh.end() ? position : name->second) + "。";
    } else {
        std::string color = args.value("color", "white");
        en = "Text colour set to " + color + ".";
        zh = "文字颜色已设为" + color + "。";
    }
    return said(en, zh);
}

// [SECTION] Per item, cards and fades

constexpr int64_t kShortestItemMs = 300;

EditOutcome no_such_item(size_t count) {
    return refused("There is no such item; the timeline has " + std::to_string(count) + ".",
                   "没有这一项；时间线上共有" + std::to_string(count) + "项。");
}

// "3 seconds per photo", or one item's length ("the first picture longer", "最后一张5秒").
EditOutcome set_item_duration(EditContext& c, const json& args) {
    json& segments = sorted_video_segments(c);
    if (segments.empty()) return no_video();
    int64_t old_end = video_end(c);
    auto length_of = [&](const json& segment, int64_t wanted) {
        const MediaInfo* media = find_media(c, json_string(meta_of(segment), "src"));
        bool clip = media && media->type == "video" && media->duration_ms > 0;
        int64_t available = clip ? media->duration_ms - json_ms(meta_of(segment), "in", 0) : wanted;
        return std::clamp<int64_t>(wanted, kShortestItemMs, std::max<int64_t>(kShortestItemMs, available));
    };
    std::string en, zh;
    if (args.contains("each_ms") || args.contains("each_factor")) {
        double factor = args.value("each_factor", 1.0);
        for (json& segment : segments) {
            int64_t wanted = args.contains("each_ms") ? args["each_ms"].get<int64_t>()
                                                      : static_cast<int64_t>(std::llround(segment_duration(segment) * factor));
            draft::set_duration(segment, length_of(segment, wanted));
        }
        int64_t shown = segment_duration(segments[0]);
        en = "Every item now lasts " + en_s(shown) + ".", zh = "每一项现在都是" + zh_s(shown) + "。";
    }
    if (args.contains("index")) {
        int index = resolve_index(args.value("index", 1), segments.size());
        if (index < 0) return no_such_item(segments.size());
        json& segment = segments[static_cast<size_t>(index)];
        int64_t wanted = args.contains("ms") ? args["ms"].get<int64_t>()
                                             : static_cast<int64_t>(std::llround(segment_duration(segment) * args.value("factor", 1.0)));
        draft::set_duration(segment, length_of(segment, wanted));
        std::string n = std::to_string(index + 1);
        en += (en.empty() ? "" : " ") + std::string("Item ") + n + " now lasts " + en_s(segment_duration(segment)) + ".";
        zh += "第" + n + "项现在是" + zh_s(segment_duration(segment)) + "。";
    }
    relayout_sequence(video_track(c));
    follow_video_length(c, old_end);
    return said(en + " The video is " + en_s(video_end(c)) + " long.", zh + "视频总长" + zh_s(video_end(c)) + "。");
}

// One item's head or tail; a clip's head moves its in-point, so the picture starts later.
EditOutcome trim_item(EditContext& c, const json& args) {
    json& segments = sorted_video_segments(c);
    if (segments.empty()) return no_video();
    int index = resolve_index(args.value("index", 1), segments.size());
    if (index < 0) return no_such_item(segments.size());
    json& segment = segments[static_cast<size_t>(index)];
    const bool head = args.contains("head_ms");
    const int64_t old_end = video_end(c), length = segment_duration(segment);
    const int64_t kept = std::max<int64_t>(kShortestItemMs, length - args.value(head ? "head_ms" : "tail_ms", int64_t{0}));
    const std::string n = std::to_string(index + 1);
    if (kept >= length)
        return refused("Item " + n + " is already as short as it can be (" + en_s(length) + ").",
                       "第" + n + "项已经不能再短了（" + zh_s(length) + "）。");
    json& meta = meta_of(segment);
    if (head && meta.contains("src"))
        meta["in"] = json_ms(meta, "in", 0) + static_cast<int64_t>(std::llround((length - kept) * json_number(meta, "speed", 1.0)));
    draft::set_duration(segment, kept);
    relayout_sequence(video_track(c));
    follow_video_length(c, old_end);
    const std::string cut_en = en_s(length - kept), cut_zh = zh_s(length - kept);
    return said("Cut " + cut_en + " from the " + (head ? "start" : "end") + " of item " + n + "; it now lasts " + en_s(kept) +
                    ". The video is " + en_s(video_end(c)) + " long.",
                "已剪掉第" + n + "项" + (head ? "开头" : "结尾") + "的" + cut_zh + "，现在是" + zh_s(kept) + "。视频总长" +
                    zh_s(video_end(c)) + "。");
}

// Title cards on a colour or gradient: an intro or outro, or the whole video when there is no media.
EditOutcome make_text_cards(EditContext& c, const json& args) {
    std::vector<std::string> texts = args.value("texts", std::vector<std::string>{});
    if (texts.empty()) return refused("Tell me the words for the card in quotes.", "请把卡片上的文字放在引号里告诉我。");
    auto n = static_cast<int64_t>(texts.size());
    int64_t each = args.contains("each_ms") ? args["each_ms"].get<int64_t>()
                   : args.contains("total_ms") ? args["total_ms"].get<int64_t>() / n : 3000;
    each = std::clamp<int64_t>(each, 500, 600000);
    std::string colour = args.value("color", "black"), look = args.value("look", "plain");
    bool at_end = args.value("place", "start") == "end";
    json& segments = sorted_video_segments(c);
    int64_t old_end = video_end(c), offset = at_end ? old_end : 0;
    std::vector<json> cards;
    for (int64_t i = 0; i < n; ++i)
        cards.push_back(make_segment(next_segment_id(c.draft, "card") + (i ? "_" + std::to_string(i) : ""), 0, each,
                                     {{"kind", "color"}, {"color", colour}, {"look", look}, {"name", "Card"}}));
    std::vector<json> list(segments.begin(), segments.end());
    list.insert(at_end ? list.end() : list.begin(), cards.begin(), cards.end());
    segments = list;
    if (!at_end)
        for (json& track : tracks_of(c.draft))
            if (track_type(track) == kTextTrack)
                for (json& segment : segments_of(track)) set_start(segment, segment_start(segment) + n * each);
    relayout_sequence(video_track(c));
    std::string ink = args.value("ink", colour == "white" || colour == "yellow" ? "black" : "white");
    json& text_track = ensure_track(c.draft, kTextTrack, "Text");
    for (int64_t i = 0; i < n; ++i) {
        json meta = {{"text", texts[static_cast<size_t>(i)]}, {"name", "Title"}, {"size", kTitleSize}, {"position", "center"}, {"color", ink}};
        segments_of(text_track).push_back(make_segment(next_segment_id(c.draft, "t"), offset + i * each, each, meta));
    }
    if (old_end > 0) follow_video_length(c, old_end);
    std::string what_en = n == 1 ? "a title card" : std::to_string(n) + " title cards";
    std::string what_zh = n == 1 ? "一张文字卡片" : std::to_string(n) + "张文字卡片";
    return said("Made " + what_en + " (" + en_s(each) + " each) on " + (look == "gradient" ? "a " + colour + " gradient" : colour) +
                    (old_end > 0 ? (at_end ? ", at the end." : ", at the start.") : "; the video is " + en_s(video_end(c)) + " long."),
                "已制作" + what_zh + "（每张" + zh_s(each) + "）" + (old_end > 0 ? (at_end ? "，放在结尾。" : "，放在开头。") : "，视频总长" + zh_s(video_end(c)) + "。"));
}

// Fades of the whole video: from black at the start, to black at the end; the music fades with it.
EditOutcome set_fade(EditContext& c, const json& args) {
    int64_t end = timeline_end(c.draft);
    if (end == 0) return no_video();
    std::string en, zh;
    for (const char* edge : {"in", "out"}) {
        std::string key = std::string(edge) + "_ms";
        if (!args.contains(key)) continue;
        bool in = std::string(edge) == "in";
        std::string name = std::string("fade_") + edge;
        if (args[key].get<int64_t>() <= 0) {
            meta_of(c.draft).erase(name);
            for (json* music : music_segments(c)) meta_of(*music).erase(name);
            en += std::string(en.empty() ? "" : " ") + (in ? "Removed the fade-in." : "Removed the fade-out.");
            zh += in ? "已去掉淡入。" : "已去掉淡出。";
            continue;
        }
        int64_t length = std::clamp<int64_t>(args[key].get<int64_t>(), 100, end / 2);
        meta_of(c.draft)[name] = length;
        for (json* music : music_segments(c)) meta_of(*music)[name] = length;
        en += std::string(en.empty() ? "" : " ") + (in ? "It now fades in from black over " : "It now fades out to black over ") + en_s(length) + ".";
        zh += std::string(in ? "开头" : "结尾") + "现在有" + zh_s(length) + "的" + (in ? "淡入。" : "淡出。");
    }
    return said(en, zh);
}

// [SECTION] Dispatch

using EditFunction = std::function<EditOutcome(EditContext&, const json&)>;

const std::map<std::string, EditFunction>& edit_functions() {
    static const std::map<std::string, EditFunction> functions = {
        {"make_gif", make_gif},
        {"build_from_media", build_from_media},
        {"set_aspect", set_aspect},
        {"set_fit", set_fit},
        {"set_resolution", set_resolution},
        {"set_export", set_export},
        {"reorder", reorder},
        {"remove_segment", remove_segment},
        {"set_duration", set_duration},
        {"set_item_duration", set_item_duration},
        {"trim_item", trim_item},
        {"make_text_cards", make_text_cards},
        {"set_fade", set_fade},
        {"trim", trim},
        {"set_speed", set_speed},
        {"set_transition", set_transition},
        {"remove_transitions", remove_transitions},
        {"set_motion", set_motion},
        {"add_music", add_music},
        {"remove_music", remove_music},
        {"set_music_volume", set_music_volume},
        {"mute", [](EditContext& c, const json& a) { return set_muted(c, a, true); }},
        {"unmute", [](EditContext& c, const json& a) { return set_muted(c, a, false); }},
        {"add_text", add_text},
        {"edit_text", edit_text},
        {"remove_text", remove_text},
        {"resize_text", resize_text},
        {"style_text", style_text},
    };
    return functions;
}

}  // namespace

EditOutcome apply_intent(EditContext& context, const Intent& intent) {
    auto it = edit_functions().find(intent.name);
    if (it == edit_functions().end()) return refused("I don't know how to " + intent.name + ".", "我还不会执行" + intent.name + "。");
    json before_draft = context.draft, before_canvas = context.canvas;
    EditOutcome outcome = it->second(context, intent.args.is_object() ? intent.args : json::object());
    outcome.changed = outcome.changed && (context.draft != before_draft || context.canvas != before_canvas);
    return outcome;
}

}  // namespace cw::server
