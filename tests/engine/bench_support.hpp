// What the render benchmarks share: timing, ffmpeg runs that report rather than throw, frame
// comparisons against a reference, and the planner and renderer driven as the server drives them.
#pragma once
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "agent.hpp"
#include "media_info.hpp"
#include "renderer.hpp"

namespace cw::server::bench {

double seconds_of(const std::function<void()>& work);

// Arguments go after "-y". Returns the tail of ffmpeg's log; a failure is printed and the run goes on.
std::string run_ffmpeg(std::vector<std::string> args);

// Both sides end as yuv420p frames numbered 0, 1, 2 … so that frames pair by index, not timestamp.
struct Reference {
    std::string source;                // the file the reference frames come from
    std::string graph;                 // source → reference frames, e.g. "fps=12,scale=480:270:flags=lanczos"
    std::string candidate_graph = "";  // candidate → the reference's size and rate, when they may differ
};
double ssim(const std::string& candidate, const Reference& reference);  // "All:", 1 is identical
double psnr(const std::string& candidate, const Reference& reference);  // "average:" in dB

// The rule planner on an empty draft and the server's default canvas, as a new session would call it.
AgentResult plan(const std::string& message, const std::vector<MediaInfo>& media);
RenderResult render_draft(const nlohmann::json& draft, const nlohmann::json& canvas,
                          const std::map<std::string, MediaInfo>& media, const nlohmann::json& output,
                          const std::string& out);

}  // namespace cw::server::bench
