// describe_change: what differs between two drafts, in plain words, segment by segment (matched by id).
#include <cmath>
#include <cstdio>
#include <algorithm>
#include <map>

#include "agent.hpp"
#include "timeline.hpp"

namespace cw::server {

using nlohmann::json;

namespace {

struct Wording {
    bool zh = false;
    std::vector<std::string> parts;
    void add(const std::string& en, const std::string& zh_text) { parts.push_back(zh ? zh_text : en); }
};

std::string number_text(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", std::round(value * 10) / 10);
    return text;
}
std::string secs(int64_t ms) { return number_text(ms / 1000.0); }
std::string percent(double volume) { return std::to_string(static_cast<int>(std::lround(volume * 100))) + "%"; }
std::string in_quotes(const std::string& text) { return "“" + text + "”"; }

// Segments of one track type, by id (segments without an id get their position as id).
std::map<std::string, json> segments_by_id(const json& draft, int type) {
    std::map<std::string, json> result;
    if (!draft.is_object() || !draft.contains("t") || !draft["t"].is_array()) return result;
    int position = 0;
    for (const auto& track : draft["t"]) {
        if (track_type(track) != type || !track.contains("sg") || !track["sg"].is_array()) continue;
        for (const auto& segment : track["sg"]) {
            std::string id = json_string(segment, "id", "#" + std::to_string(position));
            result[id] = segment;
            ++position;
        }
    }
    return result;
}

std::vector<std::string> order_of(const json& draft, int type) {
    std::vector<std::pair<int64_t, std::string>> starts;
    for (const auto& [id, segment] : segments_by_id(draft, type)) starts.emplace_back(segment_start(segment), id);
    std::sort(starts.begin(), starts.end());
    std::vector<std::string> ids;
    for (const auto& entry : starts) ids.push_back(entry.second);
    return ids;
}

std::string name_of(const json& segment) {
    const json& meta = segment_meta(segment);
    return json_string(meta, "name", json_string(meta, "src", "clip"));
}

std::string window(const json& segment, bool zh) {
    return secs(segment_start(segment)) + "–" + secs(segment_end(segment)) + (zh ? "秒" : " s");
}

void describe_video(const json& before, const json& after, Wording& w) {
    auto old_segments = segments_by_id(before, kVideoTrack), new_segments = segments_by_id(after, kVideoTrack);
    int added = 0, removed = 0;
    for (const auto& [id, segment] : new_segments) added += old_segments.count(id) ? 0 : 1;
    for (const auto& [id, segment] : old_segments) {
        if (!new_segments.count(id)) {
            ++removed;
            continue;
        }
        const json& old_meta = segment_meta(segment);
        const json& new_meta = segment_meta(new_segments[id]);
        if (json_number(old_meta, "speed", 1) != json_number(new_meta, "speed", 1))
            w.add(name_of(segment) + " speed " + number_text(json_number(new_meta, "speed", 1)) + "×",
                  name_of(segment) + " 速度" + number_text(json_number(new_meta, "speed", 1)) + "倍");
        if (json_bool(old_meta, "muted") != json_bool(new_meta, "muted"))
            w.add((json_bool(new_meta, "muted") ? "muted " : "unmuted ") + name_of(segment),
                  (json_bool(new_meta, "muted") ? "静音 " : "取消静音 ") + name_of(segment));
    }
    if (added) w.add("added " + std::to_string(added) + (added == 1 ? " clip" : " clips"), "添加了" + std::to_string(added) + "个片段");
    if (removed) w.add("removed " + std::to_string(removed) + (removed == 1 ? " clip" : " clips"), "删除了" + std::to_string(removed) + "个片段");
    std::vector<std::string> old_order, new_order;
    for (const auto& id : order_of(before, kVideoTrack)) if (new_segments.count(id)) old_order.push_back(id);
    for (const auto& id : order_of(after, kVideoTrack)) if (old_segments.count(id)) new_order.push_back(id);
    if (old_order != new_order) w.add("reordered the clips", "调整了片段顺序");

    auto transitions = [](const std::map<std::string, json>& segments) {
        std::string summary;
        for (const auto& [id, segment] : segments)
            if (transition_ms(segment) > 0) summary = json_string(segment_meta(segment).at("transition"), "type", "crossfade");
        return summary;
    };
    std::string old_transition = transitions(old_segments), new_transition = transitions(new_segments);
    if (old_transition != new_transition && !added)
        w.add(new_transition.empty() ? "removed transitions" : new_transition + " transitions",
              new_transition.empty() ? "删除了转场" : "转场改为" + new_transition);
    int64_t old_end = track_end(before, kVideoTrack), new_end = track_end(after, kVideoTrack);
    if (old_end != new_end && new_end > 0)
        w.add("video length " + secs(old_end) + " s → " + secs(new_end) + " s", "视频时长" + secs(old_end) + "秒 → " + secs(new_end) + "秒");
}

void describe_audio(const json& before, const json& after, Wording& w) {
    auto old_segments = segments_by_id(before, kAudioTrack), new_segments = segments_by_id(after, kAudioTrack);
    for (const auto& [id, segment] : new_segments) {
        const json& meta = segment_meta(segment);
        double volume = json_number(meta, "volume", 1);
        if (!old_segments.count(id)) {
            w.add("added music " + in_quotes(name_of(segment)) + " (" + percent(volume) + ")",
                  "添加背景音乐" + in_quotes(name_of(segment)) + "（" + percent(volume) + "）");
            continue;
        }
        const json& old_meta = segment_meta(old_segments[id]);
        if (json_number(old_meta, "volume", 1) != volume) w.add("music volume " + percent(volume), "音乐音量" + percent(volume));
        if (json_bool(old_meta, "muted") != json_bool(meta, "muted"))
            w.add(json_bool(meta, "muted") ? "muted the music" : "unmuted the music", json_bool(meta, "muted") ? "静音背景音乐" : "恢复背景音乐");
    }
    for (const auto& [id, segment] : old_segments)
        if (!new_segments.count(id)) w.add("removed music " + in_quotes(name_of(segment)), "删除背景音乐" + in_quotes(name_of(segment)));
}

void describe_text(const json& before, const json& after, Wording& w) {
    auto old_segments = segments_by_id(before, kTextTrack), new_segments = segments_by_id(after, kTextTrack);
    for (const auto& [id, segment] : new_segments) {
        const json& meta = segment_meta(segment);
        std::string text = json_string(meta, "text");
        bool title = json_string(meta, "name") == "Title";
        if (!old_segments.count(id)) {
            w.add(std::string(title ? "added title " : "added text ") + in_quotes(text) + " " + window(segment, false),
                  std::string(title ? "添加标题" : "添加文字") + in_quotes(text) + "（" + window(segment, true) + "）");
            continue;
        }
        const json& old_meta = segment_meta(old_segments[id]);
        if (json_string(old_meta, "text") != text)
            w.add("text " + in_quotes(json_string(old_meta, "text")) + " → " + in_quotes(text), "文字" + in_quotes(json_string(old_meta, "text")) + " → " + in_quotes(text));
        double old_size = json_number(old_meta, "size", 0), new_size = json_number(meta, "size", 0);
        if (old_size != new_size)
            w.add(std::string(new_size > old_size ? "bigger " : "smaller ") + in_quotes(text) + " (" + number_text(new_size) + " px)",
                  in_quotes(text) + (new_size > old_size ? "放大" : "缩小") + "（" + number_text(new_size) + "像素）");
        if (json_string(old_meta, "position") != json_string(meta, "position"))
            w.add(in_quotes(text) + " moved to " + json_string(meta, "position"), in_quotes(text) + "移到" + json_string(meta, "position"));
        if (json_string(old_meta, "color") != json_string(meta, "color"))
            w.add(in_quotes(text) + " colour " + json_string(meta, "color"), in_quotes(text) + "颜色改为" + json_string(meta, "color"));
        if (segment_start(old_segments[id]) != segment_start(segment) || segment_end(old_segments[id]) != segment_end(segment))
            w.add(in_quotes(text) + " now " + window(segment, false), in_quotes(text) + "改为" + window(segment, true));
    }
    for (const auto& [id, segment] : old_segments)
        if (!new_segments.count(id))
            w.add("removed text " + in_quotes(json_string(segment_meta(segment), "text")), "删除文字" + in_quotes(json_string(segment_meta(segment), "text")));
}

void describe_settings(const json& before, const json& after, Wording& w) {
    const json empty = json::object();
    const json& old_meta = before.is_object() && before.contains("m") ? before["m"] : empty;
    const json& new_meta = after.is_object() && after.contains("m") ? after["m"] : empty;
    if (json_string(old_meta, "fit") != json_string(new_meta, "fit") && !json_string(new_meta, "fit").empty())
        w.add("fit: " + json_string(new_meta, "fit"), "适配方式：" + json_string(new_meta, "fit"));
    json old_export = old_meta.is_object() ? old_meta.value("export", json::object()) : json::object();
    json new_export = new_meta.is_object() ? new_meta.value("export", json::object()) : json::object();
    if (old_export != new_export && new_export.is_object() && new_export.contains("format"))
        w.add("export as " + json_string(new_export, "format"), "导出为" + json_string(new_export, "format"));
}

}  // namespace

std::string describe_change(const json& before, const json& after, const std::string& language) {
    Wording w;
    w.zh = language == "zh";
    describe_video(before, after, w);
    describe_audio(before, after, w);
    describe_text(before, after, w);
    describe_settings(before, after, w);
    if (w.parts.empty()) return w.zh ? "时间线没有变化" : "no changes";
    std::string text;
    for (const auto& part : w.parts) text += (text.empty() ? "" : (w.zh ? "；" : "; ")) + part;
    return text;
}

}  // namespace cw::server
