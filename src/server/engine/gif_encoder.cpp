#include "gif_encoder.hpp"

#include <gif_lib.h>
#include <libimagequant.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <utility>

namespace cw::server {
namespace {

constexpr int kShortestDelayCs = 2;  // browsers show shorter delays as 10 cs
// Levels a pixel beside an edge may stay off what it should show. At least 8: at quality 95, whose
// flat areas allow 1 level, 4 beside edges cost a test pattern 9 % more bytes for 0.0001 SSIM
// (measured when the bound held for each of R, G and B).
constexpr int kLeastBesideEdges = 8;
constexpr int kMostBesideEdges = 24;

template <typename T, void (*Destroy)(T*)>
struct Destroyer {
    void operator()(T* object) const {
        if (object) Destroy(object);
    }
};
using Attr = std::unique_ptr<liq_attr, Destroyer<liq_attr, liq_attr_destroy>>;
using Image = std::unique_ptr<liq_image, Destroyer<liq_image, liq_image_destroy>>;
using Result = std::unique_ptr<liq_result, Destroyer<liq_result, liq_result_destroy>>;

// Whether a pixel this far off what is shown may keep it, `allowed` levels being the bound: luma may
// be off half of it and colour one and a half times it (both rounded up). The eye, and SSIM on the
// 4:2:0 frames players show, weigh luma far above colour. Against `allowed` on each of R, G and B,
// at the same bytes: +0.0005 to +0.002 SSIM on a test pattern and +0.002 to +0.003 on a photo pan at
// qualities 90 to 60; on a fractal zoom, whose colours are its detail, −0.0001 to +0.0001 at 90 and
// 85 but −0.0008 to −0.0017 at 75 and 60 (the README's "GIFs").
bool close_enough(int dr, int dg, int db, int allowed) {
    // BT.601 luma and colour differences, times 256.
    const int luma = 77 * dr + 150 * dg + 29 * db;
    const int blue = -43 * dr - 85 * dg + 128 * db;
    const int red = 128 * dr - 107 * dg - 21 * db;
    const int luma_bound = 128 * allowed + 128, colour_bound = 384 * allowed + 128;
    return std::abs(luma) <= luma_bound && std::abs(blue) <= colour_bound && std::abs(red) <= colour_bound;
}

int colour_table_size(std::size_t colours) {
    int size = 2;
    while (static_cast<std::size_t>(size) < colours) size *= 2;
    return size;
}

}  // namespace

// Max − min of the source's luma over the 5×5 square around each pixel: how much an error there
// is hidden by the picture's own edges and texture. Its buffers are kept from frame to frame: at
// 1080 × 1920 they are 8 MB.
struct GifEncoder::Contrast {
    std::vector<uint8_t> luma, row_min, row_max, around;
    const std::vector<uint8_t>& of(const uint8_t* rgba, int width, int height);
};

const std::vector<uint8_t>& GifEncoder::Contrast::of(const uint8_t* rgba, int width, int height) {
    constexpr int kReach = 2;
    const std::size_t pixels = static_cast<std::size_t>(width) * static_cast<std::size_t>(height);
    for (std::vector<uint8_t>* buffer : {&luma, &row_min, &row_max, &around}) buffer->resize(pixels);
    for (std::size_t p = 0; p < pixels; ++p)
        luma[p] = static_cast<uint8_t>((77 * rgba[p * 4] + 150 * rgba[p * 4 + 1] + 29 * rgba[p * 4 + 2]) >> 8);
    // A square's extremes are the extremes of its rows' extremes: two passes of five, not one of 25.
    const auto extremes = [](const uint8_t* values, int count, int at, int step, uint8_t& low, uint8_t& high) {
        low = 255, high = 0;
        for (int i = std::max(0, at - kReach); i <= std::min(count - 1, at + kReach); ++i) {
            low = std::min(low, values[i * step]);
            high = std::max(high, values[i * step]);
        }
    };
    for (int y = 0; y < height; ++y) {
        const std::size_t row = static_cast<std::size_t>(y) * static_cast<std::size_t>(width);
        for (int x = 0; x < width; ++x) extremes(&luma[row], width, x, 1, row_min[row + x], row_max[row + x]);
    }
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            uint8_t low = 0, high = 0, unused = 0;
            extremes(&row_min[x], height, y, width, low, unused);
            extremes(&row_max[x], height, y, width, unused, high);
            around[static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + x] = static_cast<uint8_t>(high - low);
        }
    }
    return around;
}

