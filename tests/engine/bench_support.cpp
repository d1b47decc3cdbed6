// What the render benchmarks share (see bench_support.hpp).
#include "bench_support.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <regex>

#include "ffmpeg_process.hpp"

namespace cw::server::bench {

namespace {

std::atomic<bool> no_cancel{false};

// Frames are paired by their index, not their timestamps: a GIF's delays are whole centiseconds
// (8, 8, 9 … at 12 fps), so pairing by time would compare every third frame with its neighbour.
std::string numbered_frames(const std::string& graph) {
    return (graph.empty() ? "" : graph + ",") + "format=yuv420p,settb=1/100,setpts=N";
}

double compare(const std::string& candidate, const Reference& reference, const std::string& filter,
               const std::string& result_pattern) {
    std::string log = run_ffmpeg({"-loglevel", "info", "-i", candidate, "-i", reference.source, "-lavfi",
                                  "[1:v]" + numbered_frames(reference.graph) + "[r];[0:v]" +
                                      numbered_frames(reference.candidate_graph) + "[c];[c][r]" + filter,
                                  "-f", "null", "-"});
    std::smatch match;
    return std::regex_search(log, match, std::regex(result_pattern)) ? std::stod(match[1]) : 0.0;
}

}  // namespace

double seconds_of(const std::function<void()>& work) {
    auto start = std::chrono::steady_clock::now();
    work();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string run_ffmpeg(std::vector<std::string> args) {
    std::vector<std::string> argv = {"ffmpeg", "-hide_banner", "-nostdin", "-y"};
    argv.insert(argv.end(), args.begin(), args.end());
    ProcessResult result = run_process(argv, {}, nullptr, no_cancel);
    if (result.exit_code != 0) std::fprintf(stderr, "ffmpeg failed: %s\n", result.error_tail.c_str());
    return result.error_tail;
}

double ssim(const std::string& candidate, const Reference& reference) {
    return compare(candidate, reference, "ssim", "All:([0-9.]+)");
}

double psnr(const std::string& candidate, const Reference& reference) {
    return compare(candidate, reference, "psnr", "average:(inf|[0-9.]+)");
}

AgentResult plan(const std::string& message, const std::vector<MediaInfo>& media) {
    AgentInput input;
    input.draft = nlohmann::json::object();
    input.canvas = {{"width", 1920}, {"height", 1080}, {"fps", 30}};
    input.media = media;
    input.message = message;
    return make_rule_planner()->plan(input);
}

RenderResult render_draft(const nlohmann::json& draft, const nlohmann::json& canvas,
                          const std::map<std::string, MediaInfo>& media, const nlohmann::json& output,
                          const std::string& out) {
    RenderJob job;
    job.draft = draft;
    job.canvas = canvas;
    job.media = media;
    job.options = ExportOptions::from_json(output);
    job.out_path = out;
    job.work_dir = out + ".work";
    RenderResult result = render(job, nullptr, no_cancel);
    if (!result.ok) std::fprintf(stderr, "render failed: %s\n", result.error.c_str());
    return result;
}

}  // namespace cw::server::bench
