// Runs one render job: writes the overlay text files, runs ffmpeg once (GIFs over a byte limit are
// re-encoded smaller), reports progress monotonically and moves the result into place atomically.
#include "renderer.hpp"

#include <stdlib.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "ffmpeg_process.hpp"
#include "render_graph.hpp"

namespace cw::server {

namespace fs = std::filesystem;

namespace {

constexpr int kMaxGifAttempts = 6;
constexpr int kMinGifWidth = 120;
constexpr int kMinGifFps = 5;
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

// Next smaller GIF: halve the palette while that is likely enough, then shrink the frame, then the rate.
bool shrink_gif(OutputSpec& spec, int64_t size, int64_t limit) {
    double ratio = static_cast<double>(limit) / static_cast<double>(size);
    if (ratio > 0.8 && spec.colors > 64) {
        spec.colors = std::max(64, spec.colors / 2);
        return true;
    }
    if (spec.width > kMinGifWidth) {
        double scale = std::clamp(std::sqrt(ratio) * 0.92, 0.5, 0.95);
        int width = std::max(kMinGifWidth, static_cast<int>(spec.width * scale) / 2 * 2);
        spec.height = std::max(2, static_cast<int>(std::lround(spec.height * double(width) / spec.width / 2.0)) * 2);
        spec.width = width;
        spec.colors = std::min(spec.colors, 128);
        return true;
    }
    if (spec.fps > kMinGifFps) {
        spec.fps = std::max(kMinGifFps, spec.fps * 2 / 3);
        return true;
    }
    if (spec.colors > 16) {
        spec.colors /= 2;
        return true;
    }
    return false;
}

RenderResult failure(const std::string& reason) {
    RenderResult result;
    result.error = reason;
    return result;
}

}  // namespace

RenderResult render(const RenderJob& job, const std::function<void(double)>& progress, const std::atomic<bool>& cancel) {
    if (job.out_path.empty()) return failure("no output path");
    OutputSpec spec = resolve_output_spec(job);
    WorkDir work_dir(job.work_dir);
    if (work_dir.path().empty()) return failure("cannot create a scratch folder for the render");
    std::string final_path = fs::absolute(job.out_path).string();
    std::string temp_path = final_path + ".part";
    std::error_code error;
    fs::create_directories(fs::path(final_path).parent_path(), error);

    MonotonicProgress reporter(progress);
    reporter.report(0.0);
    bool limited = spec.format == "gif" && job.options.max_bytes > 0;
    int64_t size = 0;
    for (int attempt = 0; attempt < kMaxGifAttempts; ++attempt) {
        FfmpegPlan plan;
        try {
            plan = build_ffmpeg_plan(job, spec, temp_path);
        } catch (const std::invalid_argument& bad) {
            return failure(bad.what());
        }
        if (!write_files(work_dir.path(), plan.files)) return failure("cannot write the render's scratch files");
        // The first pass gets most of the bar; each re-encode for a byte limit gets half of what is left.
        double low = attempt == 0 ? 0.0 : reporter.last();
        double span = attempt == 0 ? (limited ? 0.8 : 0.99) : (0.99 - low) / 2;
        double total_ms = static_cast<double>(std::max<int64_t>(1, plan.duration_ms));
        ProcessResult run = run_process(
            plan.argv, work_dir.path(),
            [&](int64_t out_ms) { reporter.report(low + span * std::min(1.0, out_ms / total_ms)); }, cancel);
        if (run.cancelled) {
            fs::remove(temp_path, error);
            return failure("cancelled");
        }
        if (!run.started) return failure("ffmpeg could not be started: " + run.error_tail);
        if (run.exit_code != 0) {
            fs::remove(temp_path, error);
            if (run.error_tail.find("No space left on device") != std::string::npos) return failure(kDiskFull);
            return failure("ffmpeg failed (exit " + std::to_string(run.exit_code) + "): " + first_line(run.error_tail));
        }
        size = static_cast<int64_t>(fs::file_size(temp_path, error));
        if (error) return failure("ffmpeg wrote no output");
        if (!limited || size <= job.options.max_bytes) break;
        if (attempt + 1 == kMaxGifAttempts || !shrink_gif(spec, size, job.options.max_bytes)) break;
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
