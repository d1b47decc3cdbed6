// What the timeline's segment actions ask the agent. Each action becomes a chat message in the
// words the agent reads: it appears in the conversation, works against any backend with an agent,
// and costs what the same request typed would. Pure text, tested natively.
#pragma once
#include <string>

#include "core/client_state.hpp"

namespace cw::app {

// `clip` is the segment's 1-based position on the video track (what "clip 2" means to the agent).
std::string remove_instruction(const core::Segment& segment, int clip);
std::string swap_instruction(int clip, int direction);  // -1 earlier, +1 later
std::string duration_instruction(int clip, double seconds);
std::string head_trim_instruction(int clip, double seconds);  // cut its first `seconds`
std::string volume_instruction(int percent);            // the music's
std::string text_instruction(const std::string& text);  // the title's

}  // namespace cw::app
