// Reading and laying out the draft's tracks and segments; shared by the planner and the renderer.
// Every reader here tolerates any draft (missing keys, wrong types, negative durations).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace cw::server {

enum TrackType : int { kVideoTrack = 0, kAudioTrack = 1, kTextTrack = 7 };

int64_t json_ms(const nlohmann::json& object, const char* key, int64_t fallback = 0);
double json_number(const nlohmann::json& object, const char* key, double fallback);
std::string json_string(const nlohmann::json& object, const char* key, const std::string& fallback = "");
bool json_bool(const nlohmann::json& object, const char* key, bool fallback = false);

int track_type(const nlohmann::json& track);
int64_t segment_start(const nlohmann::json& segment);
int64_t segment_duration(const nlohmann::json& segment);
int64_t segment_end(const nlohmann::json& segment);
const nlohmann::json& segment_meta(const nlohmann::json& segment);  // m, or an empty object
int64_t transition_ms(const nlohmann::json& segment);               // m.transition.d, 0 without one

// A draft with "t" an array of track objects, each with "sg" an array of segment objects that have an
// "m" object, and the draft's "m" an object; anything else in the input is kept.
nlohmann::json normalized_draft(const nlohmann::json& draft);

// Index of the first track of a type in draft["t"], or -1.
int find_track(const nlohmann::json& draft, int type);
// The first track of a type, created (with a display name) when missing.
nlohmann::json& ensure_track(nlohmann::json& draft, int type, const std::string& name);

int64_t timeline_end(const nlohmann::json& draft);           // max st+d over all segments
int64_t track_end(const nlohmann::json& draft, int type);    // max st+d over tracks of a type

// Places a track's segments one after another; a segment with a transition overlaps the previous one.
void relayout_sequence(nlohmann::json& track);

// Keeps only [from_ms, to_ms) of the whole timeline, shifting it to start at 0.
void cut_timeline(nlohmann::json& draft, int64_t from_ms, int64_t to_ms);

// An id unused in the draft, "<prefix><n>" with the smallest n >= 1.
std::string next_segment_id(const nlohmann::json& draft, const std::string& prefix);

}  // namespace cw::server
