// The draft library's reading of the draft, under the names the core's model uses.
#pragma once
#include "draft/change.hpp"
#include "draft/draft.hpp"

namespace cw::core {

using draft::Draft;
using draft::parse_draft;
using draft::parse_draft_text;
using draft::Segment;
using draft::segment_json;
using draft::Track;
using draft::TrackKind;

}  // namespace cw::core
