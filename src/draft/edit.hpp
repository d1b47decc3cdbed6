// The draft as JSON that an agent edits in place: accessors that apply the reading rule of
// schema.hpp, the one normalisation, and the editing helpers (relayout, cut, ensure a track, ids).
// Readers tolerate any JSON; writers expect a normalized draft.
#pragma once
#include <cstdint>
#include <string>

#include "draft/schema.hpp"

namespace cw::draft {

// {"t": [], "m": {}}
json empty_draft();

// "t" an array of track objects, each with "sg" an array of segment objects that have an "m" object
// and numeric "st" and "d" read by the rule (a segment without a start follows the one before it),
// and the draft's "m" an object. Anything else in the input is kept.
json normalized(const json& draft);

// Read access to any JSON: an empty array or object where the draft has none.
const json& tracks_of(const json& draft);
const json& segments_of(const json& track);
const json& meta_of(const json& object);  // "m" of a draft, track or segment
// Write access: creates the array or object when missing or of the wrong type.
json& tracks_of(json& draft);
json& segments_of(json& track);
json& meta_of(json& object);

int track_type(const json& track);  // -1 when absent or unreadable
std::int64_t segment_start(const json& segment);
std::int64_t segment_duration(const json& segment);
std::int64_t segment_end(const json& segment);
std::int64_t transition_ms(const json& segment);  // m.transition.d, 0 without one
void set_start(json& segment, std::int64_t ms);
void set_duration(json& segment, std::int64_t ms);

// A video segment made with no media: a card of plain colour or gradient ("m": {"kind": "color",
// "color", "look"}), under title cards and text-only videos.
bool is_card(const json& segment);

// A new segment, and the transition object a segment's "m" holds.
json make_segment(const std::string& id, std::int64_t start_ms, std::int64_t duration_ms, json meta);
json make_transition(const std::string& type, std::int64_t duration_ms);

// Index of the first track of a type, or -1.
int find_track(const json& draft, int type);
// The first track of a type, created (with a display name) when missing.
json& ensure_track(json& draft, int type, const std::string& name);

std::int64_t timeline_end(const json& draft);         // max st+d over all segments
std::int64_t track_end(const json& draft, int type);  // max st+d over tracks of a type
std::size_t segment_count(const json& draft);

// Places a track's segments one after another; a segment with a transition overlaps the previous one.
void relayout_sequence(json& track);

// Keeps only [from_ms, to_ms) of the whole timeline, shifting it to start at 0.
void cut_timeline(json& draft, std::int64_t from_ms, std::int64_t to_ms);

// Removes [from_ms, to_ms) of the whole timeline: what came after moves up to close the gap.
void remove_range(json& draft, std::int64_t from_ms, std::int64_t to_ms);

// An id unused in the draft, "<prefix><n>" with the smallest n >= 1.
std::string next_segment_id(const json& draft, const std::string& prefix);

}  // namespace cw::draft
