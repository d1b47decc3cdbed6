// Extension of the local backend: the pictures the timeline draws along its lanes, made once per
// media by ffmpeg and kept for this run: a filmstrip of a video (ten frames side by side, evenly
// spaced over its length) and the waveform of anything with sound. The page then needs one small
// request per media, whatever the browser can decode (HEIC, MKV) and however many videos a phone
// lets it decode at once.
#pragma once
#include <mutex>
#include <optional>
#include <string>

#include "store.hpp"

namespace cw::server {

enum class LanePicture { frames, wave };

class LanePictures {
public:
    static constexpr int kFrames = 10;
    static constexpr int kFrameHeight = 90;

    explicit LanePictures(Store& store);

    void remove_leftovers();
    // The picture's file, made on first use; nullopt when the media has none (a photo's waveform, a
    // silent video's) or ffmpeg could not make it.
    std::optional<std::string> path(const MediaRecord& media, LanePicture kind);

private:
    Store& store_;
    std::mutex mutex_;  // one ffmpeg at a time: pictures are small, and the renders come first
};

const char* mime_of(LanePicture kind);

}  // namespace cw::server