int frame_delay_cs(int index, int fps) {
    const double per_frame = 100.0 / std::clamp(fps, 1, 100 / kShortestDelayCs);
    return static_cast<int>(std::lround((index + 1) * per_frame) - std::lround(index * per_frame));
}

// giflib writes through this, so that the bytes written so far are known while the GIF is made.
struct GifEncoder::Writer {
    GifFileType* gif = nullptr;
    std::FILE* file = nullptr;
    int64_t bytes = 0;

    static int write(GifFileType* gif, const GifByteType* data, int size) {
        auto* writer = static_cast<Writer*>(gif->UserData);
        const std::size_t written = std::fwrite(data, 1, static_cast<std::size_t>(size), writer->file);
        writer->bytes += static_cast<int64_t>(written);
        return static_cast<int>(written);
    }
    // Empty, or what failed.
    std::string close() {
        int status = 0;
        const bool closed = !gif || EGifCloseFile(gif, &status) == GIF_OK;
        const bool flushed = !file || std::fclose(file) == 0;
        const std::string error = !closed ? GifErrorString(status) : !flushed ? std::strerror(errno) : "";
        gif = nullptr, file = nullptr;
        return error;
    }
};

// One frame's palette and indices, and the rectangle that changed.
struct GifEncoder::Quantized {
    std::vector<uint8_t> indices;
    std::vector<liq_color> palette;
    int transparent = NO_TRANSPARENT_COLOR;
    int left = 0, top = 0, width = 0, height = 0;
};

GifEncoder::GifEncoder(const std::string& path, const GifSettings& settings)
    : settings_(settings), writer_(std::make_unique<Writer>()), contrast_(std::make_unique<Contrast>()) {
    const std::size_t pixels = static_cast<std::size_t>(std::max(0, settings.width)) * static_cast<std::size_t>(std::max(0, settings.height));
    shown_.assign(pixels * 4, 0);
    drawn_from_.assign(pixels * 4, 0);
    keeps_shown_.assign(pixels, 0);
    writer_->file = std::fopen(path.c_str(), "wb");
    if (!writer_->file) {
        fail("cannot write the GIF: " + std::string(std::strerror(errno)));
        return;
    }
    int status = 0;
    writer_->gif = EGifOpen(writer_.get(), &Writer::write, &status);
    if (!writer_->gif) {
        fail(std::string("cannot write the GIF: ") + GifErrorString(status));
        return;
    }
    write_header();
}

GifEncoder::~GifEncoder() { writer_->close(); }

int64_t GifEncoder::bytes_written() const { return writer_->bytes; }

bool GifEncoder::fail(const std::string& message) {
    if (error_.empty()) error_ = message;
    return false;
}

// GIF89a with a NETSCAPE2.0 block: loop for ever.
bool GifEncoder::write_header() {
    GifFileType* gif = writer_->gif;
    EGifSetGifVersion(gif, true);
    static const GifByteType kLoop[] = {1, 0, 0};
    if (EGifPutScreenDesc(gif, settings_.width, settings_.height, 8, 0, nullptr) != GIF_OK ||
        EGifPutExtensionLeader(gif, APPLICATION_EXT_FUNC_CODE) != GIF_OK ||
        EGifPutExtensionBlock(gif, 11, "NETSCAPE2.0") != GIF_OK || EGifPutExtensionBlock(gif, 3, kLoop) != GIF_OK ||
        EGifPutExtensionTrailer(gif) != GIF_OK)
        return fail("cannot write the GIF's header");
    return true;
}

