// Draft JSON access and editing; the keys are spelled in schema.hpp and read with its rule.
#include "draft/edit.hpp"

#include <algorithm>
#include <set>
#include <utility>

namespace cw::draft {

namespace {

const json& empty_array() {
    static const json value = json::array();
    return value;
}

const json& empty_object() {
    static const json value = json::object();
    return value;
}

const json& child(const json& object, const char* name, bool array) {
    const json* value = field(object, name);
    if (array) return value && value->is_array() ? *value : empty_array();
    return value && value->is_object() ? *value : empty_object();
}

json& child(json& object, const char* name, bool array) {
    if (!object.is_object()) object = json::object();
    json& value = object[name];
    if (array && !value.is_array()) value = json::array();
    if (!array && !value.is_object()) value = json::object();
    return value;
}

}  // namespace

json empty_draft() { return {{key::tracks, json::array()}, {key::meta, json::object()}}; }

const json& tracks_of(const json& draft) { return child(draft, key::tracks, true); }
const json& segments_of(const json& track) { return child(track, key::segments, true); }
const json& meta_of(const json& object) { return child(object, key::meta, false); }
json& tracks_of(json& draft) { return child(draft, key::tracks, true); }
json& segments_of(json& track) { return child(track, key::segments, true); }
json& meta_of(json& object) { return child(object, key::meta, false); }

int track_type(const json& track) {
    const json* type = field(track, key::track_type);
    auto number = type ? read_number(*type) : std::nullopt;
    if (!number || *number < -1000 || *number > 1000) return -1;
    return static_cast<int>(*number);
}

std::int64_t segment_start(const json& segment) { return json_ms(segment, key::start, 0); }
std::int64_t segment_duration(const json& segment) { return json_ms(segment, key::duration, 0); }
std::int64_t segment_end(const json& segment) { return segment_start(segment) + segment_duration(segment); }
void set_start(json& segment, std::int64_t ms) { segment[key::start] = std::clamp<std::int64_t>(ms, 0, kMaxTimelineMs); }
void set_duration(json& segment, std::int64_t ms) { segment[key::duration] = std::clamp<std::int64_t>(ms, 0, kMaxTimelineMs); }

std::int64_t transition_ms(const json& segment) {
    const json* transition = field(meta_of(segment), "transition");
    return transition && transition->is_object() ? json_ms(*transition, key::duration, 0) : 0;
}

json normalized(const json& draft) {
    json result = draft.is_object() ? draft : json::object();
    meta_of(result);
    json tracks = json::array();
    for (const json& track : tracks_of(draft)) {
        if (!track.is_object()) continue;
        json kept = track;
        json segments = json::array();
        std::int64_t cursor = 0;
        for (const json& segment : segments_of(track)) {
            if (!segment.is_object()) continue;
            json copy = segment;
            meta_of(copy);
            const json* start = field(segment, key::start);
            set_start(copy, start && read_ms(*start) ? *read_ms(*start) : cursor);
            set_duration(copy, segment_duration(segment));
            cursor = segment_end(copy);
            segments.push_back(std::move(copy));
        }
        kept[key::segments] = std::move(segments);
        tracks.push_back(std::move(kept));
    }
    result[key::tracks] = std::move(tracks);
    return result;
}

bool is_card(const json& segment) { return json_string(meta_of(segment), "kind") == "color"; }

json make_segment(const std::string& id, std::int64_t start_ms, std::int64_t duration_ms, json meta) {
    json segment = {{key::id, id}, {key::meta, meta.is_object() ? std::move(meta) : json::object()}};
    set_start(segment, start_ms);
    set_duration(segment, duration_ms);
    return segment;
}

json make_transition(const std::string& type, std::int64_t duration_ms) {
    return {{"type", type}, {key::duration, std::clamp<std::int64_t>(duration_ms, 0, kMaxTimelineMs)}};
}

int find_track(const json& draft, int type) {
    const json& tracks = tracks_of(draft);
    for (std::size_t i = 0; i < tracks.size(); ++i)
        if (track_type(tracks[i]) == type) return static_cast<int>(i);
    return -1;
}

json& ensure_track(json& draft, int type, const std::string& name) {
    int index = find_track(draft, type);
    json& tracks = tracks_of(draft);
    if (index >= 0) return tracks[static_cast<std::size_t>(index)];
    tracks.push_back({{key::track_type, type}, {key::meta, {{"name", name}}}, {key::segments, json::array()}});
    return tracks.back();
}

std::int64_t timeline_end(const json& draft) {
    std::int64_t end = 0;
    for (const json& track : tracks_of(draft))
        for (const json& segment : segments_of(track)) end = std::max(end, segment_end(segment));
    return end;
}

std::int64_t track_end(const json& draft, int type) {
    std::int64_t end = 0;
    for (const json& track : tracks_of(draft))
        if (track_type(track) == type)
            for (const json& segment : segments_of(track)) end = std::max(end, segment_end(segment));
    return end;
}

std::size_t segment_count(const json& draft) {
    std::size_t count = 0;
    for (const json& track : tracks_of(draft)) count += segments_of(track).size();
    return count;
}

void relayout_sequence(json& track) {
    std::int64_t cursor = 0;
    bool first = true;
    for (json& segment : segments_of(track)) {
        std::int64_t overlap = first ? 0 : std::min(transition_ms(segment), cursor);
        if (first) meta_of(segment).erase("transition");
        std::int64_t duration = segment_duration(segment);
        set_start(segment, cursor - overlap);
        set_duration(segment, duration);
        cursor = segment_end(segment);
        first = false;
    }
}

namespace {

// Cuts one segment to the window; returns false when nothing of it is left.
bool cut_segment(json& segment, std::int64_t from_ms, std::int64_t to_ms) {
    std::int64_t start = segment_start(segment), end = segment_end(segment);
    std::int64_t kept_start = std::max(start, from_ms), kept_end = std::min(end, to_ms);
    if (kept_end <= kept_start) return false;
    json& meta = meta_of(segment);
    if (kept_start > start) {
        double speed = json_number(meta, "speed", 1.0);
        if (meta.contains("in") || meta.contains("src"))
            meta["in"] = json_ms(meta, "in", 0) + static_cast<std::int64_t>((kept_start - start) * speed);
        meta.erase("transition");
        meta.erase("fade_in");
    }
    if (kept_end < end) meta.erase("fade_out");
    set_start(segment, kept_start - from_ms);
    set_duration(segment, kept_end - kept_start);
    return true;
}

}  // namespace

void cut_timeline(json& draft, std::int64_t from_ms, std::int64_t to_ms) {
    for (json& track : tracks_of(draft)) {
        if (!track.is_object()) continue;
        json kept = json::array();
        for (json& segment : segments_of(track))
            if (segment.is_object() && cut_segment(segment, from_ms, to_ms)) kept.push_back(segment);
        track[key::segments] = std::move(kept);
    }
}

void remove_range(json& draft, std::int64_t from_ms, std::int64_t to_ms) {
    if (to_ms <= from_ms) return;
    json after = draft;
    cut_timeline(draft, 0, from_ms);
    cut_timeline(after, to_ms, kMaxTimelineMs);
    json& tracks = tracks_of(draft);
    const json& later = tracks_of(std::as_const(after));
    for (std::size_t t = 0; t < tracks.size() && t < later.size(); ++t) {
        std::set<std::string> ids;
        for (const json& segment : segments_of(std::as_const(tracks[t]))) ids.insert(json_string(segment, key::id));
        for (json segment : segments_of(later[t])) {
            set_start(segment, segment_start(segment) + from_ms);
            std::string id = json_string(segment, key::id);
            if (ids.count(id)) segment[key::id] = id + "b";  // the part after the gap is a segment of its own
            segments_of(tracks[t]).push_back(std::move(segment));
        }
    }
}

std::string next_segment_id(const json& draft, const std::string& prefix) {
    std::set<std::string> used;
    for (const json& track : tracks_of(draft))
        for (const json& segment : segments_of(track)) used.insert(json_string(segment, key::id));
    for (int n = 1;; ++n) {
        std::string id = prefix + std::to_string(n);
        if (!used.count(id)) return id;
    }
}

}  // namespace cw::draft
