// Lenient reading: wrong types are treated as absent, bad numbers are clamped and flagged, and
// nothing in the input can make parsing fail.
#include "core/draft.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <optional>

namespace cw::core {

namespace {

using nlohmann::json;

constexpr std::size_t kMaxWarnings = 20;

class Warnings {
public:
    explicit Warnings(std::vector<std::string>& out) : out_(out) {}

    void add(std::string text) {
        if (out_.size() < kMaxWarnings) out_.push_back(std::move(text));
        else ++dropped_;
    }

    void finish() {
        if (dropped_ > 0) out_.push_back("and " + std::to_string(dropped_) + " more repairs");
    }

private:
    std::vector<std::string>& out_;
    std::size_t dropped_ = 0;
};

std::optional<double> number_of(const json& value) {
    if (value.is_number()) return value.get<double>();
    if (!value.is_string()) return std::nullopt;
    const std::string& text = value.get_ref<const std::string&>();
    if (text.empty()) return std::nullopt;
    char* end = nullptr;
    double parsed = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size() || !std::isfinite(parsed)) return std::nullopt;
    return parsed;
}

const json* field(const json& object, const char* key) {
    if (!object.is_object()) return nullptr;
    auto found = object.find(key);
    return found == object.end() ? nullptr : &*found;
}

std::string text_of(const json* value) {
    if (!value || value->is_null()) return {};
    if (value->is_string()) return value->get<std::string>();
    return value->dump();
}

// Rounds and clamps in double first: casting an out-of-range double to an integer is undefined.
std::int64_t clamped_ms(double value, bool& clamped) {
    double rounded = std::round(value);
    clamped = rounded < 0 || rounded > static_cast<double>(max_timeline_ms);
    return static_cast<std::int64_t>(std::clamp(rounded, 0.0, static_cast<double>(max_timeline_ms)));
}

TrackKind kind_of_type(int type) {
    switch (type) {
    case 0: return TrackKind::video;
    case 1: return TrackKind::audio;
    case 7: return TrackKind::text;
    default: return TrackKind::other;
    }
}

std::uint32_t colour_of(TrackKind kind) {
    switch (kind) {
    case TrackKind::video: return 0x3B82F6;
    case TrackKind::audio: return 0x22C55E;
    case TrackKind::text: return 0xF59E0B;
    case TrackKind::other: break;
    }
    return 0x9CA3AF;
}

std::string without_extension(std::string name) {
    std::size_t dot = name.rfind('.');
    if (dot != std::string::npos && dot > 0 && name.size() - dot <= 5) name.erase(dot);
    return name;
}

std::string segment_label(const Segment& segment, const json* meta, std::size_t index) {
    if (segment.kind == TrackKind::text && !segment.text.empty()) return segment.text;
    std::string name = text_of(field(*meta, "name"));
    if (!name.empty()) return without_extension(name);
    if (!segment.text.empty()) return segment.text;
    if (!segment.src.empty()) return segment.src;
    return "segment " + std::to_string(index + 1);
}

int track_type(const json& track) {
    const json* type = field(track, "tt");
    auto number = type ? number_of(*type) : std::nullopt;
    if (!number || *number < -1000 || *number > 1000) return -1;
    return static_cast<int>(*number);
}

// No usable `tt`: a track whose first segment carries text is a text track.
TrackKind infer_kind(int type, const json* segments) {
    if (type >= 0) return kind_of_type(type);
    if (segments && segments->is_array() && !segments->empty()) {
        const json* meta = field((*segments)[0], "m");
        if (meta && field(*meta, "text")) return TrackKind::text;
    }
    return TrackKind::other;
}

class TrackNamer {
public:
    std::string name_for(TrackKind kind, const json& track) {
        const json* meta = field(track, "m");
        std::string own = meta ? text_of(field(*meta, "name")) : std::string();
        int& count = counts_[static_cast<int>(kind)];
        ++count;
        if (!own.empty()) return own;
        switch (kind) {
        case TrackKind::video: return count == 1 ? "Video" : "Video " + std::to_string(count);
        case TrackKind::audio: return count == 1 ? "BGM" : "Audio " + std::to_string(count);
        case TrackKind::text: return count == 1 ? "Title" : "Text " + std::to_string(count);
        case TrackKind::other: break;
        }
        return count == 1 ? "Track" : "Track " + std::to_string(count);
    }

private:
    int counts_[4] = {0, 0, 0, 0};
};

void read_meta(Segment& segment, const json* meta) {
    segment.text = text_of(field(*meta, "text"));
    segment.src = text_of(field(*meta, "src"));
    if (const json* volume = field(*meta, "volume"))
        if (auto value = number_of(*volume)) segment.volume = std::clamp(*value, 0.0, 10.0);
    if (const json* speed = field(*meta, "speed"))
        if (auto value = number_of(*speed)) segment.speed = std::clamp(*value, 0.0, 1000.0);
    segment.transition = text_of(field(*meta, "transition"));
    segment.effect = text_of(field(*meta, "effect"));
}

void read_timing(Segment& segment, const json& raw, std::int64_t cursor, Warnings& warnings) {
    bool clamped = false;
    const json* duration = field(raw, "d");
    auto duration_value = duration ? number_of(*duration) : std::nullopt;
    if (duration_value) {
        segment.duration_ms = clamped_ms(*duration_value, clamped);
        if (clamped) {
            segment.flags |= duration_clamped;
            warnings.add("segment " + segment.id + " has an impossible duration; clamped");
        }
    } else {
        segment.flags |= duration_missing;
    }
    const json* start = field(raw, "st");
    auto start_value = start ? number_of(*start) : std::nullopt;
    if (start_value) {
        segment.start_ms = clamped_ms(*start_value, clamped);
        if (clamped) segment.flags |= start_clamped;
    } else {
        segment.start_ms = std::min(cursor, max_timeline_ms);
        segment.flags |= start_inferred;
    }
}

Track read_track(const json& raw, std::size_t index, TrackNamer& namer, Warnings& warnings) {
    Track track;
    track.source_index = index;
    track.type = track_type(raw);
    const json* segments = field(raw, "sg");
    track.kind = infer_kind(track.type, segments);
    track.name = namer.name_for(track.kind, raw);
    if (!segments || !segments->is_array()) return track;
    static const json empty_meta = json::object();
    track.segments.reserve(segments->size());
    std::int64_t cursor = 0;
    for (std::size_t i = 0; i < segments->size(); ++i) {
        const json& item = (*segments)[i];
        if (!item.is_object()) {
            warnings.add("track " + std::to_string(index + 1) + " segment " + std::to_string(i + 1) + " is not an object; skipped");
            continue;
        }
        Segment segment;
        segment.source_index = i;
        segment.kind = track.kind;
        segment.colour = colour_of(track.kind);
        segment.id = text_of(field(item, "id"));
        const json* meta = field(item, "m");
        if (!meta || !meta->is_object()) meta = &empty_meta;
        read_meta(segment, meta);
        read_timing(segment, item, cursor, warnings);
        segment.label = segment_label(segment, meta, i);
        cursor = segment.end_ms();
        track.end_ms = std::max(track.end_ms, segment.end_ms());
        track.segments.push_back(std::move(segment));
    }
    return track;
}

void read_tracks(Draft& draft, Warnings& warnings) {
    if (!draft.original.is_object()) {
        warnings.add("draft is not an object");
        return;
    }
    const json* tracks = field(draft.original, "t");
    if (!tracks || !tracks->is_array()) return;
    TrackNamer namer;
    for (std::size_t i = 0; i < tracks->size(); ++i) {
        const json& raw = (*tracks)[i];
        if (!raw.is_object()) {
            warnings.add("track " + std::to_string(i + 1) + " is not an object; skipped");
            continue;
        }
        draft.tracks.push_back(read_track(raw, i, namer, warnings));
        const Track& track = draft.tracks.back();
        draft.duration_ms = std::max(draft.duration_ms, track.end_ms);
        draft.segment_count += track.segments.size();
        for (const Segment& segment : track.segments)
            if (segment.flags & (duration_clamped | start_clamped)) ++draft.flagged_segments;
    }
}

}  // namespace

