// The timeline's actions in the agent's words: the sentences its reader turns into the same edits.
#include <doctest/doctest.h>

#include "app/timeline_actions.hpp"

using namespace cw::app;

TEST_CASE("each segment action is one plain instruction") {
    cw::core::Segment clip;
    clip.kind = cw::core::TrackKind::video;
    CHECK(remove_instruction(clip, 2) == "remove clip 2");
    cw::core::Segment music;
    music.kind = cw::core::TrackKind::audio;
    CHECK(remove_instruction(music, 1) == "remove the music");
    CHECK(swap_instruction(2, -1) == "swap clip 1 and 2");
    CHECK(swap_instruction(2, +1) == "swap clip 2 and 3");
    CHECK(duration_instruction(3, 4.0) == "make clip 3 4 seconds long");
    CHECK(duration_instruction(3, 2.46) == "make clip 3 2.5 seconds long");
    CHECK(head_trim_instruction(2, 1.5) == "cut the first 1.5 seconds of clip 2");
    CHECK(head_trim_instruction(1, 2.04) == "cut the first 2 seconds of clip 1");
    CHECK(volume_instruction(40) == "set the volume of the music to 40%");
    CHECK(text_instruction("Summer Sale") == "change the title to 'Summer Sale'");
    CHECK(text_instruction("Tom's café") == "change the title to \"Tom's café\"");
}
