// Media the engine tests and the benchmark make for themselves with ffmpeg (no downloaded assets),
// and small ffprobe readers for checking outputs.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "media_info.hpp"

namespace cw::server::testing {

// Generates (once per process) into a fresh temp folder:
//   clip    4 s 1280×720 testsrc2 at 30 fps with a 440 Hz tone
//   img1…5  still images of different sizes (one portrait)
//   tone    10 s audio
const std::map<std::string, MediaInfo>& test_media();
std::vector<MediaInfo> test_media_list(const std::vector<std::string>& ids);
const std::string& scratch_dir();
// A media record for a file made in the run, as the server's upload would store it.
MediaInfo make_info(const std::string& id, const std::string& type, const std::string& path, int width, int height,
                    int64_t duration_ms, bool has_audio);

// ffprobe -show_streams -show_format as JSON (null when ffprobe fails).
nlohmann::json probe(const std::string& path);
double probe_duration(const std::string& path);
std::string read_file(const std::string& path);
void run_ffmpeg(std::vector<std::string> args);  // after "-y"; throws when ffmpeg fails
// The first frame of `video`, decoded to RGB as a player would, against `picture` at the same size.
double psnr_of_first_frame(const std::string& video, const std::string& picture);

}  // namespace cw::server::testing
