// Frame CPU time of the studio, natively and headless, with the heavy project of the browser
// benchmark (2,000 segments on 12 tracks, 5,000 messages) while the wheel zooms and scrolls the
// timeline and scrolls the chat. The reference the page's figure is compared with; also the
// program to profile (perf, callgrind) when frames get slower. Prints figures; asserts nothing.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
// The test support library checks with doctest; its implementation, without doctest's main.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "ui_harness.hpp"

namespace {

nlohmann::json heavy_fixture(int tracks = 12, int segments = 2000, int messages = 5000) {
    const int types[] = {0, 0, 0, 0, 1, 1, 1, 1, 7, 7, 7, 7};
    const int per_track = (segments + tracks - 1) / tracks;
    nlohmann::json t = nlohmann::json::array();
    for (int i = 0; i < tracks; ++i) {
        const int type = types[i % 12];
        nlohmann::json sg = nlohmann::json::array();
        for (int j = 0; j < per_track; ++j) {
            nlohmann::json m = type == 7 ? nlohmann::json{{"text", "Caption " + std::to_string(j)}}
                                         : nlohmann::json{{"name", "clip_" + std::to_string(i) + "_" + std::to_string(j) + ".mp4"},
                                                          {"volume", 0.8}};
            sg.push_back({{"id", "s" + std::to_string(i) + "_" + std::to_string(j)},
                          {"st", j * 2000 + (i % 3) * 250},
                          {"d", 1500 + (j % 5) * 100},
                          {"m", m}});
        }
        t.push_back({{"tt", type}, {"sg", sg}});
    }
    nlohmann::json lines = nlohmann::json::array();
    for (int i = 0; i < messages; ++i) {
        const std::string n = std::to_string(i);
        lines.push_back(i % 2 ? nlohmann::json{{"role", "agent"},
                                               {"text", "Done: added title \"Scene " + n + "\" from " + std::to_string(i % 60) +
                                                            " s to " + std::to_string(i % 60 + 3) + " s, music volume " +
                                                            std::to_string(i % 100) +
                                                            "%, and moved the second clip after the third so the cut lands on the beat."}}
                              : nlohmann::json{{"role", "user"}, {"text", "make scene " + n + " brighter and add a title"}});
    }
    nlohmann::json state;
    state["draft"]["t"] = t;
    state["canvas_config"] = {{"width", 1920}, {"height", 1080}, {"fps", 30}};
    nlohmann::json fixture;
    fixture["data"]["state"] = state;
    fixture["messages"] = lines;
    return fixture;
}

struct Step {
    const char* widget;
    float wheel;
    bool shift;
};

// The browser benchmark's gestures: zoom in and scroll right, back out and left, then the chat.
std::vector<Step> gestures() {
    std::vector<Step> steps;
    for (int i = 0; i < 15; ++i) steps.push_back({"timeline.canvas", 1.2f, false}), steps.push_back({"timeline.canvas", -1.2f, true});
    for (int i = 0; i < 15; ++i) steps.push_back({"timeline.canvas", -1.2f, false}), steps.push_back({"timeline.canvas", 1.2f, true});
    for (int i = 0; i < 30; ++i) steps.push_back({"chat", i < 15 ? 4.0f : -4.0f, false});
    return steps;
}

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

}  // namespace

int main(int argc, char** argv) {
    const int rounds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
    doctest::Context checks;
    checks.setAsDefaultForAssertsOutOfTestCases();
    cw::test::ServerProcess server;
    cw::test::HeadlessStudio studio(server);
    studio.wait_online();
    // Past the first state fetch, which would replace the fixture's draft.
    studio.run_until([&] { return studio.app().model().credits.known; }, 20, "the first state");
    studio.app().load_fixture(heavy_fixture());
    for (int i = 0; i < 3; ++i) studio.frame();
    const cw::app::Rect* timeline = studio.app().rects().find("timeline.canvas");
    const ImVec2 timeline_centre = timeline->center();
    const nlohmann::json chat = studio.app().snapshot()["panels"]["chat"];
    const ImVec2 chat_centre(chat[0].get<float>() + chat[2].get<float>() / 2, chat[1].get<float>() + chat[3].get<float>() / 2);
    std::vector<double> frame_ms;
    ImGuiIO& io = ImGui::GetIO();
    for (int round = 0; round < rounds; ++round) {
        for (const Step& step : gestures()) {
            io.MousePos = std::string(step.widget) == "chat" ? chat_centre : timeline_centre;
            io.KeyShift = step.shift;
            io.MouseWheel = step.wheel;
            for (int f = 0; f < 3; ++f) {  // the page draws three frames after an input event
                const auto start = std::chrono::steady_clock::now();
                studio.frame();
                frame_ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
            }
            io.KeyShift = false;
        }
    }
    const ImDrawData& draw = *ImGui::GetDrawData();
    std::printf("heavy UI natively (%zu segments, %zu messages), scrolling and zooming: frame CPU median %.2f ms, "
                "p95 %.2f ms over %zu frames; %d vertices in the last frame\n",
                studio.app().model().draft.segment_count, studio.app().model().messages.size(), percentile(frame_ms, 0.5),
                percentile(frame_ms, 0.95), frame_ms.size(), draw.TotalVtxCount);
    return 0;
}
