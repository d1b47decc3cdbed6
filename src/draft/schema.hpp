// The draft's vocabulary (contract §6) and the one rule for reading its values, used by the app and
// the server alike.
//
// Keys: "t" tracks, "tt" track type (0 video, 1 audio, 7 text), "sg" segments, "id", "st" start on
// the timeline (ms), "d" duration (ms), "m" metadata (free form; on the draft, its own settings).
//
// What odd input becomes (the same for every key that holds a number, a time, text or a flag):
//
// | input                              | number       | time (ms)                         | text       | flag        |
// |------------------------------------|--------------|-----------------------------------|------------|-------------|
// | 2000                               | 2000         | 2000                              | "2000"     | true        |
// | 2000.6                             | 2000.6       | 2001 (rounded)                    | "2000.6"   | true        |
// | "2000", " 2000 "                   | 2000         | 2000                              | "2000"     | absent      |
// | "2 s", "", "abc", "0x10"           | absent       | absent                            | as written | absent      |
// | -5                                 | -5           | 0, marked clamped                 | "-5"       | true        |
// | 1e300, "1e300"                     | 1e300        | kMaxTimelineMs, marked clamped    | "1e+300"   | true        |
// | NaN, ±inf (never in JSON text)     | absent       | absent                            | absent     | absent      |
// | 0                                  | 0            | 0                                 | "0"        | false       |
// | true / false                       | absent       | absent                            | absent     | true/false  |
// | "true" "yes" "1" / "false" "no" "0"| "1"/"0" only | "1"/"0" only                      | as written | true/false  |
// | null, [..], {..}                   | absent       | absent                            | absent     | absent      |
// | missing key                        | absent       | absent                            | absent     | absent      |
//
// Absent means the key's default: a segment with no start is placed after the one before it, a
// segment with no duration lasts 0 ms, a track with no type is a text track when its first segment
// has text and an unknown track otherwise, a volume is 100 %, a speed 1×.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace cw::draft {

using nlohmann::json;

enum TrackType : int { kVideoTrack = 0, kAudioTrack = 1, kTextTrack = 7 };

namespace key {
inline constexpr const char* tracks = "t";
inline constexpr const char* track_type = "tt";
inline constexpr const char* segments = "sg";
inline constexpr const char* id = "id";
inline constexpr const char* start = "st";
inline constexpr const char* duration = "d";
inline constexpr const char* meta = "m";
}  // namespace key

// Anything longer (1000 hours) is a corrupt value rather than a real timeline.
inline constexpr std::int64_t kMaxTimelineMs = 1000LL * 60 * 60 * 1000;

// The most segments one export takes (each is an ffmpeg input); the agent never builds more.
inline constexpr std::size_t kMaxExportSegments = 500;

// The rule for one value, as the table above says.
std::optional<double> read_number(const json& value);
std::optional<std::string> read_text(const json& value);
std::optional<bool> read_flag(const json& value);
// Rounded and kept within 0..kMaxTimelineMs; *clamped says whether it had to be.
std::optional<std::int64_t> read_ms(const json& value, bool* clamped = nullptr);

// The same rule for a key of an object; a non-object or a missing key gives the fallback.
const json* field(const json& object, const char* name);
double json_number(const json& object, const char* name, double fallback);
std::int64_t json_ms(const json& object, const char* name, std::int64_t fallback = 0);
std::string json_string(const json& object, const char* name, const std::string& fallback = "");
bool json_bool(const json& object, const char* name, bool fallback = false);

}  // namespace cw::draft