const char* to_string(TrackKind kind) {
    switch (kind) {
    case TrackKind::video: return "video";
    case TrackKind::audio: return "audio";
    case TrackKind::text: return "text";
    case TrackKind::other: break;
    }
    return "other";
}

Draft parse_draft(json&& input) {
    Draft draft;
    // Some producers send the draft as a JSON string inside the state.
    if (input.is_string()) {
        json inner = json::parse(input.get<std::string>(), nullptr, false);
        if (!inner.is_discarded()) input = std::move(inner);
    }
    draft.original = input.is_null() ? json::object() : std::move(input);
    Warnings warnings(draft.warnings);
    read_tracks(draft, warnings);
    warnings.finish();
    return draft;
}

Draft parse_draft(const json& input) { return parse_draft(json(input)); }

Draft parse_draft_text(std::string_view text) {
    json parsed = json::parse(text, nullptr, false);
    if (parsed.is_discarded()) {
        Draft draft;
        draft.warnings.push_back("draft is not JSON");
        return draft;
    }
    return parse_draft(std::move(parsed));
}

const json* segment_json(const Draft& draft, const Track& track, const Segment& segment) {
    const json* tracks = field(draft.original, "t");
    if (!tracks || !tracks->is_array() || track.source_index >= tracks->size()) return nullptr;
    const json* segments = field((*tracks)[track.source_index], "sg");
    if (!segments || !segments->is_array() || segment.source_index >= segments->size()) return nullptr;
    return &(*segments)[segment.source_index];
}

}  // namespace cw::core
