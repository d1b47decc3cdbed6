// Render benchmark (not a test): times each workflow through the planner and renderer, and compares
// the GIF and the photo video against plain hand-written ffmpeg commands (time, size, SSIM).
#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "bench_support.hpp"
#include "test_media.hpp"

namespace {

using namespace cw::server;
using namespace cw::server::bench;
using nlohmann::json;
namespace fs = std::filesystem;

AgentResult plan(const std::string& message, const std::vector<std::string>& ids) {
    return bench::plan(message, testing::test_media_list(ids));
}

RenderResult render_draft(const json& draft, const json& canvas, const json& output, const std::string& out) {
    return bench::render_draft(draft, canvas, testing::test_media(), output, out);
}

void bench_gif() {
    const std::string dir = testing::scratch_dir(), clip = testing::test_media().at("clip").path;
    AgentResult planned = plan("convert this clip into a looping GIF with auto-optimized colors", {"clip"});
    RenderResult ours;
    double ours_s = seconds_of([&] { ours = render_draft(planned.draft, planned.canvas, {{"format", "gif"}}, dir + "/ours.gif"); });
    const std::string scale = "fps=12,scale=480:-1:flags=lanczos";
    double plain_s = seconds_of([&] {
        run_ffmpeg({"-loglevel", "error", "-i", clip, "-vf", scale + ",palettegen", dir + "/palette.png"});
        run_ffmpeg({"-loglevel", "error", "-i", clip, "-i", dir + "/palette.png", "-lavfi", scale + "[x];[x][1:v]paletteuse",
                    "-loop", "0", dir + "/plain.gif"});
    });
    auto plain_size = static_cast<double>(fs::file_size(dir + "/plain.gif"));
    const Reference reference{clip, "fps=12,scale=480:270:flags=lanczos"};
    double ours_ssim = ssim(dir + "/ours.gif", reference), plain_ssim = ssim(dir + "/plain.gif", reference);
    std::printf("GIF (4 s 720p clip → 480 px, 12 fps)\n");
    std::printf("  ours   %.2f s  %8.0f bytes  SSIM %.4f\n", ours_s, double(ours.size), ours_ssim);
    std::printf("  plain  %.2f s  %8.0f bytes  SSIM %.4f   (two-pass palettegen + paletteuse)\n", plain_s, plain_size, plain_ssim);
    std::printf("  ratio  time %.2f×  size %.2f×  SSIM %.4f×\n", ours_s / plain_s, ours.size / plain_size, ours_ssim / plain_ssim);
}

// The same five photos, 30 s, Ken Burns and crossfades, written by hand as one ffmpeg command.
double hand_written_slideshow(const json& segments, const std::string& out) {
    std::vector<std::string> args = {"-loglevel", "error"};
    std::string graph, last = "";
    int64_t accumulated = 0;
    for (size_t i = 0; i < segments.size(); ++i) {
        const json& segment = segments[i];
        int frames = static_cast<int>(segment["d"].get<int64_t>() * 30 / 1000);
        args.insert(args.end(), {"-i", testing::test_media().at(segment["m"]["src"]).path});
        std::string zoom = i % 2 == 0 ? "1+0.15*on/" + std::to_string(frames - 1) : "1.15-0.15*on/" + std::to_string(frames - 1);
        graph += "[" + std::to_string(i) + ":v]scale=1920:1080:force_original_aspect_ratio=decrease,pad=1920:1080:(ow-iw)/2:(oh-ih)/2,"
                 "format=yuv420p,zoompan=z='" + zoom + "':x='(iw-iw/zoom)/2':y='(ih-ih/zoom)/2':d=" + std::to_string(frames) +
                 ":s=1920x1080:fps=30,setsar=1[s" + std::to_string(i) + "];";
        if (i == 0) {
            last = "s0";
        } else {
            int64_t overlap = segment["m"]["transition"]["d"].get<int64_t>();
            char step[160];
            std::snprintf(step, sizeof step, "[%s][s%zu]xfade=transition=fade:duration=%.3f:offset=%.3f[x%zu];", last.c_str(), i,
                          overlap / 1000.0, (accumulated - overlap) / 1000.0, i);
            graph += step;
            last = "x" + std::to_string(i);
            accumulated -= overlap;
        }
        accumulated += segment["d"].get<int64_t>();
    }
    graph += "[" + last + "]format=yuv420p[v]";
    args.insert(args.end(), {"-f", "lavfi", "-i", "anullsrc=r=48000:cl=stereo", "-filter_complex", graph, "-map", "[v]", "-map",
                             std::to_string(segments.size()) + ":a", "-c:v", "libx264", "-preset", "veryfast", "-crf", "20",
                             "-pix_fmt", "yuv420p", "-c:a", "aac", "-movflags", "+faststart", "-t", "30", out});
    return seconds_of([&] { run_ffmpeg(args); });
}

void bench_slideshow() {
    const std::string dir = testing::scratch_dir();
    std::vector<std::string> photos = {"img1", "img2", "img3", "img4", "img5"};
    AgentResult planned = plan("turn these images into a smooth 30-second video with transitions", photos);
    json padded = planned.draft;
    padded["m"]["fit"] = "pad";
    // Alternating and keeping the best of each: a busy moment on the 2-core machine would otherwise
    // land on one side only and move the ratio by 20 %.
    constexpr int kRounds = 2;
    double ours_s = 1e9, hand_s = 1e9;
    for (int round = 0; round < kRounds; ++round) {
        ours_s = std::min(ours_s, seconds_of([&] { render_draft(padded, planned.canvas, {{"format", "mp4"}}, dir + "/ours.mp4"); }));
        hand_s = std::min(hand_s, hand_written_slideshow(padded["t"][0]["sg"], dir + "/hand.mp4"));
    }
    double blur_s = seconds_of([&] { render_draft(planned.draft, planned.canvas, {{"format", "mp4"}}, dir + "/blur.mp4"); });
    std::printf("Photos → 30 s 1080p MP4 (5 photos, Ken Burns, crossfades), best of %d, run alternately\n", kRounds);
    std::printf("  ours (pad fit)    %.2f s\n  hand-written      %.2f s\n  ratio             %.2f×\n", ours_s, hand_s, ours_s / hand_s);
    std::printf("  ours (blur fit, as planned)  %.2f s\n", blur_s);
}

void bench_workflow(const std::string& label, const std::string& message, const std::vector<std::string>& ids, const json& output,
                    const std::string& name) {
    AgentResult planned = plan(message, ids);
    RenderResult result;
    double s = seconds_of([&] { result = render_draft(planned.draft, planned.canvas, output, testing::scratch_dir() + "/" + name); });
    std::printf("%-46s %.2f s  %9lld bytes\n", label.c_str(), s, static_cast<long long>(result.size));
}

}  // namespace

int main() {
    testing::test_media();
    bench_gif();
    bench_slideshow();
    std::printf("Other workflows\n");
    bench_workflow("  30 s promo + built-in music, 1080p MP4", "turn these images into a 30-second promo video with background music",
                   {"img1", "img2", "img3", "img4", "img5"}, {{"format", "mp4"}}, "promo.mp4");
    bench_workflow("  clip + title, 9:16 blur, 1080×1920 MP4", "make it 9:16, add title 'Urban Dreams' for the first 3 seconds",
                   {"clip"}, {{"format", "mp4"}}, "portrait.mp4");
    bench_workflow("  photos → 15 s WebM 720p", "turn these images into a 15 second video, 720p", {"img1", "img2", "img3"},
                   {{"format", "webm"}}, "photos.webm");
    return 0;
}
