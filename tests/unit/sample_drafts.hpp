// Drafts shared by the draft, diff, layout and client tests.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

namespace cw::test {

// The contract's summary example as a draft.
inline nlohmann::json urban_dreams_draft() {
    return nlohmann::json::parse(R"({
      "t": [
        {"tt": 0, "sg": [{"id": "v1", "st": 0, "d": 10000, "m": {"src": "media_1", "name": "city timelapse.mp4", "in": 0}}]},
        {"tt": 1, "sg": [{"id": "a1", "st": 0, "d": 10000, "m": {"src": "media_2", "name": "Lo-fi", "volume": 0.35}}]},
        {"tt": 7, "sg": [{"id": "x1", "st": 0, "d": 3000, "m": {"text": "Urban Dreams"}}]}
      ]
    })");
}

// `count` back-to-back one-second clips on one video track, without `st`.
inline nlohmann::json long_draft(std::size_t count) {
    nlohmann::json segments = nlohmann::json::array();
    for (std::size_t i = 0; i < count; ++i)
        segments.push_back({{"id", "s" + std::to_string(i)}, {"d", 1000}, {"m", {{"src", "media_1"}, {"name", "clip"}}}});
    return {{"t", nlohmann::json::array({{{"tt", 0}, {"sg", segments}}})}};
}

}  // namespace cw::test
