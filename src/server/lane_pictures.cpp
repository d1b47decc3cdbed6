#include "lane_pictures.hpp"

#include <algorithm>
#include <filesystem>

#include "ffmpeg_process.hpp"

namespace cw::server {

namespace fs = std::filesystem;

namespace {

constexpr int kTimeoutMs = 60000;

std::vector<std::string> frames_command(const MediaRecord& media, const std::string& out) {
    const double seconds = std::max(0.1, static_cast<double>(media.info.duration_ms) / 1000.0);
    const std::string rate = std::to_string(LanePictures::kFrames / seconds);
    return {"ffmpeg", "-v", "error", "-nostdin", "-y", "-i", media.info.path, "-an", "-vf",
            "fps=" + rate + ",scale=-2:" + std::to_string(LanePictures::kFrameHeight) + ",tile=" +
                std::to_string(LanePictures::kFrames) + "x1",
            "-frames:v", "1", "-q:v", "5", out};
}

std::vector<std::string> wave_command(const MediaRecord& media, const std::string& out) {
    return {"ffmpeg", "-v", "error", "-nostdin", "-y", "-i", media.info.path, "-vn", "-filter_complex",
            "aformat=channel_layouts=mono,showwavespic=s=1200x80:colors=white", "-frames:v", "1", out};
}

}  // namespace

const char* mime_of(LanePicture kind) { return kind == LanePicture::frames ? "image/jpeg" : "image/png"; }

LanePictures::LanePictures(Store& store) : store_(store) { fs::create_directories(store_.absolute("lanes")); }

void LanePictures::remove_leftovers() {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(store_.absolute("lanes"), ec)) fs::remove_all(entry.path(), ec);
}

std::optional<std::string> LanePictures::path(const MediaRecord& media, LanePicture kind) {
    const bool frames = kind == LanePicture::frames;
    if (frames ? media.info.type != "video" : !(media.info.type == "audio" || media.info.has_audio)) return std::nullopt;
    const std::string file = store_.absolute("lanes/" + media.info.id + (frames ? ".frames.jpg" : ".wave.png"));
    std::lock_guard<std::mutex> lock(mutex_);
    std::error_code ec;
    if (fs::exists(file, ec)) return file;
    const std::string part = file + ".part" + (frames ? ".jpg" : ".png");
    const auto argv = frames ? frames_command(media, part) : wave_command(media, part);
    const CommandResult run = run_command(argv, kTimeoutMs);
    if (run.exit_code != 0 || !fs::exists(part, ec)) {
        fs::remove(part, ec);
        return std::nullopt;
    }
    fs::rename(part, file, ec);
    if (ec) return std::nullopt;
    return file;
}

}  // namespace cw::server
