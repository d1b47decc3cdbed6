// Runs one render job: writes the overlay text files, runs ffmpeg once (a GIF's frames go through
// the GIF encoder and gifsicle; one over a byte limit is made smaller), reports progress
// monotonically and moves the result into place atomically.
#include "renderer.hpp"

#include <stdlib.h>

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <iterator>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

#include "ffmpeg_process.hpp"
#include "gif_encoder.hpp"
#include "gif_ladder.hpp"
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

// How much of the first pass's frames are kept so far, for palettes made from them alongside it.
class KeptSoFar {
public:
    void add(std::size_t bytes) {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            bytes_ += bytes;
        }
        changed_.notify_all();
    }
    void end() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            ended_ = true;
        }
        changed_.notify_all();
    }
    // Waits until `bytes` are kept: false when the pass ended short of them.
    bool wait_for(std::size_t bytes) {
        std::unique_lock<std::mutex> lock(mutex_);
        changed_.wait(lock, [&] { return bytes_ >= bytes || ended_; });
        return bytes_ >= bytes;
    }

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::size_t bytes_ = 0;
    bool ended_ = false;
};

class RungsAlongside;

// Raw RGBA frames from ffmpeg's output, cut into whole frames for the encoder, and kept in a file
// when a size limit may ask for other palettes of the same frames. Once the first frames forecast
// the pass over its limit, palettes start from the kept frames alongside it; once they forecast it
// far over, it stops encoding there, and only keeps the frames.
class FrameFeed {
public:
    FrameFeed(GifEncoder& encoder, std::size_t frame_bytes, std::ofstream* keep, std::optional<GifFirstPassForecast> forecast,
              RungsAlongside* alongside)
        : encoder_(encoder), frame_bytes_(frame_bytes), keep_(keep), forecast_(forecast), alongside_(alongside) {}
    ~FrameFeed();
    FrameFeed(const FrameFeed&) = delete;
    FrameFeed& operator=(const FrameFeed&) = delete;

    bool take(const char* data, std::size_t size) {
        keep(data, size);
        if (stopped_) return true;
        while (size > 0) {
            const std::size_t part = std::min(size, frame_bytes_ - frame_.size());
            frame_.insert(frame_.end(), data, data + part);
            data += part, size -= part;
            if (frame_.size() < frame_bytes_) break;
            if (!encoder_.add_frame(frame_.data())) return false;
            frame_.clear();
            if (forecast_ && judge() == FirstPassOutlook::far_over) {
                stopped_ = true;
                break;
            }
        }
        return true;
    }
    // The whole pass's forecast bytes once it stopped early, else 0.
    int64_t forecast_when_stopped() const { return stopped_ ? forecast_->bytes() : 0; }

private:
    void keep(const char* data, std::size_t size);
    FirstPassOutlook judge();

    GifEncoder& encoder_;
    std::size_t frame_bytes_;
    std::ofstream* keep_;
    std::optional<GifFirstPassForecast> forecast_;
    RungsAlongside* alongside_;
    std::vector<uint8_t> frame_;
    bool stopped_ = false;
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
    int64_t forecast_bytes = 0;  // a first pass that stopped early: its GIF's forecast size, and no GIF
};

// How hard the encoder and gifsicle work on a GIF. One without a size limit is made once, so it
// gets libimagequant's closer palettes (speed 6 of 10) and gifsicle's -O3: measured on a test
// pattern, 2 % fewer bytes at a higher SSIM for 1.3× the time, which keeps it within gifski's time.
// A size limit's ladder makes many passes, so each takes speed 7, which the limited time needs
// (speed 6 doubled it on a photo pan), and gifsicle only where it decides the size: see
// finish_pass.
enum class GifEffort { once, ladder };

GifSettings gif_settings(const OutputSpec& spec, GifEffort effort) {
    return {spec.width, spec.height, spec.fps, spec.gif_quality, spec.colors, dither_level(spec.dither),
            effort == GifEffort::once ? 6 : 7};
}

