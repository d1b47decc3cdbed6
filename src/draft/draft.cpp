// Lenient reading into the typed draft: wrong types are treated as absent, bad numbers are clamped
// and flagged, and nothing in the input can make parsing fail.
#include "draft/draft.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <utility>

#include "draft/edit.hpp"

namespace cw::draft {

namespace {

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

// For display: strings as they are, anything else as compact JSON.
std::string display_text(const json* value) {
    if (!value || value->is_null()) return {};
    if (auto text = read_text(*value)) return *text;
    return value->dump(-1, ' ', false, json::error_handler_t::replace);
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

std::string segment_label(const Segment& segment, std::size_t index) {
    if (segment.kind == TrackKind::text && !segment.text.empty()) return segment.text;
    if (!segment.name.empty()) return without_extension(segment.name);
    if (!segment.text.empty()) return segment.text;
    if (!segment.src.empty()) return segment.src;
    return "segment " + std::to_string(index + 1);
}

// No usable `tt`: a track whose first segment carries text is a text track.
TrackKind infer_kind(int type, const json& segments) {
    if (type >= 0) return kind_of_type(type);
    if (!segments.empty() && field(meta_of(segments[0]), "text")) return TrackKind::text;
    return TrackKind::other;
}

class TrackNamer {
public:
    std::string name_for(TrackKind kind, const json& track) {
        std::string own = json_string(meta_of(track), "name");
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

void read_transition(Segment& segment, const json* transition) {
    if (!transition || transition->is_null()) return;
    if (transition->is_object()) {
        segment.transition = json_string(*transition, "type", "crossfade");
        segment.transition_ms = json_ms(*transition, key::duration, 0);
    } else {
        segment.transition = display_text(transition);
    }
}

void read_meta(Segment& segment, const json& meta) {
    segment.name = json_string(meta, "name");
    segment.text = json_string(meta, "text");
    segment.src = json_string(meta, "src");
    segment.in_ms = json_ms(meta, "in", 0);
    if (const json* volume = field(meta, "volume"))
        if (auto value = read_number(*volume)) segment.volume = std::clamp(*value, 0.0, 10.0);
    if (const json* speed = field(meta, "speed"))
        if (auto value = read_number(*speed)) segment.speed = std::clamp(*value, 0.0, 1000.0);
    segment.muted = json_bool(meta, "muted");
    read_transition(segment, field(meta, "transition"));
    segment.effect = display_text(field(meta, "effect"));
    segment.position = json_string(meta, "position");
    segment.color = json_string(meta, "color");
    segment.size = std::clamp(json_number(meta, "size", 0), 0.0, 10000.0);
}

void read_timing(Segment& segment, const json& raw, std::int64_t cursor, Warnings& warnings) {
    bool clamped = false;
    const json* duration = field(raw, key::duration);
    auto duration_value = duration ? read_ms(*duration, &clamped) : std::nullopt;
    if (duration_value) {
        segment.duration_ms = *duration_value;
        if (clamped) {
            segment.flags |= duration_clamped;
            warnings.add("segment " + segment.id + " has an impossible duration; clamped");
        }
    } else {
        segment.flags |= duration_missing;
    }
    const json* start = field(raw, key::start);
    auto start_value = start ? read_ms(*start, &clamped) : std::nullopt;
    if (start_value) {
        segment.start_ms = *start_value;
        if (clamped) segment.flags |= start_clamped;
    } else {
        segment.start_ms = std::min(cursor, kMaxTimelineMs);
        segment.flags |= start_inferred;
    }
}

Track read_track(const json& raw, std::size_t index, TrackNamer& namer, Warnings& warnings) {
    Track track;
    track.source_index = index;
    track.type = track_type(raw);
    const json& segments = segments_of(raw);
    track.kind = infer_kind(track.type, segments);
    track.name = namer.name_for(track.kind, raw);
    track.segments.reserve(segments.size());
    std::int64_t cursor = 0;
    for (std::size_t i = 0; i < segments.size(); ++i) {
        const json& item = segments[i];
        if (!item.is_object()) {
            warnings.add("track " + std::to_string(index + 1) + " segment " + std::to_string(i + 1) + " is not an object; skipped");
            continue;
        }
        Segment segment;
        segment.source_index = i;
        segment.kind = track.kind;
        segment.colour = colour_of(track.kind);
        segment.id = json_string(item, key::id);
        read_meta(segment, meta_of(item));
        read_timing(segment, item, cursor, warnings);
        segment.label = segment_label(segment, i);
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
    const json& tracks = tracks_of(std::as_const(draft.original));
    TrackNamer namer;
    for (std::size_t i = 0; i < tracks.size(); ++i) {
        const json& raw = tracks[i];
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

void read_settings(Draft& draft) {
    draft.settings = meta_of(std::as_const(draft.original));
    draft.fit = json_string(draft.settings, "fit");
    if (const json* suggested = field(draft.settings, "export"); suggested && suggested->is_object())
        draft.export_settings = ExportOptions::read(*suggested);
}

int canvas_side(const json& canvas, const char* name) {
    return static_cast<int>(std::clamp<double>(std::round(json_number(canvas, name, 0)), 0, 100000));
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

TrackKind kind_of_type(int type) {
    switch (type) {
    case kVideoTrack: return TrackKind::video;
    case kAudioTrack: return TrackKind::audio;
    case kTextTrack: return TrackKind::text;
    default: return TrackKind::other;
    }
}

Canvas read_canvas(const json& canvas_config) {
    Canvas canvas;
    canvas.width = canvas_side(canvas_config, "width");
    canvas.height = canvas_side(canvas_config, "height");
    canvas.fps = static_cast<int>(std::clamp<double>(std::round(json_number(canvas_config, "fps", 0)), 0, 1000));
    return canvas;
}

std::string aspect_name(const Canvas& canvas) {
    if (!canvas.known()) return {};
    int divisor = std::gcd(canvas.width, canvas.height);
    int w = canvas.width / divisor, h = canvas.height / divisor;
    if (w <= 32 && h <= 32) return std::to_string(w) + ":" + std::to_string(h);
    char text[32];
    std::snprintf(text, sizeof text, "%.2f:1", static_cast<double>(canvas.width) / canvas.height);
    return text;
}

Draft parse_draft(json&& input, const json& canvas_config) {
    Draft draft;
    // Some producers send the draft as a JSON string inside the state.
    if (input.is_string()) {
        json inner = json::parse(input.get<std::string>(), nullptr, false);
        if (!inner.is_discarded()) input = std::move(inner);
    }
    draft.original = input.is_null() ? json::object() : std::move(input);
    draft.canvas = read_canvas(canvas_config);
    Warnings warnings(draft.warnings);
    read_tracks(draft, warnings);
    read_settings(draft);
    warnings.finish();
    return draft;
}

Draft parse_draft(const json& input, const json& canvas_config) { return parse_draft(json(input), canvas_config); }

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
    const json& tracks = tracks_of(std::as_const(draft.original));
    if (track.source_index >= tracks.size()) return nullptr;
    const json& segments = segments_of(tracks[track.source_index]);
    if (segment.source_index >= segments.size()) return nullptr;
    return &segments[segment.source_index];
}

}  // namespace cw::draft
