// Draft accessors and layout rules shared by the planner and the renderer.
#include "timeline.hpp"

#include <algorithm>
#include <set>

namespace cw::server {

using nlohmann::json;

namespace {
const json& empty_object() {
    static const json value = json::object();
    return value;
}
}  // namespace

int64_t json_ms(const json& object, const char* key, int64_t fallback) {
    if (!object.is_object()) return fallback;
    auto it = object.find(key);
    if (it == object.end() || !it->is_number()) return fallback;
    // Past a million years a time means nothing; the clamp keeps the cast and later sums defined.
    constexpr double limit = 1e15;
    return static_cast<int64_t>(std::clamp(it->get<double>(), -limit, limit));
}

double json_number(const json& object, const char* key, double fallback) {
    if (!object.is_object()) return fallback;
    auto it = object.find(key);
    if (it == object.end() || !it->is_number()) return fallback;
    return it->get<double>();
}

std::string json_string(const json& object, const char* key, const std::string& fallback) {
    if (!object.is_object()) return fallback;
    auto it = object.find(key);
    if (it == object.end() || !it->is_string()) return fallback;
    return it->get<std::string>();
}

bool json_bool(const json& object, const char* key, bool fallback) {
    if (!object.is_object()) return fallback;
    auto it = object.find(key);
    if (it == object.end() || !it->is_boolean()) return fallback;
    return it->get<bool>();
}

int track_type(const json& track) { return static_cast<int>(json_ms(track, "tt", -1)); }
int64_t segment_start(const json& segment) { return std::max<int64_t>(0, json_ms(segment, "st", 0)); }
int64_t segment_duration(const json& segment) { return std::max<int64_t>(0, json_ms(segment, "d", 0)); }
int64_t segment_end(const json& segment) { return segment_start(segment) + segment_duration(segment); }

const json& segment_meta(const json& segment) {
    if (!segment.is_object()) return empty_object();
    auto it = segment.find("m");
    return it != segment.end() && it->is_object() ? *it : empty_object();
}

int64_t transition_ms(const json& segment) {
    const json& meta = segment_meta(segment);
    auto it = meta.find("transition");
    if (it == meta.end() || !it->is_object()) return 0;
    return std::max<int64_t>(0, json_ms(*it, "d", 0));
}

json normalized_draft(const json& draft) {
    json result = draft.is_object() ? draft : json::object();
    if (!result.contains("t") || !result["t"].is_array()) result["t"] = json::array();
    if (!result.contains("m") || !result["m"].is_object()) result["m"] = json::object();
    json tracks = json::array();
    for (auto& track : result["t"]) {
        if (!track.is_object()) continue;
        json segments = json::array();
        if (track.contains("sg") && track["sg"].is_array())
            for (auto& segment : track["sg"])
                if (segment.is_object()) {
                    if (!segment.contains("m") || !segment["m"].is_object()) segment["m"] = json::object();
                    segments.push_back(segment);
                }
        track["sg"] = segments;
        tracks.push_back(track);
    }
    result["t"] = tracks;
    return result;
}

int find_track(const json& draft, int type) {
    if (!draft.is_object() || !draft.contains("t") || !draft["t"].is_array()) return -1;
    const json& tracks = draft["t"];
    for (size_t i = 0; i < tracks.size(); ++i)
        if (track_type(tracks[i]) == type) return static_cast<int>(i);
    return -1;
}

json& ensure_track(json& draft, int type, const std::string& name) {
    int index = find_track(draft, type);
    if (index >= 0) return draft["t"][index];
    draft["t"].push_back({{"tt", type}, {"m", {{"name", name}}}, {"sg", json::array()}});
    return draft["t"].back();
}

int64_t timeline_end(const json& draft) {
    int64_t end = 0;
    if (!draft.is_object() || !draft.contains("t") || !draft["t"].is_array()) return 0;
    for (const auto& track : draft["t"]) {
        if (!track.is_object() || !track.contains("sg") || !track["sg"].is_array()) continue;
        for (const auto& segment : track["sg"]) end = std::max(end, segment_end(segment));
    }
    return end;
}

int64_t track_end(const json& draft, int type) {
    int64_t end = 0;
    if (!draft.is_object() || !draft.contains("t") || !draft["t"].is_array()) return 0;
    for (const auto& track : draft["t"]) {
        if (track_type(track) != type || !track.contains("sg") || !track["sg"].is_array()) continue;
        for (const auto& segment : track["sg"]) end = std::max(end, segment_end(segment));
    }
    return end;
}

void relayout_sequence(json& track) {
    int64_t cursor = 0;
    bool first = true;
    for (auto& segment : track["sg"]) {
        int64_t overlap = first ? 0 : std::min(transition_ms(segment), cursor);
        if (first && segment.contains("m") && segment["m"].is_object()) segment["m"].erase("transition");
        segment["st"] = cursor - overlap;
        segment["d"] = segment_duration(segment);
        cursor = segment_end(segment);
        first = false;
    }
}

namespace {

// Cuts one segment to the window; returns false when nothing of it is left.
bool cut_segment(json& segment, int64_t from_ms, int64_t to_ms) {
    int64_t start = segment_start(segment), end = segment_end(segment);
    int64_t kept_start = std::max(start, from_ms), kept_end = std::min(end, to_ms);
    if (kept_end <= kept_start) return false;
    if (!segment.contains("m") || !segment["m"].is_object()) segment["m"] = json::object();
    json& meta = segment["m"];
    if (kept_start > start) {
        double speed = json_number(meta, "speed", 1.0);
        if (meta.contains("in") || meta.contains("src"))
            meta["in"] = json_ms(meta, "in", 0) + static_cast<int64_t>((kept_start - start) * speed);
        meta.erase("transition");
        meta.erase("fade_in");
    }
    if (kept_end < end) meta.erase("fade_out");
    segment["st"] = kept_start - from_ms;
    segment["d"] = kept_end - kept_start;
    return true;
}

}  // namespace

void cut_timeline(json& draft, int64_t from_ms, int64_t to_ms) {
    for (auto& track : draft["t"]) {
        if (!track.is_object() || !track.contains("sg") || !track["sg"].is_array()) continue;
        json kept = json::array();
        for (auto& segment : track["sg"])
            if (cut_segment(segment, from_ms, to_ms)) kept.push_back(segment);
        track["sg"] = kept;
    }
}

std::string next_segment_id(const json& draft, const std::string& prefix) {
    std::set<std::string> used;
    if (draft.is_object() && draft.contains("t") && draft["t"].is_array())
        for (const auto& track : draft["t"])
            if (track.is_object() && track.contains("sg") && track["sg"].is_array())
                for (const auto& segment : track["sg"]) used.insert(json_string(segment, "id"));
    for (int n = 1;; ++n) {
        std::string id = prefix + std::to_string(n);
        if (!used.count(id)) return id;
    }
}

}  // namespace cw::server