Attempt finished(GifEncoder& encoder) {
    if (encoder.frames() == 0) return {"the GIF has no frames"};
    if (!encoder.finish()) return {encoder.error()};
    return {};
}

// Where a GIF pass's frames go: the encoder's file, and the kept frames when not empty, with the
// forecast of a size limit's first pass and the palettes made alongside it.
struct GifPassOutput {
    std::string gif_path, kept_frames;
    std::optional<GifFirstPassForecast> forecast;
    RungsAlongside* alongside = nullptr;
};

// Runs the plan's ffmpeg; a GIF's frames go through the encoder into `gif_path`, and into
// `kept_frames` when that is not empty.
Attempt run_plan(const FfmpegPlan& plan, const OutputSpec& spec, GifEffort effort, const std::string& dir,
                 const GifPassOutput& output, const std::function<void(int64_t)>& on_time, const std::atomic<bool>& cancel) {
    std::unique_ptr<GifEncoder> encoder;
    std::unique_ptr<FrameFeed> feed;
    std::ofstream keep;
    OutputSink sink;
    if (spec.format == "gif") {
        if (!output.kept_frames.empty()) keep.open(output.kept_frames, std::ios::binary | std::ios::trunc);
        encoder = std::make_unique<GifEncoder>(output.gif_path, gif_settings(spec, effort));
        feed = std::make_unique<FrameFeed>(*encoder, static_cast<std::size_t>(spec.width) * spec.height * 4,
                                           keep.is_open() ? &keep : nullptr, output.forecast, output.alongside);
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
    if (feed && feed->forecast_when_stopped()) return {{}, feed->forecast_when_stopped()};
    return encoder ? finished(*encoder) : Attempt{};
}

// Fills its argument with the next whole frame; false once there is none.
using FrameSource = std::function<bool(std::vector<uint8_t>&)>;

// A palette richer than the first pass's is the one more pass a limit with room makes, so it gets the
// care of a GIF made once: at speed 7, a test pattern's quality 98 lost 0.0002 SSIM (0.99539 against
// 0.99561).
GifEffort effort_at(int quality) {
    return quality > gif_rungs()[kFirstPassRung].quality ? GifEffort::once : GifEffort::ladder;
}

// The frames a first pass kept, with another palette: no new render.
Attempt requantize(const FrameSource& next_frame, const OutputSpec& spec, const std::string& gif_path,
                   const std::atomic<bool>& cancel) {
    GifEncoder encoder(gif_path, gif_settings(spec, effort_at(spec.gif_quality)));
    std::vector<uint8_t> frame(static_cast<std::size_t>(spec.width) * spec.height * 4);
    while (next_frame(frame)) {
        if (cancel.load()) return {"cancelled"};
        if (!encoder.add_frame(frame.data())) return {encoder.error()};
    }
    return finished(encoder);
}

FrameSource frames_in(std::ifstream& file) {
    return [&file](std::vector<uint8_t>& frame) {
        return static_cast<bool>(file.read(reinterpret_cast<char*>(frame.data()), static_cast<std::streamsize>(frame.size())));
    };
}

// The render's scratch files and where its output goes.
struct Paths {
    std::string work_dir, temp, final_path, kept_frames;
    std::string frames_gif() const { return work_dir + "/frames.gif"; }
};

int64_t size_of(const std::string& path) {
    std::error_code error;
    const auto size = fs::file_size(path, error);
    return error ? 0 : static_cast<int64_t>(size);
}

// The scratch folder may be on another file system than the output.
bool move_into(const std::string& from, const std::string& to) {
    std::error_code error;
    fs::rename(from, to, error);
    if (!error) return true;
    error.clear();
    fs::copy_file(from, to, fs::copy_options::overwrite_existing, error);
    if (error) return false;
    fs::remove(from, error);
    return true;
}

// gifsicle's optimiser at `level`, lossy at `lossy` > 0, from the encoder's GIF into `to`, which
// may be the same file. The encoder's own GIF stays when gifsicle fails or makes it no smaller: -O2
// added 0.7 % to a test pattern's.
void optimise_gif(const std::string& from, const std::string& to, const char* level, int lossy, const std::atomic<bool>& cancel) {
    const std::string made = to + ".gifsicle";
    std::vector<std::string> argv = {"gifsicle", "--no-warnings", level};
    if (lossy > 0) argv.push_back("--lossy=" + std::to_string(lossy));
    argv.insert(argv.end(), {from, "-o", made});
    const bool ran = run_process(argv, {}, nullptr, cancel).exit_code == 0;
    const int64_t bytes = size_of(made);
    std::error_code error;
    if (ran && bytes > 0 && bytes < size_of(from)) {
        fs::rename(made, to, error);
        return;
    }
    fs::remove(made, error);
    if (from != to) fs::copy_file(from, to, fs::copy_options::overwrite_existing, error);
}

// A size limit's first pass, at the ladder's first palette: its frames are kept for the other
// palettes. A later pass under a limit is at a lossy rung (a narrower picture) and is the last.
bool starts_ladder(const OutputSpec& spec, GifEffort effort) { return effort == GifEffort::ladder && spec.gif_lossy == 0; }

// The pass's GIF into the render's output. One made once gets gifsicle's -O3. Under a limit, a
// palette's GIF is kept as the encoder wrote it: -O2 took 0.2–1.6 % off a test pattern's rungs and
// nothing off a photo pan's or a fractal zoom's, for 0.2–1.4 s, which the limit had already been
// met without. A lossy level is a rung of its own, made by gifsicle.
void finish_pass(const Paths& paths, const OutputSpec& spec, GifEffort effort, const std::atomic<bool>& cancel) {
    if (!starts_ladder(spec, effort)) {
        optimise_gif(paths.frames_gif(), paths.temp, effort == GifEffort::once ? "-O3" : "-O2", spec.gif_lossy, cancel);
        return;
    }
    move_into(paths.frames_gif(), paths.temp);  // a GIF that did not move is no output, reported as such
}

// Each task on a thread of its own, all waited for: the rungs tried together share only the kept
// frames, and each is one core's work (a palette pass, or gifsicle).
void run_together(const std::vector<std::function<void()>>& tasks) {
    std::vector<std::thread> threads;
    for (std::size_t i = 1; i < tasks.size(); ++i) threads.emplace_back(tasks[i]);
    if (!tasks.empty()) tasks[0]();
    for (std::thread& thread : threads) thread.join();
}

// Where a palette's GIF is made from the kept frames, whether alongside the first pass or after it.
std::string palette_gif(const std::string& dir, int quality) { return dir + "/frames-q" + std::to_string(quality) + ".gif"; }

// Makes the ladder's rungs from the frames the first pass kept, in the render's scratch folder: a
// palette's GIF once, which is its rung and is shared by every lossy level on it, and each lossy
// level's GIF.
class RungMaker {
public:
    RungMaker(const OutputSpec& spec, std::string dir, std::string kept_frames, const std::atomic<bool>& cancel)
        : spec_(spec), dir_(std::move(dir)), kept_frames_(std::move(kept_frames)), cancel_(cancel) {}

    std::string path(std::size_t rung) const {
        const GifRung& made = gif_rungs()[rung];
        return made.lossy > 0 ? dir_ + "/rung-" + std::to_string(rung) + ".gif" : palette_path(made.quality);
    }
    const std::string& error() const { return error_; }

    // The rungs' sizes, in their order; zeros and error() once anything failed.
    std::vector<int64_t> make(const std::vector<std::size_t>& rungs) {
        std::vector<int64_t> sizes(rungs.size(), 0);
        if (!make_palettes(rungs)) return sizes;
        std::vector<std::function<void()>> tasks;
        for (std::size_t i = 0; i < rungs.size(); ++i) {
            const GifRung& rung = gif_rungs()[rungs[i]];
            if (rung.lossy > 0)
                tasks.push_back([&, i] { optimise_gif(palette_path(rung.quality), path(rungs[i]), "-O2", rung.lossy, cancel_); });
        }
        run_together(tasks);
        for (std::size_t i = 0; i < rungs.size(); ++i) sizes[i] = size_of(path(rungs[i]));
        if (cancel_.load()) error_ = "cancelled";
        return sizes;
    }

private:
    std::string palette_path(int quality) const { return palette_gif(dir_, quality); }

    bool make_palettes(const std::vector<std::size_t>& rungs) {
        std::vector<int> missing;
        for (std::size_t rung : rungs) {
            const int quality = gif_rungs()[rung].quality;
            if (!fs::exists(palette_path(quality)) && std::find(missing.begin(), missing.end(), quality) == missing.end())
                missing.push_back(quality);
        }
        std::vector<std::string> errors(missing.size());
        std::vector<std::function<void()>> tasks;
        for (std::size_t i = 0; i < missing.size(); ++i)
            tasks.push_back([&, i] {
                OutputSpec spec = spec_;
                spec.gif_quality = missing[i];
                std::ifstream frames(kept_frames_, std::ios::binary);
                errors[i] = requantize(frames_in(frames), spec, palette_path(missing[i]), cancel_).error;
            });
        run_together(tasks);
        for (const std::string& error : errors)
            if (error_.empty()) error_ = error;
        return error_.empty();
    }

    OutputSpec spec_;
    std::string dir_, kept_frames_;
    const std::atomic<bool>& cancel_;
    std::string error_;
};

OutputSpec at_rung(OutputSpec spec, std::size_t rung) {
    spec.gif_quality = gif_rungs()[rung].quality;
    spec.gif_lossy = gif_rungs()[rung].lossy;
    return spec;
}

// Palettes made from the first pass's kept frames while that pass still runs: when its first frames
// forecast it over its limit, the rungs the search would try first are ready about when it ends,
// not a whole pass later. One while the pass still quantises, on the other core; two once it stopped.
// A pass that stops early after its first rung started adds the rung its latest forecast points at,
// which the search would otherwise make a pass later. When its first frames forecast it well within
// its limit, the richer palette the search would climb to is ready the same way.
class RungsAlongside {
public:
    RungsAlongside(const OutputSpec& spec, std::string dir, std::string kept_frames, int64_t limit, const std::atomic<bool>& cancel)
        : spec_(spec), dir_(std::move(dir)), kept_frames_(std::move(kept_frames)), limit_(limit), cancel_(cancel) {}
    ~RungsAlongside() { stop(); }
    RungsAlongside(const RungsAlongside&) = delete;
    RungsAlongside& operator=(const RungsAlongside&) = delete;

    KeptSoFar& kept() { return kept_; }

    // Starts on the first outlook over the limit, and tops up once the pass stops early. While the
    // pass runs, a forecast that falls to point at a gentler rung replaces the one started: a
    // fractal zoom's forecast ran 20 % over its pass after a quarter of its frames and 5 % after half.
    // A pass comfortably within its limit starts the richer palette the limit leaves room for, which
    // a forecast that rises to near the limit drops.
    void on_outlook(FirstPassOutlook outlook, int64_t forecast) {
        if (outlook == FirstPassOutlook::within) return start_richer(forecast);
        if (outlook != FirstPassOutlook::over && outlook != FirstPassOutlook::far_over) return;
        drop_richer();
        const std::size_t at_once = outlook == FirstPassOutlook::far_over ? 2 : 1;
        const std::vector<std::size_t> plan = rungs_before_first_pass_ends(limit_, forecast, at_once);
        if (at_once == 1 && making_.size() == 1 && !plan.empty() && plan.front() < making_.front().rung) drop_first();
        for (std::size_t rung : plan) {
            if (making_.size() >= at_once) return;
            if (!started(rung)) start(rung);
        }
    }

    // Waits for the rungs, and gives the search their bytes: empty, or what stopped one.
    std::string measure(GifSizeSearch& search) {
        if (std::string error = join(); !error.empty()) return error;
        for (const Making& making : making_) search.measured(making.rung, size_of(gif_of(making.rung)));
        return {};
    }

    // The first pass fits: the stronger rungs being made are not needed, and must not pass for
    // finished ones.
    void drop_stronger() { drop_if([](std::size_t rung) { return rung > kFirstPassRung; }); }

private:
    struct Making {
        std::size_t rung;
        std::shared_ptr<std::atomic<bool>> dropped;
        std::future<std::string> made;
    };

    std::string gif_of(std::size_t rung) const { return palette_gif(dir_, gif_rungs()[rung].quality); }

    bool started(std::size_t rung) const {
        const auto is = [rung](const Making& making) { return making.rung == rung; };
        return std::any_of(making_.begin(), making_.end(), is) || std::any_of(dropped_.begin(), dropped_.end(), is);
    }
    void start(std::size_t rung) {
        auto dropped = std::make_shared<std::atomic<bool>>(false);
        making_.push_back({rung, dropped, std::async(std::launch::async, [this, rung, dropped] { return make(rung, *dropped); })});
    }
    void start_richer(int64_t forecast) {
        const std::optional<std::size_t> richer = richer_rung_with_room(limit_, forecast);
        if (richer && making_.empty() && !started(*richer)) start(*richer);
    }
    void drop_richer() { drop_if([](std::size_t rung) { return rung < kFirstPassRung; }); }
    void drop_first() {
        const std::size_t first = making_.front().rung;
        drop_if([first](std::size_t rung) { return rung == first; });
    }
    // Stopped and never measured; their partial GIFs go when they are joined.
    template <typename Which>
    void drop_if(Which which) {
        for (auto making = making_.begin(); making != making_.end();) {
            if (!which(making->rung)) {
                ++making;
                continue;
            }
            making->dropped->store(true);
            dropped_.push_back(std::move(*making));
            making = making_.erase(making);
        }
    }
    std::string make(std::size_t rung, const std::atomic<bool>& dropped) {
        std::ifstream frames(kept_frames_, std::ios::binary);
        const FrameSource read_frame = frames_in(frames);
        std::size_t read = 0;
        const FrameSource next_frame = [&](std::vector<uint8_t>& frame) {
            if (abandoned_.load() || dropped.load() || !kept_.wait_for(read + frame.size())) return false;
            read += frame.size();
            return read_frame(frame);
        };
        return requantize(next_frame, at_rung(spec_, rung), gif_of(rung), cancel_).error;
    }
    void stop() {
        abandoned_ = true;
        kept_.end();
        join();
    }
    // Waits for every rung started: empty, or what stopped the first still to be measured.
    std::string join() {
        std::string error;
        for (Making& making : making_)
            if (making.made.valid())
                if (std::string failed = making.made.get(); error.empty()) error = std::move(failed);
        std::error_code unused;
        for (Making& dropped : dropped_) {
            if (dropped.made.valid()) dropped.made.wait();
            fs::remove(gif_of(dropped.rung), unused);
        }
        dropped_.clear();
        return error;
    }

    OutputSpec spec_;
    std::string dir_, kept_frames_;
    int64_t limit_;
    const std::atomic<bool>& cancel_;
    KeptSoFar kept_;
    std::atomic<bool> abandoned_{false};
    std::vector<Making> making_;  // measured once the pass ends
    std::vector<Making> dropped_;  // replaced by a gentler rung
};

FrameFeed::~FrameFeed() {
    if (alongside_) alongside_->kept().end();  // whatever stopped the pass, nothing more comes
}

void FrameFeed::keep(const char* data, std::size_t size) {
    if (!keep_) return;
    keep_->write(data, static_cast<std::streamsize>(size));
    if (!alongside_) return;
    keep_->flush();
    alongside_->kept().add(size);
}

FirstPassOutlook FrameFeed::judge() {
    const FirstPassOutlook outlook = forecast_->judge(encoder_.frames(), encoder_.bytes_written());
    if (alongside_) alongside_->on_outlook(outlook, forecast_->bytes());
    return outlook;
}

// A GIF that no rung of the ladder brings under its limit gets a narrower picture, rendered again
// at the strongest rung. The frame rate is the user's to lower.
OutputSpec narrower(OutputSpec spec, int64_t size, int64_t limit) {
    const double ratio = static_cast<double>(limit) / static_cast<double>(size);
    const double scale = std::clamp(std::sqrt(ratio) * 0.95, 0.5, 0.95);
    const int width = std::max(kMinGifWidth, static_cast<int>(spec.width * scale) / 2 * 2);
    spec.height = std::max(2, static_cast<int>(std::lround(spec.height * double(width) / spec.width / 2.0)) * 2);
    spec.width = width;
    return at_rung(spec, gif_rungs().size() - 1);
}

// Renders the draft once: ffmpeg writes the output, or hands a GIF's frames to the encoder, which
// gifsicle then optimises into the output. `span` is this pass's share of the progress bar.
Attempt render_pass(const RenderJob& job, const OutputSpec& spec, const Paths& paths, GifEffort effort, double span,
                    MonotonicProgress& reporter, const std::atomic<bool>& cancel, RungsAlongside* alongside = nullptr) {
    const bool gif = spec.format == "gif";
    FfmpegPlan plan;
    try {
        plan = build_ffmpeg_plan(job, spec, gif ? "pipe:1" : paths.temp);
    } catch (const std::invalid_argument& bad) {
        return {bad.what()};
    }
    if (!write_files(paths.work_dir, plan.files)) return {"cannot write the render's scratch files"};
    const double low = std::max(0.0, reporter.last());
    const double total_ms = static_cast<double>(std::max<int64_t>(1, plan.duration_ms));
    GifPassOutput output{paths.frames_gif(), {}, {}};
    if (starts_ladder(spec, effort)) {
        output.kept_frames = paths.kept_frames;
        output.forecast.emplace(job.options.max_bytes, static_cast<int>(std::lround(total_ms * spec.fps / 1000.0)));
        output.alongside = alongside;
    }
    Attempt run = run_plan(plan, spec, effort, paths.work_dir, output,
                           [&](int64_t out_ms) { reporter.report(low + span * std::min(1.0, out_ms / total_ms)); }, cancel);
    std::error_code unused;
    if (run.forecast_bytes > 0) fs::remove(paths.frames_gif(), unused);  // a part of a GIF nothing reads
    else if (run.error.empty() && gif) finish_pass(paths, spec, effort, cancel);
    if (run.error.empty() && cancel.load()) return {"cancelled"};
    return run;
}

constexpr std::size_t kRungsAtOnce = 2;

struct Fit {
    bool fits = false;
    std::string error;  // the render must stop
};

// Walks the ladder from the first pass's GIF (at `paths.temp`, `size` bytes, or only their
// `forecast` when it stopped early) down to the gentlest rung that fits, or up to a richer one that
// fits too, which replaces it. The rungs made alongside the first pass count as measured;
// the stronger ones are dropped when that pass fits. `size` ends as the last GIF's.
Fit fit_ladder(const OutputSpec& spec, const Paths& paths, int64_t& size, bool forecast, int64_t limit, RungsAlongside& alongside,
               MonotonicProgress& reporter, const std::atomic<bool>& cancel) {
    RungMaker maker(spec, paths.work_dir, paths.kept_frames, cancel);
    GifSizeSearch search(limit);
    if (forecast) search.forecast(kFirstPassRung, size);
    else search.measured(kFirstPassRung, size);
    if (!forecast && size <= limit) alongside.drop_stronger();
    if (const std::string error = alongside.measure(search); !error.empty()) return {false, error};
    for (auto rungs = search.next(kRungsAtOnce); !rungs.empty(); rungs = search.next(kRungsAtOnce)) {
        const std::vector<int64_t> sizes = maker.make(rungs);
        if (!maker.error().empty()) return {false, maker.error()};
        for (std::size_t i = 0; i < rungs.size(); ++i) search.measured(rungs[i], sizes[i]);
        size = sizes.back();
        reporter.report(reporter.last() + (0.97 - reporter.last()) / 3);
    }
    const std::optional<std::size_t> found = search.found();
    if (!found) return {};
    const std::string made = *found == kFirstPassRung && !forecast ? paths.temp : maker.path(*found);
    if (made != paths.temp && !move_into(made, paths.temp)) return {false, kDiskFull};
    size = size_of(paths.temp);
    return {true, {}};
}

RenderResult failed_render(const Paths& paths, const std::string& reason) {
    std::error_code error;
    fs::remove(paths.temp, error);
    return failure(reason);
}

}  // namespace

