// The GIF encoder: each frame gets its own palette from libimagequant, dithered, and drawn over the
// frame before it. Pixels that the previous frame already shows well enough stay transparent, so
// still areas keep their exact pixels: no dither crawl from frame to frame, and long runs of one
// index that LZW packs tightly. Frames are cropped to what changed. Written with giflib: a looping
// GIF89a whose frame delays add up to the clip's length exactly.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace cw::server {

struct GifSettings {
    int width = 0;
    int height = 0;
    int fps = 15;
    int quality = 90;     // libimagequant's 0–100: fewer colours and coarser steps as it falls
    int max_colors = 256;
    float dither = 0.0f;  // 0 (none) to 1 (full Floyd–Steinberg)
    int speed = 7;        // libimagequant's 1 (slowest, closest palettes) to 10
};

// Frame i is shown from round(i·100/fps) to round((i+1)·100/fps) centiseconds, so the delays add up
// to the clip's length with no drift, whatever the rate.
int frame_delay_cs(int index, int fps);

class GifEncoder {
public:
    GifEncoder(const std::string& path, const GifSettings& settings);
    ~GifEncoder();
    GifEncoder(const GifEncoder&) = delete;
    GifEncoder& operator=(const GifEncoder&) = delete;

    // `rgba` holds width × height × 4 bytes. False once anything failed; error() says what.
    bool add_frame(const uint8_t* rgba);
    // Writes the trailer and closes the file.
    bool finish();

    const std::string& error() const { return error_; }
    int frames() const { return frames_; }
    // What the file holds so far, header included.
    int64_t bytes_written() const;

private:
    struct Quantized;
    bool fail(const std::string& message);
    bool write_header();
    static void merge_transparent(Quantized& frame);
    const uint8_t* settle_small_changes(const uint8_t* rgba);
    void keep_settled_transparent(Quantized& frame) const;
    bool write_frame(Quantized frame, const uint8_t* rgba);

    GifSettings settings_;
    struct Writer;
    std::unique_ptr<Writer> writer_;
    struct Contrast;
    std::unique_ptr<Contrast> contrast_;
    std::vector<uint8_t> shown_;  // the picture as a viewer sees it after the last frame
    std::vector<uint8_t> drawn_from_;  // per pixel, the source it was last drawn from
    std::vector<uint8_t> settled_;
    std::vector<uint8_t> keeps_shown_;  // per pixel, this frame keeps what is shown
    int frames_ = 0;
    std::string error_;
};

}  // namespace cw::server
