// The contract's one-line timeline summary, e.g.
//   Timeline (3 tracks): 1. Video: city timelapse (0-10s) 2. BGM: Lo-fi (0-10s, 35%) 3. Title: "Urban Dreams" (0-3s)
#pragma once
#include <cstdint>
#include <string>

#include "core/draft_types.hpp"

namespace cw::core {

// Seconds with at most one decimal: 10000 -> "10", 2500 -> "2.5".
std::string format_seconds(std::int64_t ms);

// A volume 0..1 as a whole percentage: 0.35 -> "35%".
std::string format_percent(double fraction);

std::string summarize_draft(const Draft& draft);

}  // namespace cw::core
