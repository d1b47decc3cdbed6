// Index:
//   [SECTION] Wording     numbers, quotes and the two languages
//   [SECTION] Matching    segments by id or position, in one pass per draft
//   [SECTION] Tracks      video, audio, text and other tracks
//   [SECTION] Settings    canvas, fit, export settings, the draft's other settings
#include "draft/change.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unordered_map>
#include <unordered_set>

namespace cw::draft {

namespace {

// [SECTION] Wording

std::string number_text(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", std::round(value * 10) / 10);
    return text;
}
std::string secs(std::int64_t ms) { return number_text(static_cast<double>(ms) / 1000.0); }
std::string percent(double volume) { return std::to_string(static_cast<int>(std::lround(volume * 100))) + "%"; }
std::string quoted(const std::string& text) { return "\xE2\x80\x9C" + truncated(text, 80) + "\xE2\x80\x9D"; }
double volume_of(const Segment& s) { return s.volume < 0 ? 1.0 : s.volume; }
double speed_of(const Segment& s) { return s.speed <= 0 ? 1.0 : s.speed; }

class Writer {
public:
    Writer(Language language, std::size_t max) : language_(language), max_(max) {}

    bool zh() const { return language_ == Language::zh; }
    std::string window(const Segment& s) const { return secs(s.start_ms) + "\xE2\x80\x93" + secs(s.end_ms()) + (zh() ? "秒" : " s"); }

    void add(ChangeKind kind, const std::string& en, const std::string& zh_text) {
        ++count_;
        if (changes_.list.size() < max_) changes_.list.push_back({kind, zh() ? zh_text : en});
        else ++changes_.omitted;
    }
    std::size_t count() const { return count_; }
    Changes take() { return std::move(changes_); }

private:
    Language language_;
    std::size_t max_;
    std::size_t count_ = 0;
    Changes changes_;
};

// [SECTION] Matching

struct Located {
    const Track* track = nullptr;
    const Segment* segment = nullptr;
};

struct Index {
    std::vector<std::pair<std::string, Located>> ordered;  // in track order
    std::unordered_map<std::string, Located> by_key;

