#include "gif_ladder.hpp"

#include <algorithm>
#include <cmath>

namespace cw::server {
namespace {

// A first pass is judged after a quarter of its frames (and at least this many), when its forecast
// is this far over: a clip whose later frames cost a quarter less than its first ones would still
// be over its limit. Forecasts run under the pass's bytes (below), and a pass that would have fitted
// after all is still found, by a fit that contradicts the forecast. At 1.5 ×, a test pattern's
// forecast of 1.44 × kept its pass running 1 s longer, for a GIF that missed; at 1.3 ×, one of 1.30 ×
// kept it running 0.5 s longer beside the two rungs started alongside (2.5–2.8 s against 2.2 s).
constexpr int kFramesBeforeForecast = 8;
constexpr double kFarOver = 1.25;
// A forecast above this share of the limit is worth a rung made alongside: the forecast ran 4–6 %
// under the whole pass's bytes on a test pattern and a photo pan.
constexpr double kOverFrom = 0.9;
// How far over the limit a first GIF scaled from a rung that fits may be and still be measured: shares
// differ with content (a test pattern's quality 60 keeps 0.63 of its first GIF's bytes, where the
// table says 0.59), so a fit scaled by the table can overstate the first GIF by up to 8 %.
constexpr double kDoubtUpTo = 1.1;

}  // namespace

// Palettes first: without dithering they beat lossy LZW at the same size on a test pattern, a photo
// pan and a fractal zoom (the README's "GIFs"). Their shares are the smaller of a test pattern's and
// a photo pan's, as the encoder writes them. 88, 85 and 80 split the widest steps from 90 down: to
// 75 the bytes fall by 30 % at once, and to 85 by 12 %, which at gifski quality 70's bytes on the
// test pattern (0.4 % under quality 90's) lost 0.0009 SSIM where 88 loses 0.0004. The lossy levels'
// are a fractal zoom's, which of the three shrank most with them, so no level is skipped that might
// have fitted.
//
// Quality 98, above the first pass, is for a limit with room: measured on a test pattern, it took
// SSIM from 0.9950 to 0.9956 for 1.14 × the bytes, past gifski quality 90's 0.9955 at 730 KB. A photo
// pan's grew as much and a fractal zoom's 1.08 ×; the share is the larger, so that a limit it is
// tried for is seldom missed, since missing costs a pass.
const std::vector<GifRung>& gif_rungs() {
    static const std::vector<GifRung> rungs = {
        {98, 0, 1.14},    {90, 0, 1.0},     {88, 0, 0.942},   {85, 0, 0.885},   {80, 0, 0.786},   {75, 0, 0.703},
        {60, 0, 0.594},   {45, 0, 0.521},   {30, 0, 0.475},   {20, 0, 0.45},    {10, 0, 0.397},   {10, 40, 0.382},
        {10, 80, 0.369},  {10, 140, 0.352}, {10, 200, 0.337}, {10, 300, 0.318}, {10, 400, 0.302},
    };
    return rungs;
}

GifSizeSearch::GifSizeSearch(int64_t limit) : limit_(limit), bytes_(gif_rungs().size()), forecast_(gif_rungs().size()) {}

void GifSizeSearch::measured(std::size_t rung, int64_t bytes) {
    if (rung >= bytes_.size()) return;
    bytes_[rung] = bytes;
    forecast_[rung] = false;
}

void GifSizeSearch::forecast(std::size_t rung, int64_t bytes) {
    measured(rung, bytes);
    if (rung < bytes_.size()) forecast_[rung] = true;
}

// A forecast that a rung misses, which a rung that fits contradicts: scaled from its bytes by the
// table, the forecast rung would fit too, or so nearly that the table's error may hide a fit.
std::optional<std::size_t> GifSizeSearch::doubtful_forecast(std::size_t fit) const {
    if (fit == bytes_.size()) return std::nullopt;
    for (std::size_t rung = 0; rung < fit; ++rung)
        if (forecast_[rung] && scaled_from_fit(rung, fit) <= kDoubtUpTo * static_cast<double>(limit_)) return rung;
    return std::nullopt;
}

// A rung's bytes as the table scales them from a measured rung's.
double GifSizeSearch::scaled_from_fit(std::size_t rung, std::size_t fit) const {
    const auto& rungs = gif_rungs();
    return static_cast<double>(*bytes_[fit]) * rungs[rung].typical / rungs[fit].typical;
}

std::size_t GifSizeSearch::gentlest_fit() const {
    for (std::size_t rung = 0; rung < bytes_.size(); ++rung)
        if (bytes_[rung] && *bytes_[rung] <= limit_) return rung;
    return bytes_.size();
}

std::optional<std::size_t> GifSizeSearch::strongest_miss_below(std::size_t rung) const {
    for (std::size_t below = rung; below-- > 0;)
        if (bytes_[below] && *bytes_[below] > limit_) return below;
    return std::nullopt;
}

// Scaled from the rung known to miss, so content that shrinks unlike the table is judged by its own
// bytes; between that and a rung known to fit, interpolated on the table's log scale.
double GifSizeSearch::predicted(std::size_t rung, std::size_t miss, std::size_t fit) const {
    const auto& rungs = gif_rungs();
    const double from = std::log(rungs[miss].typical), to = std::log(rungs[rung].typical);
    const double miss_bytes = std::log(static_cast<double>(*bytes_[miss]));
    if (fit == bytes_.size()) return std::exp(miss_bytes + to - from);
    const double along = (from - to) / (from - std::log(rungs[fit].typical));
    return std::exp(miss_bytes + along * (std::log(static_cast<double>(*bytes_[fit])) - miss_bytes));
}

// Between the strongest rung known to miss and the gentlest known to fit, the gentlest predicted to
// fit, however close to the limit, with the rungs after it in case it misses. A margin of 3 % under
// the limit skipped the gentlest rung that fits for one limit in six, to save 0.03–0.06 rounds on
// average (limits of 30–99 % of the first GIF, on a test pattern's and a fractal zoom's rungs). When
// nothing fits yet and the table says nothing will, the strongest rungs are tried anyway: content
// unlike the table may still fit there. A lossy level waits for the palette under it to be measured,
// and a forecast miss that a fit contradicts is measured first. A fit with no miss above it climbs to
// the richest rung that the table says fits as well.
std::vector<std::size_t> GifSizeSearch::next(std::size_t at_once) const {
    const std::size_t fit = gentlest_fit();
    if (const std::optional<std::size_t> doubtful = doubtful_forecast(fit)) return {*doubtful};
    const std::optional<std::size_t> miss = strongest_miss_below(fit);
    if (!miss) {
        if (fit == bytes_.size()) return {kFirstPassRung};  // nothing measured yet
        const std::optional<std::size_t> richer = richer_with_room(fit);
        return richer ? std::vector<std::size_t>{*richer} : std::vector<std::size_t>{};
    }
    const bool nothing_fits = fit == bytes_.size();
    std::optional<std::size_t> first;
    for (std::size_t rung = *miss + 1; rung < fit && !first; ++rung)
        if (predicted(rung, *miss, fit) <= static_cast<double>(limit_)) first = rung;
    if (!first && (!nothing_fits || *miss + 1 == fit)) return {};
    if (!first) first = std::max(*miss + 1, fit - std::min(fit, at_once));
    std::vector<std::size_t> rungs;
    for (std::size_t rung = *first; rung < fit && rungs.size() < at_once; ++rung) {
        const std::optional<std::size_t> palette = unmeasured_palette(rung);
        if (palette && rungs.empty()) return {*palette};
        if (palette) break;
        rungs.push_back(rung);
    }
    return rungs;
}

// A lossy level is chosen only once the palette under it is measured: that palette's bytes
// predict it far better than the table does, and gifsicle can only start once that palette is made.
std::optional<std::size_t> GifSizeSearch::unmeasured_palette(std::size_t rung) const {
    const auto& rungs = gif_rungs();
    if (rungs[rung].lossy == 0) return std::nullopt;
    for (std::size_t palette = 0; palette < rungs.size(); ++palette)
        if (rungs[palette].quality == rungs[rung].quality && rungs[palette].lossy == 0 && !bytes_[palette]) return palette;
    return std::nullopt;
}

// The gentlest rung richer than a fit with no miss between them, when the fit's bytes, scaled by the
// table, say it fits too.
std::optional<std::size_t> GifSizeSearch::richer_with_room(std::size_t fit) const {
    for (std::size_t rung = 0; rung < fit; ++rung)
        if (!bytes_[rung] && scaled_from_fit(rung, fit) <= static_cast<double>(limit_)) return rung;
    return std::nullopt;
}

std::optional<std::size_t> GifSizeSearch::found() const {
    const std::size_t fit = gentlest_fit();
    if (fit == bytes_.size()) return std::nullopt;
    return fit;
}

GifFirstPassForecast::GifFirstPassForecast(int64_t limit, int expected_frames)
    : limit_(limit), expected_frames_(expected_frames) {}

FirstPassOutlook GifFirstPassForecast::judge(int frames, int64_t bytes) {
    if (frames == 1) first_frame_bytes_ = bytes;
    const int changes = frames - 1, changes_expected = expected_frames_ - 1;
    if (limit_ <= 0 || changes < std::max(kFramesBeforeForecast, changes_expected / 4)) return FirstPassOutlook::unknown;
    const double per_change = static_cast<double>(bytes - first_frame_bytes_) / changes;
    forecast_ = static_cast<int64_t>(static_cast<double>(first_frame_bytes_) + per_change * changes_expected);
    const double share = static_cast<double>(forecast_) / static_cast<double>(limit_);
    if (share >= kFarOver) return FirstPassOutlook::far_over;
    return share > kOverFrom ? FirstPassOutlook::over : FirstPassOutlook::within;
}

std::vector<std::size_t> rungs_before_first_pass_ends(int64_t limit, int64_t forecast, std::size_t at_once) {
    GifSizeSearch search(limit);
    search.measured(kFirstPassRung, std::max(forecast, limit + 1));
    std::vector<std::size_t> rungs = search.next(at_once);
    // A lossy level needs its palette's finished GIF; the search plans it only after that palette.
    rungs.erase(std::remove_if(rungs.begin(), rungs.end(), [](std::size_t rung) { return gif_rungs()[rung].lossy > 0; }), rungs.end());
    return rungs;
}

std::optional<std::size_t> richer_rung_with_room(int64_t limit, int64_t forecast) {
    GifSizeSearch search(limit);
    search.measured(kFirstPassRung, forecast);
    const std::vector<std::size_t> rungs = search.next(1);
    if (rungs.empty() || rungs.front() >= kFirstPassRung) return std::nullopt;
    return rungs.front();
}

}  // namespace cw::server