// A pixel within what the eye (or the source's own compression noise) would tell of what is shown,
// or whose source has not changed at all since it was drawn, keeps what is shown: it stays
// transparent, so still areas cost nothing and do not shimmer.
const uint8_t* GifEncoder::settle_small_changes(const uint8_t* rgba) {
    // Past 8 levels a still area visibly lags behind a moving one.
    const int close = std::min(8, (100 - std::clamp(settings_.quality, 0, 100)) / 3);
    // Beside an edge the same error is hidden by the edge, to the eye and to SSIM alike, so a pixel
    // may stay further off there: a third of the contrast around it, up to four times `close`.
    const int beside_edges = std::clamp(4 * close, kLeastBesideEdges, kMostBesideEdges);
    const std::vector<uint8_t>& contrast = contrast_->of(rgba, settings_.width, settings_.height);
    settled_.assign(rgba, rgba + shown_.size());
    for (std::size_t p = 0; p < shown_.size(); p += 4) {
        const uint8_t* shown = &shown_[p];
        const bool unchanged = std::equal(rgba + p, rgba + p + 3, &drawn_from_[p]);
        const int allowed = std::clamp(contrast[p / 4] / 3, close, beside_edges);
        keeps_shown_[p / 4] = unchanged || close_enough(rgba[p] - shown[0], rgba[p + 1] - shown[1], rgba[p + 2] - shown[2], allowed);
        if (keeps_shown_[p / 4]) std::copy(shown, shown + 4, &settled_[p]);
    }
    return settled_.data();
}

// libimagequant makes a pixel transparent only when the background beats every palette entry; a
// settled pixel equals the background exactly, and a tie with an entry must not redraw it.
void GifEncoder::keep_settled_transparent(Quantized& frame) const {
    if (frame.transparent == NO_TRANSPARENT_COLOR) return;
    for (std::size_t p = 0; p < frame.indices.size(); ++p)
        if (keeps_shown_[p]) frame.indices[p] = static_cast<uint8_t>(frame.transparent);
}

bool GifEncoder::add_frame(const uint8_t* rgba) {
    if (!error_.empty()) return false;
    const int w = settings_.width, h = settings_.height;
    Attr attr(liq_attr_create());
    liq_set_quality(attr.get(), 0, settings_.quality);
    liq_set_max_colors(attr.get(), settings_.max_colors);
    liq_set_speed(attr.get(), settings_.speed);
    const bool over_previous = frames_ > 0;
    const uint8_t* source = over_previous ? settle_small_changes(rgba) : rgba;
    Image image(liq_image_create_rgba(attr.get(), source, w, h, 0));
    if (!image) return fail("cannot read a frame for the GIF");
    if (over_previous) {
        // Owned by the image from here on.
        liq_image_set_background(image.get(), liq_image_create_rgba(attr.get(), shown_.data(), w, h, 0));
        liq_image_add_fixed_color(image.get(), liq_color{0, 0, 0, 0});
    }
    liq_result* made = nullptr;
    if (liq_image_quantize(image.get(), attr.get(), &made) != LIQ_OK) return fail("cannot find a palette for a GIF frame");
    Result result(made);
    liq_set_dithering_level(result.get(), settings_.dither);
    Quantized frame;
    frame.indices.resize(static_cast<std::size_t>(w) * static_cast<std::size_t>(h));
    if (liq_write_remapped_image(result.get(), image.get(), frame.indices.data(), frame.indices.size()) != LIQ_OK)
        return fail("cannot map a GIF frame to its palette");
    const liq_palette* palette = liq_get_palette(result.get());
    frame.palette.assign(palette->entries, palette->entries + palette->count);
    if (over_previous) {
        merge_transparent(frame);
        keep_settled_transparent(frame);
    }
    return write_frame(std::move(frame), rgba);
}