    const Located* find(const std::string& key) const {
        auto found = by_key.find(key);
        return found == by_key.end() ? nullptr : &found->second;
    }
};

// Ids are preferred; a missing or repeated id falls back to the position among tracks of that kind.
Index index_of(const Draft& draft, TrackKind kind) {
    Index index;
    std::unordered_set<std::string> seen;
    std::size_t position = 0;
    for (const Track& track : draft.tracks) {
        if (track.kind != kind) continue;
        for (const Segment& segment : track.segments) {
            bool unique_id = !segment.id.empty() && seen.insert(segment.id).second;
            std::string key = unique_id ? "id:" + segment.id : "#" + std::to_string(position);
            ++position;
            index.ordered.push_back({key, {&track, &segment}});
            index.by_key.emplace(key, Located{&track, &segment});
        }
    }
    return index;
}

std::vector<std::string> order_of(const Index& index, const Index& other) {
    std::vector<std::pair<std::int64_t, std::string>> starts;
    for (const auto& [key, located] : index.ordered)
        if (other.find(key)) starts.emplace_back(located.segment->start_ms, key);
    std::stable_sort(starts.begin(), starts.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::string> keys;
    for (auto& entry : starts) keys.push_back(std::move(entry.second));
    return keys;
}

std::string counted(std::size_t n, const char* one, const char* many) { return std::to_string(n) + " " + (n == 1 ? one : many); }

// Changes not named by any rule still count: the segment's own JSON tells.
void note_other_change(const Draft& before, const Draft& after, const Located& was, const Located& now, Writer& w) {
    const json* old_json = segment_json(before, *was.track, *was.segment);
    const json* new_json = segment_json(after, *now.track, *now.segment);
    if (old_json && new_json && *old_json != *new_json)
        w.add(ChangeKind::other, quoted(now.segment->label) + " changed", quoted(now.segment->label) + "已修改");
}

// [SECTION] Tracks

void compare_clip(const Segment& a, const Segment& b, Writer& w) {
    if (a.src != b.src) w.add(ChangeKind::media, quoted(a.label) + " replaced with " + quoted(b.label), quoted(a.label) + "换成了" + quoted(b.label));
    if (speed_of(a) != speed_of(b))
        w.add(ChangeKind::speed, quoted(b.label) + " speed " + number_text(speed_of(b)) + "\xC3\x97", quoted(b.label) + "速度" + number_text(speed_of(b)) + "倍");
    if (a.muted != b.muted)
        w.add(ChangeKind::mute, (b.muted ? "muted " : "unmuted ") + quoted(b.label), (b.muted ? "静音" : "取消静音") + quoted(b.label));
    if (a.effect != b.effect)
        w.add(ChangeKind::effect, quoted(b.label) + (b.effect.empty() ? " effect removed" : " effect " + b.effect),
              b.effect.empty() ? "去掉了" + quoted(b.label) + "的效果" : quoted(b.label) + "效果改为" + b.effect);
}

std::string transition_summary(const Index& index) {
    std::string summary;
    for (const auto& entry : index.ordered)
        if (entry.second.segment->transition_ms > 0) summary = entry.second.segment->transition;
    return summary;
}

void describe_video(const Draft& before, const Draft& after, Writer& w) {
    Index old_index = index_of(before, TrackKind::video), new_index = index_of(after, TrackKind::video);
    std::size_t added = 0, removed = 0;
    for (const auto& [key, now] : new_index.ordered) {
        const Located* was = old_index.find(key);
        if (!was) {
            ++added;
            continue;
        }
        std::size_t described = w.count();
        compare_clip(*was->segment, *now.segment, w);
        if (w.count() == described && was->segment->start_ms == now.segment->start_ms && was->segment->duration_ms == now.segment->duration_ms &&
            was->segment->transition == now.segment->transition)
            note_other_change(before, after, *was, now, w);
    }
    for (const auto& entry : old_index.ordered) removed += new_index.find(entry.first) ? 0 : 1;
    if (added) w.add(ChangeKind::added, "added " + counted(added, "clip", "clips"), "添加了" + std::to_string(added) + "个片段");
    if (removed) w.add(ChangeKind::removed, "removed " + counted(removed, "clip", "clips"), "删除了" + std::to_string(removed) + "个片段");
    if (order_of(old_index, new_index) != order_of(new_index, old_index)) w.add(ChangeKind::reordered, "reordered the clips", "调整了片段顺序");
    std::string old_transition = transition_summary(old_index), new_transition = transition_summary(new_index);
    if (old_transition != new_transition && !added)
        w.add(ChangeKind::transition, new_transition.empty() ? "removed transitions" : new_transition + " transitions",
              new_transition.empty() ? "删除了转场" : "转场改为" + new_transition);
    std::int64_t old_end = 0, new_end = 0;
    for (const auto& entry : old_index.ordered) old_end = std::max(old_end, entry.second.segment->end_ms());
    for (const auto& entry : new_index.ordered) new_end = std::max(new_end, entry.second.segment->end_ms());
    if (old_end != new_end && new_end > 0)
        w.add(ChangeKind::length, "video length " + secs(old_end) + " s \xE2\x86\x92 " + secs(new_end) + " s",
              "视频时长" + secs(old_end) + "秒 \xE2\x86\x92 " + secs(new_end) + "秒");
}

void describe_audio(const Draft& before, const Draft& after, Writer& w) {
    Index old_index = index_of(before, TrackKind::audio), new_index = index_of(after, TrackKind::audio);
    for (const auto& [key, now] : new_index.ordered) {
        const Segment& b = *now.segment;
        const Located* was = old_index.find(key);
        if (!was) {
            w.add(ChangeKind::added, "added music " + quoted(b.label) + " (" + percent(volume_of(b)) + ")",
                  "添加背景音乐" + quoted(b.label) + "（" + percent(volume_of(b)) + "）");
            continue;
        }
        const Segment& a = *was->segment;
        std::size_t described = w.count();
        if (a.src != b.src) w.add(ChangeKind::media, "music " + quoted(a.label) + " replaced with " + quoted(b.label), "背景音乐" + quoted(a.label) + "换成了" + quoted(b.label));
        if (volume_of(a) != volume_of(b)) w.add(ChangeKind::volume, "music volume " + percent(volume_of(b)), "音乐音量" + percent(volume_of(b)));
        if (a.muted != b.muted) w.add(ChangeKind::mute, b.muted ? "muted the music" : "unmuted the music", b.muted ? "静音背景音乐" : "恢复背景音乐");
        if (w.count() == described && a.start_ms == b.start_ms && a.duration_ms == b.duration_ms) note_other_change(before, after, *was, now, w);
    }
    for (const auto& [key, was] : old_index.ordered)
        if (!new_index.find(key)) w.add(ChangeKind::removed, "removed music " + quoted(was.segment->label), "删除背景音乐" + quoted(was.segment->label));
}

bool is_title(const Located& located) { return located.segment->name == "Title" || located.track->name == "Title"; }

void compare_text(const Segment& a, const Segment& b, Writer& w) {
    if (a.text != b.text) w.add(ChangeKind::text, "text " + quoted(a.text) + " \xE2\x86\x92 " + quoted(b.text), "文字" + quoted(a.text) + " \xE2\x86\x92 " + quoted(b.text));
    if (a.size != b.size)
        w.add(ChangeKind::style, std::string(b.size > a.size ? "bigger " : "smaller ") + quoted(b.text) + " (" + number_text(b.size) + " px)",
              quoted(b.text) + (b.size > a.size ? "放大" : "缩小") + "（" + number_text(b.size) + "像素）");
    if (a.position != b.position) w.add(ChangeKind::style, quoted(b.text) + " moved to " + b.position, quoted(b.text) + "移到" + b.position);
    if (a.color != b.color) w.add(ChangeKind::style, quoted(b.text) + " colour " + b.color, quoted(b.text) + "颜色改为" + b.color);
    if (a.start_ms != b.start_ms || a.end_ms() != b.end_ms())
        w.add(ChangeKind::retimed, quoted(b.text) + " now " + w.window(b), quoted(b.text) + "改为" + w.window(b));
}

void describe_text(const Draft& before, const Draft& after, Writer& w) {
    Index old_index = index_of(before, TrackKind::text), new_index = index_of(after, TrackKind::text);
    for (const auto& [key, now] : new_index.ordered) {
        const Segment& b = *now.segment;
        const Located* was = old_index.find(key);
        if (!was) {
            bool title = is_title(now);
            w.add(ChangeKind::added, std::string(title ? "added title " : "added text ") + quoted(b.text) + " " + w.window(b),
                  std::string(title ? "添加标题" : "添加文字") + quoted(b.text) + "（" + w.window(b) + "）");
            continue;
        }
        std::size_t described = w.count();
        compare_text(*was->segment, b, w);
        if (w.count() == described) note_other_change(before, after, *was, now, w);
    }
    for (const auto& [key, was] : old_index.ordered)
        if (!new_index.find(key)) w.add(ChangeKind::removed, "removed text " + quoted(was.segment->text), "删除文字" + quoted(was.segment->text));
}

void describe_other(const Draft& before, const Draft& after, Writer& w) {
    Index old_index = index_of(before, TrackKind::other), new_index = index_of(after, TrackKind::other);
    for (const auto& [key, now] : new_index.ordered) {
        const Located* was = old_index.find(key);
        if (!was) w.add(ChangeKind::added, "added " + quoted(now.segment->label), "添加了" + quoted(now.segment->label));
        else note_other_change(before, after, *was, now, w);
    }
    for (const auto& [key, was] : old_index.ordered)
        if (!new_index.find(key)) w.add(ChangeKind::removed, "removed " + quoted(was.segment->label), "删除了" + quoted(was.segment->label));
}

// [SECTION] Settings

std::string size_text(const Canvas& c) { return std::to_string(c.width) + "\xC3\x97" + std::to_string(c.height); }

void describe_canvas(const Canvas& a, const Canvas& b, Writer& w) {
    if (!b.known() || a == b) return;
    std::string old_aspect = aspect_name(a), new_aspect = aspect_name(b);
    if (old_aspect != new_aspect)
        w.add(ChangeKind::canvas, "aspect ratio " + (old_aspect.empty() ? "" : old_aspect + " \xE2\x86\x92 ") + new_aspect + " (" + size_text(b) + ")",
              "画面比例" + (old_aspect.empty() ? "" : old_aspect + " \xE2\x86\x92 ") + new_aspect + "（" + size_text(b) + "）");
    else if (a.width != b.width || a.height != b.height)
        w.add(ChangeKind::canvas, "size " + size_text(a) + " \xE2\x86\x92 " + size_text(b), "画面尺寸" + size_text(a) + " \xE2\x86\x92 " + size_text(b));
    if (a.fps != b.fps && b.fps > 0) w.add(ChangeKind::canvas, "frame rate " + std::to_string(b.fps) + " fps", "帧率" + std::to_string(b.fps) + "帧/秒");
}

std::string export_details(const ExportOptions& o, bool zh) {
    std::vector<std::string> parts;
    if (o.width > 0) parts.push_back(std::to_string(o.width) + (zh ? "像素宽" : " px wide"));
    if (o.fps > 0) parts.push_back(std::to_string(o.fps) + (zh ? "帧/秒" : " fps"));
    if (o.colors > 0) parts.push_back(std::to_string(o.colors) + (zh ? "色" : " colours"));
    if (o.max_bytes > 0) parts.push_back((zh ? "不超过" : "at most ") + number_text(static_cast<double>(o.max_bytes) / 1e6) + " MB");
    std::string text;
    for (const auto& part : parts) text += (text.empty() ? "" : (zh ? "，" : ", ")) + part;
    return text.empty() ? "" : (zh ? "（" + text + "）" : " (" + text + ")");
}

void describe_settings(const Draft& before, const Draft& after, Writer& w) {
    describe_canvas(before.canvas, after.canvas, w);
    if (before.fit != after.fit && !after.fit.empty()) w.add(ChangeKind::fit, "fit: " + after.fit, "适配方式：" + after.fit);
    if (before.export_settings != after.export_settings) {
        if (after.export_settings)
            w.add(ChangeKind::export_settings, "export as " + after.export_settings->format + export_details(*after.export_settings, false),
                  "导出为" + after.export_settings->format + export_details(*after.export_settings, true));
        else
            w.add(ChangeKind::export_settings, "export settings cleared", "清除了导出设置");
    }
    json old_rest = before.settings, new_rest = after.settings;
    for (json* rest : {&old_rest, &new_rest}) {
        rest->erase("fit");
        rest->erase("export");
    }
    if (old_rest != new_rest) w.add(ChangeKind::settings, "draft settings changed", "草稿设置已更改");
}

}  // namespace

bool Changes::has(ChangeKind kind) const {
    return std::any_of(list.begin(), list.end(), [kind](const Change& change) { return change.kind == kind; });
}

Changes describe_changes(const Draft& before, const Draft& after, Language language, std::size_t max_changes) {
    Writer w(language, max_changes);
    describe_video(before, after, w);
    describe_audio(before, after, w);
    describe_text(before, after, w);
    describe_other(before, after, w);
    describe_settings(before, after, w);
    return w.take();
}

std::string joined(const Changes& changes, Language language) {
    bool zh = language == Language::zh;
    std::string text;
    for (const Change& change : changes.list) text += (text.empty() ? "" : (zh ? "；" : "; ")) + change.text;
    if (changes.omitted > 0)
        text += zh ? "；另有" + std::to_string(changes.omitted) + "处更改" : "; and " + std::to_string(changes.omitted) + " more changes";
    return text;
}

std::string describe_change(const Draft& before, const Draft& after, Language language) {
    Changes changes = describe_changes(before, after, language);
    if (changes.empty()) return language == Language::zh ? "时间线没有变化" : "no changes";
    return joined(changes, language);
}

}  // namespace cw::draft