RenderResult render(const RenderJob& job, const std::function<void(double)>& progress, const std::atomic<bool>& cancel) {
    if (job.out_path.empty()) return failure("no output path");
    OutputSpec spec = resolve_output_spec(job);
    WorkDir work_dir(job.work_dir);
    if (work_dir.path().empty()) return failure("cannot create a scratch folder for the render");
    Paths paths;
    paths.work_dir = work_dir.path();
    paths.final_path = fs::absolute(job.out_path).string();
    paths.temp = paths.final_path + ".part";
    paths.kept_frames = paths.work_dir + "/frames.rgba";
    std::error_code error;
    fs::create_directories(fs::path(paths.final_path).parent_path(), error);

    MonotonicProgress reporter(progress);
    reporter.report(0.0);
    const int64_t limit = spec.format == "gif" ? job.options.max_bytes : 0;
    const GifEffort effort = limit > 0 ? GifEffort::ladder : GifEffort::once;
    RungsAlongside alongside(spec, paths.work_dir, paths.kept_frames, limit, cancel);
    Attempt run = render_pass(job, spec, paths, effort, limit > 0 ? 0.8 : 0.97, reporter, cancel, &alongside);
    if (!run.error.empty()) return failed_render(paths, run.error);
    int64_t size = run.forecast_bytes > 0 ? run.forecast_bytes : size_of(paths.temp);
    if (size == 0) return failed_render(paths, "ffmpeg wrote no output");
    if (limit > 0) {
        Fit fit = fit_ladder(spec, paths, size, run.forecast_bytes > 0, limit, alongside, reporter, cancel);
        if (!fit.error.empty()) return failed_render(paths, fit.error);
        // The last resort: a narrower picture, rendered again at the strongest rung.
        for (int attempt = 0; !fit.fits && spec.width > kMinGifWidth && attempt < kMaxGifAttempts; ++attempt) {
            spec = narrower(spec, size, limit);
            run = render_pass(job, spec, paths, GifEffort::ladder, (0.97 - reporter.last()) / 2, reporter, cancel);
            if (!run.error.empty()) return failed_render(paths, run.error);
            size = size_of(paths.temp);
            fit.fits = size > 0 && size <= limit;
        }
        if (!fit.fits)
            return failed_render(paths, "The GIF cannot be made smaller than " + std::to_string(size) + " bytes (limit " +
                                            std::to_string(limit) + "); trim the clip or allow a larger file.");
    }
    fs::rename(paths.temp, paths.final_path, error);
    if (error) return failure("cannot move the render into place: " + error.message());
    reporter.report(1.0);
    RenderResult result;
    result.ok = true;
    result.size = size;
    return result;
}

}  // namespace cw::server
