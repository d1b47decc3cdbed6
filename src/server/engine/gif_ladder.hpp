// A GIF over its byte limit walks down a ladder of rungs: coarser palettes, then lossy LZW on the
// coarsest. The search finds the gentlest rung that fits, trying a few rungs at once (they are
// independent, and each costs a pass over every frame) and skipping rungs that a table of typical
// sizes says will miss. A GIF well within its limit climbs instead, to a richer palette that the
// table says fits. No platform, no I/O: the renderer runs the rungs it is given.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace cw::server {

struct GifRung {
    int quality;     // libimagequant's palette quality
    int lossy;       // gifsicle's --lossy level, 0 for none
    double typical;  // its bytes as a typical share of the first pass's
};

// Gentlest first. The first pass under a limit makes the GIF made without one; the rungs before it
// are richer palettes, tried only when a limit leaves room for them.
const std::vector<GifRung>& gif_rungs();
constexpr std::size_t kFirstPassRung = 1;

class GifSizeSearch {
public:
    explicit GifSizeSearch(int64_t limit);

    void measured(std::size_t rung, int64_t bytes);
    // A rung's bytes forecast from part of its frames: a miss, until a rung that fits says otherwise.
    void forecast(std::size_t rung, int64_t bytes);
    // The rungs to try next, at most `at_once`, gentlest first; empty once the search is over.
    std::vector<std::size_t> next(std::size_t at_once) const;
    // Once the search is over: the gentlest rung known to fit, or none.
    std::optional<std::size_t> found() const;

private:
    std::size_t gentlest_fit() const;
    std::optional<std::size_t> strongest_miss_below(std::size_t rung) const;
    double predicted(std::size_t rung, std::size_t miss, std::size_t fit) const;
    std::optional<std::size_t> unmeasured_palette(std::size_t rung) const;
    std::optional<std::size_t> doubtful_forecast(std::size_t fit) const;
    std::optional<std::size_t> richer_with_room(std::size_t fit) const;
    double scaled_from_fit(std::size_t rung, std::size_t fit) const;

    int64_t limit_;
    std::vector<std::optional<int64_t>> bytes_;
    std::vector<bool> forecast_;
};

// What a size limit's first pass is heading for, judged from its first frames: the rest are
// forecast to add bytes at the rate of those before them.
enum class FirstPassOutlook {
    unknown,   // too early to judge
    within,    // comfortably within the limit
    over,      // near or over it: the rung to try next is worth making alongside the pass
    far_over,  // far over: its GIF would not be used, so the rest need not be quantised
};

class GifFirstPassForecast {
public:
    GifFirstPassForecast(int64_t limit, int expected_frames);

    // After each frame, the bytes written so far; bytes() is then the latest forecast, if any.
    FirstPassOutlook judge(int frames, int64_t bytes);
    int64_t bytes() const { return forecast_; }

private:
    int64_t limit_;
    int expected_frames_;
    int64_t first_frame_bytes_ = 0;  // the first frame is the whole picture, the others what changed
    int64_t forecast_ = 0;
};

// The palettes to make while a first pass forecast at `forecast` bytes is still running: those the
// search would try first were that forecast a miss measured, at most `at_once`.
std::vector<std::size_t> rungs_before_first_pass_ends(int64_t limit, int64_t forecast, std::size_t at_once);
// The richer palette to make while a first pass forecast comfortably within its limit still runs,
// if the limit leaves room for it.
std::optional<std::size_t> richer_rung_with_room(int64_t limit, int64_t forecast);

}  // namespace cw::server
