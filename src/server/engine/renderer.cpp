// Runs one render job: writes the overlay text files, runs ffmpeg once (a GIF's frames go through
// the GIF encoder and gifsicle; one over a byte limit is made smaller), reports progress
// monotonically and moves the result into place atomically.
#include "renderer.hpp"

#include <stdlib.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <vector>

#include "ffmpeg_process.hpp"
#include "gif_encoder.hpp"
#include "render_graph.hpp"

namespace cw::server {

namespace fs = std::filesystem;

namespace {

constexpr int kMaxGifAttempts = 12;
constexpr int kMinGifWidth = 120;
// ffmpeg's own last line ("Conversion failed!") would not tell the user what to do.
const char* const kDiskFull = "the disk is full: the render stopped and nothing was kept; free some space and export again";

// Owns a scratch folder when the job did not bring one.
class WorkDir {
public:
    explicit WorkDir(const std::string& requested) {
        if (!requested.empty()) {
            std::error_code error;
            fs::create_directories(requested, error);
            path_ = fs::absolute(requested).string();
            return;
        }
        std::string pattern = (fs::temp_directory_path() / "clipwright-render-XXXXXX").string();
        if (::mkdtemp(pattern.data())) {
            path_ = pattern;
            owned_ = true;
        }
    }
    ~WorkDir() {
        std::error_code error;
        if (owned_) fs::remove_all(path_, error);
    }
    WorkDir(const WorkDir&) = delete;
    WorkDir& operator=(const WorkDir&) = delete;
    const std::string& path() const { return path_; }

private:
    std::string path_;
    bool owned_ = false;
};

class MonotonicProgress {
public:
    explicit MonotonicProgress(const std::function<void(double)>& sink) : sink_(sink) {}
    void report(double value) {
        value = std::clamp(value, 0.0, 1.0);
        if (value <= last_ + 1e-4 && !(value == 1.0 && last_ < 1.0)) return;
        last_ = value;
        if (sink_) sink_(value);
    }
    double last() const { return last_; }

private:
    const std::function<void(double)>& sink_;
    double last_ = -1.0;
};

bool write_files(const std::string& dir, const std::vector<std::pair<std::string, std::string>>& files) {
    for (const auto& [name, content] : files) {
        std::ofstream out(fs::path(dir) / name, std::ios::binary | std::ios::trunc);
        out << content;
        if (!out) return false;
    }
    return true;
}

std::string first_line(const std::string& text) {
    std::string trimmed = text.substr(0, text.find_last_not_of(" \n\r") + 1);
    size_t start = trimmed.rfind('\n');
    return start == std::string::npos ? trimmed : trimmed.substr(start + 1);
}

RenderResult failure(const std::string& reason) {
    RenderResult result;
    result.error = reason;
    return result;
}

// The next smaller GIF. Coarser palettes first: measured on a photo pan, quality 60 without lossy
// compression gave SSIM 0.945 where quality 90 with gifsicle's --lossy=80 gave 0.87 at the same size;
// without dithering, palettes still win on a test pattern and a fractal zoom. They reuse the frames
// already rendered. Then lossy LZW on the coarsest palette (gifsicle alone), and a narrower picture
// only once both are used up. The frame rate is the user's to lower.
enum class Shrink { none, recompress, requantize, rerender };

// Palette qualities with their bytes as a share of quality 90's, typical of a test pattern and a
// photo pan (measured); then gifsicle's lossy levels, on the coarsest palette.
struct Palette {
    int quality;
    double typical;
};
constexpr Palette kPalettes[] = {{90, 1.0}, {75, 0.69}, {60, 0.59}, {45, 0.53}, {30, 0.49}, {20, 0.46}, {10, 0.43}};
constexpr int kLossy[] = {40, 80, 140, 200, 300, 400};

// The next step down. A new palette costs a pass over every frame, so a palette that the table says
// will miss the limit, with a little room, is skipped (the coarsest is always tried). Lossy levels
// only recompress, and are taken one at a time, so the GIF never goes further down than it must;
// neither does content that shrinks unlike the table (a fractal's noise).
bool next_step(OutputSpec& spec, int64_t size, int64_t limit) {
    const Palette& coarsest = kPalettes[std::size(kPalettes) - 1];
    if (spec.gif_quality <= coarsest.quality) {
        const int* stronger = std::find_if(std::begin(kLossy), std::end(kLossy), [&](int lossy) { return lossy > spec.gif_lossy; });
        if (stronger == std::end(kLossy)) return false;
        spec.gif_lossy = *stronger;
        return true;
    }
    double now = 1.0;
    for (const Palette& palette : kPalettes)
        if (palette.quality == spec.gif_quality) now = palette.typical;
    for (const Palette& palette : kPalettes) {
        if (palette.quality >= spec.gif_quality) continue;
        const bool fits = static_cast<double>(size) * palette.typical / now <= 0.97 * static_cast<double>(limit);
        if (fits || &palette == &coarsest) {
            spec.gif_quality = palette.quality;
            return true;
        }
    }
    return false;
}

Shrink shrink_gif(OutputSpec& spec, int64_t size, int64_t limit) {
    const int quality = spec.gif_quality;
    if (next_step(spec, size, limit)) return spec.gif_quality != quality ? Shrink::requantize : Shrink::recompress;
    if (spec.width <= kMinGifWidth) return Shrink::none;
    const double ratio = static_cast<double>(limit) / static_cast<double>(size);
    const double scale = std::clamp(std::sqrt(ratio) * 0.95, 0.5, 0.95);
    const int width = std::max(kMinGifWidth, static_cast<int>(spec.width * scale) / 2 * 2);
    spec.height = std::max(2, static_cast<int>(std::lround(spec.height * double(width) / spec.width / 2.0)) * 2);
    spec.width = width;
    return Shrink::rerender;
}

// Raw RGBA frames from ffmpeg's output, cut into whole frames for the encoder, and kept in a file
// when a size limit may ask for other palettes of the same frames.
class FrameFeed {
public:
    FrameFeed(GifEncoder& encoder, std::size_t frame_bytes, std::ofstream* keep)
        : encoder_(encoder), frame_bytes_(frame_bytes), keep_(keep) {}
    bool take(const char* data, std::size_t size) {
        if (keep_) keep_->write(data, static_cast<std::streamsize>(size));
        while (size > 0) {
            const std::size_t part = std::min(size, frame_bytes_ - frame_.size());
            frame_.insert(frame_.end(), data, data + part);
            data += part, size -= part;
            if (frame_.size() < frame_bytes_) break;
            if (!encoder_.add_frame(frame_.data())) return false;
            frame_.clear();
        }
        return true;
    }

private:
    GifEncoder& encoder_;
    std::size_t frame_bytes_;
    std::ofstream* keep_;
    std::vector<uint8_t> frame_;
};

// The contract's dither names as diffusion strengths. Without a choice there is none: measured on
// a test pattern, a photo pan and a fractal zoom, dithering cost bytes and SSIM at every quality.
float dither_level(const std::string& dither) {
    if (dither == "sierra2_4a" || dither == "floyd_steinberg") return 1.0f;
    if (dither == "bayer") return 0.5f;
    return 0.0f;
}

struct Attempt {
    std::string error;  // empty: the output was written
};

GifSettings gif_settings(const OutputSpec& spec) {
    return {spec.width, spec.height, spec.fps, spec.gif_quality, spec.colors, dither_level(spec.dither)};
}

Attempt finished(GifEncoder& encoder) {
    if (encoder.frames() == 0) return {"the GIF has no frames"};
    if (!encoder.finish()) return {encoder.error()};
    return {};
}

// Runs the plan's ffmpeg; a GIF's frames go through the encoder into `gif_path`, and into
// `kept_frames` when that is not empty.
Attempt run_plan(const FfmpegPlan& plan, const OutputSpec& spec, const std::string& dir, const std::string& gif_path,
                 const std::string& kept_frames, const std::function<void(int64_t)>& on_time, const std::atomic<bool>& cancel) {
    std::unique_ptr<GifEncoder> encoder;
    std::unique_ptr<FrameFeed> feed;
    std::ofstream keep;
    OutputSink sink;
    if (spec.format == "gif") {
        if (!kept_frames.empty()) keep.open(kept_frames, std::ios::binary | std::ios::trunc);
        encoder = std::make_unique<GifEncoder>(gif_path, gif_settings(spec));
        feed = std::make_unique<FrameFeed>(*encoder, static_cast<std::size_t>(spec.width) * spec.height * 4,
                                           keep.is_open() ? &keep : nullptr);
        sink = [&](const char* data, size_t size) { return feed->take(data, size); };
    }
    ProcessResult run = run_process(plan.argv, dir, on_time, cancel, sink);
    if (run.cancelled) return {"cancelled"};
    if (!run.started) return {"ffmpeg could not be started: " + run.error_tail};
    if (encoder && !encoder->error().empty()) return {encoder->error()};
    if (run.exit_code != 0) {
        if (run.error_tail.find("No space left on device") != std::string::npos) return {kDiskFull};
        return {"ffmpeg failed (exit " + std::to_string(run.exit_code) + "): " + first_line(run.error_tail)};
    }
    if (keep.is_open() && !keep.flush()) return {kDiskFull};
    return encoder ? finished(*encoder) : Attempt{};
}

// The frames a first pass kept, with other palettes: no new render.
Attempt requantize(const std::string& kept_frames, const OutputSpec& spec, const std::string& gif_path,
                   const std::atomic<bool>& cancel) {
    std::ifstream frames(kept_frames, std::ios::binary);
    GifEncoder encoder(gif_path, gif_settings(spec));
    std::vector<uint8_t> frame(static_cast<std::size_t>(spec.width) * spec.height * 4);
    while (frames.read(reinterpret_cast<char*>(frame.data()), static_cast<std::streamsize>(frame.size()))) {
        if (cancel.load()) return {"cancelled"};
        if (!encoder.add_frame(frame.data())) return {encoder.error()};
    }
    return finished(encoder);
}

// gifsicle's optimiser, lossy at `lossy` > 0. Without gifsicle the encoder's own file is kept.
void compress_gif(const std::string& from, const std::string& to, int lossy, const std::atomic<bool>& cancel) {
    std::vector<std::string> argv = {"gifsicle", "--no-warnings", "-O2"};
    if (lossy > 0) argv.push_back("--lossy=" + std::to_string(lossy));
    argv.insert(argv.end(), {from, "-o", to});
    std::error_code error;
    if (run_process(argv, {}, nullptr, cancel).exit_code != 0 || fs::file_size(to, error) == 0 || error)
        fs::copy_file(from, to, fs::copy_options::overwrite_existing, error);
}

}  // namespace

RenderResult render(const RenderJob& job, const std::function<void(double)>& progress, const std::atomic<bool>& cancel) {
    if (job.out_path.empty()) return failure("no output path");
    OutputSpec spec = resolve_output_spec(job);
    WorkDir work_dir(job.work_dir);
    if (work_dir.path().empty()) return failure("cannot create a scratch folder for the render");
    std::string final_path = fs::absolute(job.out_path).string();
    std::string temp_path = final_path + ".part";
    const std::string frames_gif = (fs::path(work_dir.path()) / "frames.gif").string();
    const std::string frames_rgba = (fs::path(work_dir.path()) / "frames.rgba").string();
    std::error_code error;
    fs::create_directories(fs::path(final_path).parent_path(), error);

    MonotonicProgress reporter(progress);
    reporter.report(0.0);
    const bool gif = spec.format == "gif";
    const bool limited = gif && job.options.max_bytes > 0;
    int64_t size = 0;
    Shrink next = Shrink::rerender;
    for (int attempt = 0; attempt < kMaxGifAttempts && next != Shrink::none; ++attempt) {
        Attempt run;
        if (next == Shrink::requantize) run = requantize(frames_rgba, spec, frames_gif, cancel);
        if (next == Shrink::rerender) {
            FfmpegPlan plan;
            try {
                plan = build_ffmpeg_plan(job, spec, gif ? "pipe:1" : temp_path);
            } catch (const std::invalid_argument& bad) {
                return failure(bad.what());
            }
            if (!write_files(work_dir.path(), plan.files)) return failure("cannot write the render's scratch files");
            // The first pass gets most of the bar; each re-encode for a byte limit gets half of what is left.
            double low = attempt == 0 ? 0.0 : reporter.last();
            double span = attempt == 0 ? (limited ? 0.8 : 0.97) : (0.97 - low) / 2;
            double total_ms = static_cast<double>(std::max<int64_t>(1, plan.duration_ms));
            run = run_plan(plan, spec, work_dir.path(), frames_gif, limited ? frames_rgba : std::string(),
                           [&](int64_t out_ms) { reporter.report(low + span * std::min(1.0, out_ms / total_ms)); }, cancel);
        }
        if (!run.error.empty()) {
            fs::remove(temp_path, error);
            return failure(run.error);
        }
        if (gif) compress_gif(frames_gif, temp_path, spec.gif_lossy, cancel);
        if (cancel.load()) {
            fs::remove(temp_path, error);
            return failure("cancelled");
        }
        size = static_cast<int64_t>(fs::file_size(temp_path, error));
        if (error) return failure("ffmpeg wrote no output");
        if (!limited || size <= job.options.max_bytes) break;
        next = shrink_gif(spec, size, job.options.max_bytes);
    }
    if (limited && size > job.options.max_bytes) {
        fs::remove(temp_path, error);
        return failure("The GIF cannot be made smaller than " + std::to_string(size) + " bytes (limit " +
                       std::to_string(job.options.max_bytes) + "); trim the clip or allow a larger file.");
    }
    fs::rename(temp_path, final_path, error);
    if (error) return failure("cannot move the render into place: " + error.message());
    reporter.report(1.0);
    RenderResult result;
    result.ok = true;
    result.size = size;
    return result;
}

}  // namespace cw::server
