// GIF benchmark (not a test): Clipwright's GIF against plain ffmpeg, gifski and gifsicle on three clips
// made here with ffmpeg, by time, bytes and closeness to the same reference frames (SSIM, PSNR).
// gifski comes from npm for the benchmark only: its path is CW_GIFSKI (scripts/bench.sh sets it).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <sstream>

#include "bench_support.hpp"
#include "ffmpeg_process.hpp"
#include "test_media.hpp"

namespace {

using namespace cw::server;
using namespace cw::server::bench;
using nlohmann::json;
namespace fs = std::filesystem;

constexpr int kGifWidth = 480, kGifFps = 15;
constexpr double kLimitShare = 0.45;  // the max_bytes row asks for this share of plain ffmpeg's bytes
constexpr int kMaxGifskiSearchRuns = 7;
const char* const kPhoto = "/usr/share/backgrounds/mate/nature/Garden.jpg";

// [SECTION] Clips

struct Clip {
    std::string title;
    MediaInfo media;
    std::string dir;  // this clip's outputs

    int gif_height() const {
        return std::max(2, static_cast<int>(std::lround(kGifWidth * double(media.height) / media.width / 2)) * 2);
    }
    // Same frames for every tool: the rate, then the scaler the product's render graph uses for GIFs.
    std::string gif_frames() const {
        return "fps=" + std::to_string(kGifFps) + ",scale=" + std::to_string(kGifWidth) + ":" + std::to_string(gif_height()) +
               ":flags=lanczos";
    }
    // A GIF made narrower or slower than asked passes the same rate and scaler to meet the reference.
    Reference reference() const { return {media.path, gif_frames(), gif_frames()}; }
    std::string out(const std::string& name) const { return dir + "/" + name; }
};

MediaInfo video_media(const std::string& id, const std::string& path, int width, int height, int64_t duration_ms) {
    return testing::make_info(id, "video", path, width, height, duration_ms, false);
}

// Sources are kept near lossless, so what the table shows is the GIF's loss, not x264's.
Clip make_clip(const std::string& id, const std::string& title, std::vector<std::string> input, int width, int height,
               int64_t duration_ms) {
    Clip clip{title, {}, testing::scratch_dir() + "/" + id};
    fs::create_directories(clip.dir);
    const std::string path = clip.out(id + ".mp4");
    input.insert(input.end(), {"-t", std::to_string(duration_ms / 1000.0), "-c:v", "libx264", "-preset", "veryfast", "-crf", "12",
                               "-pix_fmt", "yuv420p", path});
    testing::run_ffmpeg(input);
    clip.media = video_media(id, path, width, height, duration_ms);
    return clip;
}

Clip test_pattern_clip() {
    return make_clip("pattern", "testsrc2, 4 s 1280×720 30 fps", {"-f", "lavfi", "-i", "testsrc2=s=1280x720:r=30"}, 1280, 720, 4000);
}

// A flower with soft out-of-focus background: smooth gradients are where GIF palettes band.
Clip photo_pan_clip() {
    return make_clip("photo", "slow pan over mate-backgrounds' Garden.jpg, 4 s 1280×720 30 fps",
                     {"-loop", "1", "-framerate", "30", "-i", kPhoto, "-vf",
                      "scale=1600:-2,crop=1280:720:x='(iw-ow)*t/4':y='(ih-oh)/2',format=yuv420p"},
                     1280, 720, 4000);
}

// pts counts frames here: the zoom reaches end_scale at frame 300, the clip's last.
Clip fractal_zoom_clip() {
    return make_clip("fractal", "mandelbrot zoom (×100), 10 s 640×480 30 fps",
                     {"-f", "lavfi", "-i", "mandelbrot=s=640x480:r=30:end_pts=300:end_scale=0.03"}, 640, 480, 10000);
}

// [SECTION] Rows

struct Row {
    std::string label;
    std::string path;
    double seconds = 0;
    int64_t bytes = 0;
    double ssim = 0, psnr = 0;
    bool failed = false;
};

int64_t bytes_of(const std::string& path) {
    std::error_code error;
    auto size = fs::file_size(path, error);
    return error ? 0 : static_cast<int64_t>(size);
}

Row measured(Row row, const Clip& clip) {
    row.bytes = bytes_of(row.path);
    row.failed = row.failed || row.bytes == 0;
    if (row.failed) return row;
    row.ssim = ssim(row.path, clip.reference());
    row.psnr = psnr(row.path, clip.reference());
    return row;
}

void run_tool(const std::vector<std::string>& argv) {
    std::atomic<bool> never{false};
    ProcessResult result = run_process(argv, {}, nullptr, never);
    if (result.exit_code != 0) std::fprintf(stderr, "%s failed: %s\n", argv[0].c_str(), result.error_tail.c_str());
}

// The studio's own example request. The length is said because the planner keeps only the first
// 5 s of a clip over 6 s (GIFs loop best short), and every row must cover the same frames.
std::string request_for(const Clip& clip) {
    return "convert this clip into a looping GIF with auto-optimized colors, all " + std::to_string(clip.media.duration_ms / 1000) +
           " s";
}

Row clipwright_row(const Clip& clip, const std::string& label, const std::string& file, json output) {
    output.update({{"format", "gif"}, {"width", kGifWidth}, {"fps", kGifFps}});
    AgentResult planned = plan(request_for(clip), {clip.media});
    Row row{label, clip.out(file)};
    RenderResult result;
    row.seconds = seconds_of([&] {
        result = render_draft(planned.draft, planned.canvas, {{clip.media.id, clip.media}}, output, row.path);
    });
    row.failed = !result.ok;
    return measured(row, clip);
}

Row plain_ffmpeg_row(const Clip& clip) {
    Row row{"plain ffmpeg", clip.out("plain.gif")};
    const std::string palette = clip.out("palette.png");
    row.seconds = seconds_of([&] {
        run_ffmpeg({"-loglevel", "error", "-i", clip.media.path, "-vf", clip.gif_frames() + ",palettegen=stats_mode=full", palette});
        run_ffmpeg({"-loglevel", "error", "-i", clip.media.path, "-i", palette, "-lavfi",
                    clip.gif_frames() + "[x];[x][1:v]paletteuse=dither=sierra2_4a", "-loop", "0", row.path});
    });
    return measured(row, clip);
}

Row gifsicle_row(const Clip& clip, const Row& plain) {
    Row row{"gifsicle --lossy=80", clip.out("gifsicle.gif")};
    row.seconds = plain.seconds + seconds_of([&] { run_tool({"gifsicle", "-O3", "--lossy=80", plain.path, "-o", row.path}); });
    return measured(row, clip);
}

// [SECTION] gifski

// gifski reads PNG frames: extracted once per clip, and counted in every gifski row's time.
struct GifskiFrames {
    std::vector<std::string> paths;
    double extraction_seconds = 0;
};

GifskiFrames extract_frames(const Clip& clip) {
    const std::string dir = clip.out("frames");
    fs::create_directories(dir);
    GifskiFrames frames;
    frames.extraction_seconds = seconds_of([&] {
        run_ffmpeg({"-loglevel", "error", "-i", clip.media.path, "-vf", clip.gif_frames(), dir + "/frame%04d.png"});
    });
    for (const auto& entry : fs::directory_iterator(dir)) frames.paths.push_back(entry.path().string());
    std::sort(frames.paths.begin(), frames.paths.end());
    return frames;
}

Row gifski_row(const Clip& clip, const std::string& gifski, const GifskiFrames& frames, int quality, const std::string& label) {
    Row row{label, clip.out("gifski-q" + std::to_string(quality) + ".gif")};
    std::vector<std::string> argv = {gifski, "--quiet", "--fps", std::to_string(kGifFps), "--quality", std::to_string(quality),
                                     "-o", row.path};
    argv.insert(argv.end(), frames.paths.begin(), frames.paths.end());
    row.seconds = frames.extraction_seconds + seconds_of([&] { run_tool(argv); });
    return measured(row, clip);
}

// The largest gifski output within `limit`: bisection on the quality, assuming bytes grow with it.
Row gifski_at_size(const Clip& clip, const std::string& gifski, const GifskiFrames& frames, int64_t limit) {
    int low = 1, high = 100;
    std::optional<Row> best;
    for (int run = 0; run < kMaxGifskiSearchRuns && low <= high; ++run) {
        int quality = (low + high) / 2;
        Row row = gifski_row(clip, gifski, frames, quality, "gifski at size (q" + std::to_string(quality) + ")");
        if (!row.failed && row.bytes <= limit) {
            best = row;
            low = quality + 1;
        } else {
            high = quality - 1;
        }
    }
    if (best) return *best;
    Row none{"gifski at size (none fits)", ""};
    none.failed = true;
    return none;
}

// [SECTION] Table

// On the quality-per-byte front: no other row is at least as small and at least as close, and
// better in one of the two (identical results both stay on the front).
bool on_front(const Row& row, const std::vector<Row>& rows) {
    return std::none_of(rows.begin(), rows.end(), [&](const Row& other) {
        return !other.failed && other.bytes <= row.bytes && other.ssim >= row.ssim &&
               (other.bytes < row.bytes || other.ssim > row.ssim);
    });
}

bool loops(const std::string& path) { return testing::read_file(path).find("NETSCAPE2.0") != std::string::npos; }

double delays_seconds(const std::string& path) {
    CommandResult run = run_command(
        {"ffprobe", "-v", "error", "-select_streams", "v", "-show_entries", "packet=duration_time", "-of", "csv=p=0", path}, 60000);
    std::istringstream lines(run.out);
    double total = 0, delay = 0;
    while (lines >> delay) total += delay;
    return total;
}

void print_table(const Clip& clip, const std::vector<Row>& rows, double plain_bytes) {
    std::printf("%s → GIF %d×%d, %d fps\n", clip.title.c_str(), kGifWidth, clip.gif_height(), kGifFps);
    std::printf("  %-28s %7s %10s %7s %7s %8s\n", "", "time s", "bytes", "×plain", "SSIM", "PSNR dB");
    for (const Row& row : rows) {
        if (row.failed) {
            std::printf("  %-28s failed\n", row.label.c_str());
            continue;
        }
        std::printf("  %-28s %7.2f %10lld %7.2f %7.4f %8.2f %s\n", row.label.c_str(), row.seconds, static_cast<long long>(row.bytes),
                    row.bytes / plain_bytes, row.ssim, row.psnr, on_front(row, rows) ? "*" : "");
    }
}

// A GIF plays at its clip's speed when its delays add up to the clip's length, to 1 cs per second.
void print_playback(const Clip& clip, const std::vector<Row>& rows) {
    const double length = clip.media.duration_ms / 1000.0, tolerance = 0.01 * length;
    std::printf("  loops, and delays against %.2f s:\n", length);
    for (const Row& row : rows) {
        if (row.failed) continue;
        double delays = delays_seconds(row.path);
        std::printf("    %-28s %-8s %6.2f s %s\n", row.label.c_str(), loops(row.path) ? "loops" : "ONCE", delays,
                    std::abs(delays - length) <= tolerance ? "ok" : "WRONG LENGTH");
    }
}

// At a gifski row's SSIM, Clipwright's GIF is at most that row's bytes exactly when, asked for those
// bytes as its limit, it is at least as close to the source.
Row at_bytes_of(const Clip& clip, const Row& gifski, const std::string& name) {
    return clipwright_row(clip, "clipwright at " + name + " bytes", "at-" + name + ".gif", {{"max_bytes", gifski.bytes}});
}

void print_against(const Row& ours, const Row& gifski) {
    if (ours.failed || gifski.failed) return;
    std::printf("  at %s's bytes: SSIM %.4f against %.4f, %s\n", gifski.label.c_str(), ours.ssim, gifski.ssim,
                ours.ssim >= gifski.ssim ? "at most gifski's size at its SSIM" : "SHORT of gifski");
}

// Wall time against the gifski row a Clipwright row is compared with, as a ratio: the bound is 1.5×.
void print_time_against(const Row& ours, const Row& gifski) {
    if (ours.failed || gifski.failed) return;
    std::printf("  time of %s: %.2f× %s's\n", ours.label.c_str(), ours.seconds / gifski.seconds, gifski.label.c_str());
}

void bench_clip(const Clip& clip, const std::string& gifski) {
    Row plain = plain_ffmpeg_row(clip);
    const auto limit = static_cast<int64_t>(plain.bytes * kLimitShare);
    Row ours = clipwright_row(clip, "clipwright default", "default.gif", json::object());
    Row limited = clipwright_row(clip, "clipwright max_bytes", "max_bytes.gif", {{"max_bytes", limit}});
    GifskiFrames frames = extract_frames(clip);
    const Row q90 = gifski_row(clip, gifski, frames, 90, "gifski q90");
    const Row q70 = gifski_row(clip, gifski, frames, 70, "gifski q70");
    const Row ours_at_q90 = at_bytes_of(clip, q90, "q90's"), ours_at_q70 = at_bytes_of(clip, q70, "q70's");
    const Row at_size = gifski_at_size(clip, gifski, frames, limited.failed ? limit : limited.bytes);
    std::vector<Row> rows = {ours, limited, ours_at_q90, ours_at_q70, plain, q90, q70, at_size, gifsicle_row(clip, plain)};
    print_table(clip, rows, static_cast<double>(plain.bytes));
    print_against(ours_at_q90, q90);
    print_against(ours_at_q70, q70);
    print_time_against(ours, q90);
    print_time_against(limited, at_size);
    print_time_against(ours_at_q90, q90);
    print_time_against(ours_at_q70, q70);
    print_playback(clip, rows);
}

}  // namespace

int main() {
    const char* gifski = std::getenv("CW_GIFSKI");
    if (!gifski || !fs::exists(gifski)) {
        std::fprintf(stderr, "set CW_GIFSKI to gifski 1.7.1 (scripts/bench.sh installs it into tests/bench/node_modules)\n");
        return 1;
    }
    std::printf("max_bytes asks for %.0f %% of plain ffmpeg's bytes; gifski at size is the largest within that row's bytes.\n"
                "* marks the quality-per-byte front (SSIM against bytes); gifski and gifsicle times include their inputs.\n"
                "A GIF made narrower or slower than asked is compared scaled back to the reference's size and rate.\n\n",
                kLimitShare * 100);
    for (const auto& make : {test_pattern_clip, photo_pan_clip, fractal_zoom_clip}) {
        bench_clip(make(), gifski);
        std::printf("\n");
    }
    return 0;
}
