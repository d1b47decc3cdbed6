// Generates the test media with ffmpeg and reads results back with ffprobe.
#include "test_media.hpp"

#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "ffmpeg_process.hpp"

namespace cw::server::testing {

namespace fs = std::filesystem;

void run_ffmpeg(std::vector<std::string> args) {
    std::vector<std::string> argv = {"ffmpeg", "-hide_banner", "-loglevel", "error", "-y"};
    argv.insert(argv.end(), args.begin(), args.end());
    std::atomic<bool> never{false};
    ProcessResult result = run_process(argv, {}, nullptr, never);
    if (result.exit_code != 0) throw std::runtime_error("ffmpeg failed making test media: " + result.error_tail);
}

MediaInfo make_info(const std::string& id, const std::string& type, const std::string& path, int width, int height,
                    int64_t duration_ms, bool has_audio) {
    MediaInfo info;
    info.id = id;
    info.name = fs::path(path).filename().string();
    info.type = type;
    info.path = path;
    info.url = "/media/" + id;
    info.size = static_cast<int64_t>(fs::file_size(path));
    info.width = width;
    info.height = height;
    info.duration_ms = duration_ms;
    info.has_audio = has_audio;
    return info;
}

namespace {

std::map<std::string, MediaInfo> generate() {
    const std::string& dir = scratch_dir();
    std::map<std::string, MediaInfo> media;
    std::string clip = dir + "/clip.mp4";
    run_ffmpeg({"-f", "lavfi", "-i", "testsrc2=s=1280x720:r=30:d=4", "-f", "lavfi", "-i",
                "sine=frequency=440:sample_rate=48000:duration=4", "-c:v", "libx264", "-preset", "veryfast",
                "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", clip});
    media["clip"] = make_info("clip", "video", clip, 1280, 720, 4000, true);

    struct Still { const char* source; int width; int height; };
    const Still stills[] = {{"testsrc=r=1", 1600, 900}, {"color=c=0x3366cc", 1200, 800}, {"testsrc=r=1", 800, 1200},
                            {"color=c=0xcc8833", 1920, 1080}, {"testsrc=r=1", 1000, 1000}};
    for (int i = 0; i < 5; ++i) {
        std::string id = "img" + std::to_string(i + 1);
        std::string path = dir + "/" + id + (i % 2 ? ".jpg" : ".png");
        std::string size = std::to_string(stills[i].width) + "x" + std::to_string(stills[i].height);
        run_ffmpeg({"-f", "lavfi", "-i", std::string(stills[i].source) + ":s=" + size + ":d=1", "-frames:v", "1", path});
        media[id] = make_info(id, "image", path, stills[i].width, stills[i].height, 0, false);
    }
    std::string tone = dir + "/tone.m4a";
    run_ffmpeg({"-f", "lavfi", "-i", "sine=frequency=330:sample_rate=48000:duration=10", "-c:a", "aac", tone});
    media["tone"] = make_info("tone", "audio", tone, 0, 0, 10000, true);
    return media;
}

}  // namespace

namespace {

// Removed at exit unless CW_KEEP_TEST_MEDIA is set, for looking at the outputs.
class ScratchDir {
public:
    ScratchDir() {
        std::string pattern = (fs::temp_directory_path() / "clipwright-engine-test-XXXXXX").string();
        if (!::mkdtemp(pattern.data())) throw std::runtime_error("cannot create a temp folder");
        path = pattern;
    }
    ~ScratchDir() {
        std::error_code error;
        if (!std::getenv("CW_KEEP_TEST_MEDIA")) fs::remove_all(path, error);
    }
    std::string path;
};

}  // namespace

const std::string& scratch_dir() {
    static const ScratchDir dir;
    return dir.path;
}

const std::map<std::string, MediaInfo>& test_media() {
    static const std::map<std::string, MediaInfo> media = generate();
    return media;
}

std::vector<MediaInfo> test_media_list(const std::vector<std::string>& ids) {
    std::vector<MediaInfo> list;
    for (const auto& id : ids) list.push_back(test_media().at(id));
    return list;
}

nlohmann::json probe(const std::string& path) {
    const CommandResult run = run_command(
        {"ffprobe", "-v", "error", "-print_format", "json", "-show_streams", "-show_format", path}, 30000);
    if (run.exit_code != 0 || run.out.empty()) return nullptr;
    return nlohmann::json::parse(run.out, nullptr, false);
}

double probe_duration(const std::string& path) {
    nlohmann::json info = probe(path);
    if (info.is_null() || !info.contains("format")) return -1;
    return std::stod(info["format"].value("duration", "-1"));
}

double psnr_of_first_frame(const std::string& video, const std::string& picture) {
    const nlohmann::json info = probe(video);
    nlohmann::json stream;
    for (const auto& s : info["streams"]) if (s.value("codec_type", "") == "video") stream = s;
    // A player follows the stream's tags; untagged, it takes HD for BT.709 and SD for BT.601.
    std::string matrix = stream.value("color_space", "");
    if (matrix.empty() || matrix == "unknown") matrix = stream.value("height", 0) >= 720 ? "bt709" : "bt601";
    if (matrix == "smpte170m" || matrix == "bt470bg") matrix = "bt601";
    const std::string size = std::to_string(stream.value("width", 0)) + ":" + std::to_string(stream.value("height", 0));
    const CommandResult run = run_command(
        {"ffmpeg", "-hide_banner", "-loglevel", "error", "-i", video, "-i", picture, "-filter_complex",
         "[0:v]trim=end_frame=1,scale=in_color_matrix=" + matrix + ":in_range=tv,format=rgb24[a];"
         "[1:v]scale=" + size + ",format=rgb24[b];[a][b]psnr=stats_file=-",
         "-f", "null", "-"},
        60000);
    const auto at = run.out.find("psnr_avg:");
    return at == std::string::npos ? -1 : std::stod(run.out.substr(at + 9));
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace cw::server::testing