// libimagequant may give the "keep what is shown" colour more than one entry; a GIF frame has one
// transparent index, so every see-through entry maps to the first.
void GifEncoder::merge_transparent(Quantized& frame) {
    std::vector<uint8_t> remap(frame.palette.size());
    for (std::size_t i = 0; i < frame.palette.size(); ++i) {
        const bool see_through = frame.palette[i].a < 128;
        if (see_through && frame.transparent == NO_TRANSPARENT_COLOR) frame.transparent = static_cast<int>(i);
        remap[i] = static_cast<uint8_t>(see_through ? frame.transparent : static_cast<int>(i));
    }
    if (frame.transparent == NO_TRANSPARENT_COLOR) return;
    for (uint8_t& index : frame.indices) index = remap[index];
}

bool GifEncoder::write_frame(Quantized frame, const uint8_t* rgba) {
    const int w = settings_.width, h = settings_.height;
    // What a viewer sees after this frame, and the rectangle it changed.
    int min_x = w, min_y = h, max_x = -1, max_y = -1;
    for (int y = 0; y < h; ++y) {
        for (int x = 0; x < w; ++x) {
            const std::size_t p = static_cast<std::size_t>(y) * static_cast<std::size_t>(w) + static_cast<std::size_t>(x);
            const int index = frame.indices[p];
            if (index == frame.transparent) continue;
            const liq_color& c = frame.palette[static_cast<std::size_t>(index)];
            uint8_t* shown = &shown_[p * 4];
            shown[0] = c.r, shown[1] = c.g, shown[2] = c.b, shown[3] = 255;
            std::copy(rgba + p * 4, rgba + p * 4 + 4, &drawn_from_[p * 4]);
            min_x = std::min(min_x, x), max_x = std::max(max_x, x), min_y = std::min(min_y, y), max_y = std::max(max_y, y);
        }
    }
    if (max_x < 0) {  // nothing changed: one transparent pixel, with the smallest colour table
        min_x = max_x = min_y = max_y = 0;
        frame.palette = {liq_color{0, 0, 0, 0}};
        frame.indices[0] = 0;
        frame.transparent = 0;
    }
    frame.left = min_x, frame.top = min_y, frame.width = max_x - min_x + 1, frame.height = max_y - min_y + 1;

    GraphicsControlBlock control{};
    control.DisposalMode = DISPOSE_DO_NOT;
    control.DelayTime = frame_delay_cs(frames_, settings_.fps);
    control.TransparentColor = frame.transparent;
    GifByteType extension[4];
    EGifGCBToExtension(&control, extension);
    std::vector<GifColorType> colours(static_cast<std::size_t>(colour_table_size(frame.palette.size())), GifColorType{0, 0, 0});
    for (std::size_t i = 0; i < frame.palette.size(); ++i) colours[i] = {frame.palette[i].r, frame.palette[i].g, frame.palette[i].b};
    ColorMapObject* map = GifMakeMapObject(static_cast<int>(colours.size()), colours.data());
    GifFileType* gif = writer_->gif;
    bool ok = map && EGifPutExtension(gif, GRAPHICS_EXT_FUNC_CODE, 4, extension) == GIF_OK &&
              EGifPutImageDesc(gif, frame.left, frame.top, frame.width, frame.height, false, map) == GIF_OK;
    for (int y = 0; ok && y < frame.height; ++y) {
        uint8_t* row = &frame.indices[static_cast<std::size_t>(frame.top + y) * static_cast<std::size_t>(w) + static_cast<std::size_t>(frame.left)];
        ok = EGifPutLine(gif, row, frame.width) == GIF_OK;
    }
    GifFreeMapObject(map);
    ++frames_;
    return ok || fail("cannot write a GIF frame");
}

bool GifEncoder::finish() {
    if (!writer_->gif) return false;
    const std::string closing = writer_->close();
    if (!closing.empty()) return fail("cannot finish the GIF: " + closing);
    return error_.empty();
}

}  // namespace cw::server
