// The GIF encoder on real outputs: exact delays, loops, transparent still parts, the same bytes
// for the same draft, a quality floor that plain two-pass ffmpeg also meets, and size limits met
// by lowering quality before the width.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <numeric>
#include <regex>
#include <sstream>

#include "ffmpeg_process.hpp"
#include "gif_encoder.hpp"
#include "gif_ladder.hpp"
#include "renderer.hpp"
#include "test_media.hpp"

namespace cw::server {

using nlohmann::json;
using testing::probe;
using testing::read_file;
using testing::scratch_dir;
using testing::test_media;

namespace {

std::atomic<bool> never{false};

json clip_draft(const std::string& src, int64_t duration_ms) {
    json segment = {{"id", "v1"}, {"st", 0}, {"d", duration_ms}, {"m", {{"src", src}, {"in", 0}}}};
    return {{"t", json::array({{{"tt", 0}, {"sg", json::array({segment})}}})}};
}

// A test picture under a slow Ken Burns zoom: every pixel moves a little in every frame, as in a pan.
json photo_draft(const std::string& src, int64_t duration_ms) {
    json segment = {{"id", "v1"}, {"st", 0}, {"d", duration_ms}, {"m", {{"src", src}, {"kind", "image"}, {"effect", "kenburns"}}}};
    return {{"t", json::array({{{"tt", 0}, {"sg", json::array({segment})}}})}};
}

// Motion in the first second only, then a still picture for three: a first pass's first quarter
// foretells far more bytes than the whole pass makes.
json motion_then_still_draft() {
    json motion = {{"id", "v1"}, {"st", 0}, {"d", 1000}, {"m", {{"src", "clip"}, {"in", 0}}}};
    json still = {{"id", "v2"}, {"st", 1000}, {"d", 3000}, {"m", {{"src", "img1"}, {"kind", "image"}}}};
    return {{"t", json::array({{{"tt", 0}, {"sg", json::array({motion, still})}}})}};
}

RenderResult render_gif(const json& draft, const std::string& name, json output,
                        const std::function<void(double)>& progress = nullptr, const std::atomic<bool>& cancel = never) {
    output["format"] = "gif";
    RenderJob job;
    job.draft = draft;
    job.canvas = {{"width", 1280}, {"height", 720}, {"fps", 30}};
    job.media = test_media();
    job.options = ExportOptions::from_json(output);
    job.out_path = scratch_dir() + "/" + name;
    job.work_dir = job.out_path + ".work";
    RenderResult result = render(job, progress, cancel);
    std::filesystem::remove_all(job.work_dir);
    return result;
}

std::string path_of(const std::string& name) { return scratch_dir() + "/" + name; }

// One field of each of the GIF's frames as ffprobe reads it ("duration" is in centiseconds).
std::vector<int> packet_values(const std::string& gif, const std::string& field) {
    CommandResult out = run_command({"ffprobe", "-v", "error", "-select_streams", "v", "-show_entries", "packet=" + field,
                                     "-of", "csv=p=0", gif},
                                    30000);
    std::vector<int> values;
    std::istringstream lines(out.out);
    for (std::string line; std::getline(lines, line);)
        if (!line.empty()) values.push_back(std::stoi(line));
    return values;
}

// SSIM of a GIF against the clip at its size and rate. The GIF is first read at the clip's rate, as
// a frame that repeats may have been merged into the one before it, and then frames pair by index.
double ssim_against_clip(const std::string& gif, int width, int fps) {
    const std::string rate = "fps=" + std::to_string(fps);
    const std::string reference = rate + ",scale=" + std::to_string(width) + ":-2:flags=lanczos";
    ProcessResult run = run_process({"ffmpeg", "-hide_banner", "-nostdin", "-i", gif, "-i", test_media().at("clip").path,
                                     "-lavfi", "[1:v]" + reference + ",format=yuv420p,settb=1/100,setpts=N[r];"
                                               "[0:v]" + rate + ",format=yuv420p,settb=1/100,setpts=N[c];[c][r]ssim", "-f", "null", "-"},
                                    {}, nullptr, never);
    std::smatch match;
    return std::regex_search(run.error_tail, match, std::regex("All:([0-9.]+)")) ? std::stod(match[1]) : 0.0;
}

int gif_width(const std::string& path) { return probe(path)["streams"][0].value("width", 0); }

}  // namespace

TEST_SUITE("gif") {
    TEST_CASE("frame delays are whole centiseconds that add up to the length at any rate") {
        for (int fps : {5, 12, 15, 24, 25, 30, 50}) {
            CAPTURE(fps);
            int total = 0;
            for (int i = 0; i < fps * 7; ++i) total += frame_delay_cs(i, fps);
            CHECK(total == 700);
            CHECK(frame_delay_cs(0, fps) >= 2);
        }
        CHECK(frame_delay_cs(3, 100) == 2);  // faster than a browser shows is slowed to 50 fps
    }

    TEST_CASE("a clip's GIF loops, its delays add up to the clip, and the same draft gives the same bytes") {
        REQUIRE(render_gif(clip_draft("clip", 4000), "loop.gif", {{"width", 480}, {"fps", 15}}).ok);
        REQUIRE(render_gif(clip_draft("clip", 4000), "again.gif", {{"width", 480}, {"fps", 15}}).ok);
        const std::string bytes = read_file(path_of("loop.gif"));
        CHECK(bytes.compare(0, 6, "GIF89a") == 0);
        CHECK(bytes.find("NETSCAPE2.0") != std::string::npos);
        const std::vector<int> delays = packet_values(path_of("loop.gif"), "duration");
        CHECK(delays.size() == 60);
        CHECK(std::accumulate(delays.begin(), delays.end(), 0) == 400);
        CHECK(bytes == read_file(path_of("again.gif")));
    }

    TEST_CASE("a still picture costs one frame: what follows it is transparent, or merged into it") {
        REQUIRE(render_gif(clip_draft("img1", 3000), "still.gif", {{"width", 480}, {"fps", 10}}).ok);
        const std::vector<int> sizes = packet_values(path_of("still.gif"), "size");
        const std::vector<int> delays = packet_values(path_of("still.gif"), "duration");
        REQUIRE_FALSE(sizes.empty());
        CHECK(std::accumulate(delays.begin(), delays.end(), 0) == 300);
        CHECK(std::accumulate(sizes.begin(), sizes.end(), 0) < sizes.front() + 30 * 100);
    }

    // Two-frame pictures, small enough to check pixel by pixel.
    constexpr int kSmallWidth = 40, kSmallHeight = 20;
    constexpr std::size_t kSmallFrameBytes = kSmallWidth * kSmallHeight * 4;

    // The second of two small frames as a GIF of that quality shows it, as RGBA.
    std::string second_frame_shown(const std::vector<uint8_t>& first, const std::vector<uint8_t>& second, int quality) {
        const std::string gif = path_of("two.gif");
        GifEncoder encoder(gif, {kSmallWidth, kSmallHeight, 10, quality});
        REQUIRE(encoder.add_frame(first.data()));
        REQUIRE(encoder.add_frame(second.data()));
        REQUIRE(encoder.finish());
        testing::run_ffmpeg({"-i", gif, "-vsync", "passthrough", "-f", "rawvideo", "-pix_fmt", "rgba", path_of("two.rgba")});
        const std::string frames = read_file(path_of("two.rgba"));
        REQUIRE(frames.size() == 2 * kSmallFrameBytes);
        return frames.substr(kSmallFrameBytes);
    }

    // The red level of a pixel of a small frame.
    uint8_t red_at(const std::string& frame, int x, int y) { return static_cast<uint8_t>(frame[(y * kSmallWidth + x) * 4]); }

    TEST_CASE("in a flat area a small change of colour keeps what is shown; a change of luma as small is drawn") {
        // Grey; then the left half redder and a little less green (luma unchanged, colour about 3
        // levels off), the right half 3 levels lighter. Quality 90 allows 3 levels off in a flat area.
        std::vector<uint8_t> grey(kSmallFrameBytes, 128), changed = grey;
        for (int p = 0; p < kSmallWidth * kSmallHeight; ++p) {
            uint8_t* pixel = &changed[p * 4];
            if (p % kSmallWidth < kSmallWidth / 2) pixel[0] = 132, pixel[1] = 126;
            else std::fill_n(pixel, 3, 131);
        }
        const std::string shown = second_frame_shown(grey, changed, 90);
        for (int y = 0; y < kSmallHeight; ++y) {
            CAPTURE(y);
            CHECK(red_at(shown, 5, y) == 128);  // colour: kept
            CHECK(red_at(shown, 30, y) > 129);  // luma: drawn anew
        }
    }

    TEST_CASE("a small change beside an edge keeps what is shown; the same change in a flat area is drawn") {
        // Grey on the left, black and white stripes on the right; then the grey and the white 6 levels
        // off. Quality 90 allows 3 levels off in a flat area and 12 beside an edge, and of luma half of
        // that, rounded up: 2 and 6. (libimagequant itself keeps what is shown within 4 levels of grey,
        // even at quality 95, so that quality's smaller bounds cannot be told apart here.)
        constexpr int kOff = 6;
        const auto picture = [&](int off) {
            std::vector<uint8_t> rgba(kSmallFrameBytes, 255);
            for (int p = 0; p < kSmallWidth * kSmallHeight; ++p) {
                const int x = p % kSmallWidth;
                std::fill_n(&rgba[p * 4], 3, x < kSmallWidth / 2 ? 128 + off : (x / 2) % 2 ? 255 - off : 0);
            }
            return rgba;
        };
        const std::string shown = second_frame_shown(picture(0), picture(kOff), 90);
        for (int y = 0; y < kSmallHeight; ++y) {
            CAPTURE(y);
            CHECK(red_at(shown, 5, y) > 128 + kOff / 2);  // flat grey, drawn anew (nearer the new grey than the old)
            CHECK(red_at(shown, 31, y) == 255);  // a white stripe's pixel beside black ones, kept
        }
    }

    TEST_CASE("quality stays above a floor that plain two-pass ffmpeg also meets") {
        constexpr double kFloor = 0.985;  // plain ffmpeg: 0.993 on this clip at 480 px, 15 fps
        REQUIRE(render_gif(clip_draft("clip", 4000), "quality.gif", {{"width", 480}, {"fps", 15}}).ok);
        testing::run_ffmpeg({"-i", test_media().at("clip").path, "-vf",
                             "fps=15,scale=480:-2:flags=lanczos,split[a][b];[a]palettegen=stats_mode=full[p];"
                             "[b][p]paletteuse=dither=sierra2_4a",
                             "-loop", "0", path_of("plain.gif")});
        const double ours = ssim_against_clip(path_of("quality.gif"), 480, 15);
        const double plain = ssim_against_clip(path_of("plain.gif"), 480, 15);
        CHECK(plain >= kFloor);
        CHECK(ours >= kFloor);
        MESSAGE("SSIM: ours " << ours << ", plain ffmpeg " << plain);
    }

    TEST_CASE("a limit the first pass meets keeps its GIF, though its first frames foretold far more") {
        const json draft = motion_then_still_draft();
        RenderResult full = render_gif(draft, "unlimited.gif", {{"width", 480}, {"fps", 15}});
        REQUIRE(full.ok);
        // The first pass under a limit is made a little faster than the GIF without one, and larger.
        const auto limit = static_cast<int64_t>(static_cast<double>(full.size) * 1.05);
        RenderResult limited = render_gif(draft, "limited.gif", {{"width", 480}, {"fps", 15}, {"max_bytes", limit}});
        REQUIRE_MESSAGE(limited.ok, limited.error);
        CHECK(limited.size <= limit);
        CHECK(static_cast<double>(limited.size) >= 0.95 * static_cast<double>(full.size));
        MESSAGE("without a limit " << full.size << " bytes, under " << limit << ": " << limited.size);
    }

    TEST_CASE("a limit with room for a richer palette gets it: more of the limit's bytes, and a higher SSIM") {
        const json draft = clip_draft("clip", 4000);
        RenderResult full = render_gif(draft, "unlimited.gif", {{"width", 480}, {"fps", 15}});
        REQUIRE(full.ok);
        const auto limit = static_cast<int64_t>(static_cast<double>(full.size) * 1.3);
        RenderResult limited = render_gif(draft, "roomy.gif", {{"width", 480}, {"fps", 15}, {"max_bytes", limit}});
        REQUIRE_MESSAGE(limited.ok, limited.error);
        CHECK(limited.size <= limit);
        CHECK(static_cast<double>(limited.size) > 1.05 * static_cast<double>(full.size));  // the first pass alone: 1.01–1.02 ×
        const double without = ssim_against_clip(path_of("unlimited.gif"), 480, 15);
        const double with_room = ssim_against_clip(path_of("roomy.gif"), 480, 15);
        CHECK(with_room > without);
        MESSAGE("without a limit " << full.size << " bytes, SSIM " << without << "; under " << limit << ": " << limited.size
                                   << " bytes, SSIM " << with_room);
    }

    TEST_CASE("a limited GIF cancelled while rungs are made alongside its first pass stops at once and leaves nothing") {
        // The clip's first frames forecast about 750 KB: well under the largest limit, so the richer
        // palette starts from the kept frames alongside the pass; just over the next, so a coarser
        // one starts; far over the smallest, so the pass stops and the coarsest palette starts while
        // ffmpeg still renders. The cancel comes halfway through the pass (0.8 of the progress bar),
        // or after the search's first round.
        for (const auto& [limit, cancel_at] :
             std::vector<std::pair<int, double>>{{2000000, 0.4}, {700000, 0.4}, {60000, 0.4}, {60000, 0.85}}) {
            CAPTURE(limit);
            CAPTURE(cancel_at);
            std::atomic<bool> cancel{false};
            std::chrono::steady_clock::time_point cancelled;
            const auto progress = [&](double done) {
                if (done < cancel_at || cancel) return;
                cancelled = std::chrono::steady_clock::now();
                cancel = true;
            };
            RenderResult result = render_gif(clip_draft("clip", 4000), "cancelled.gif", {{"width", 480}, {"fps", 15}, {"max_bytes", limit}},
                                             progress, cancel);
            REQUIRE(cancel);
            CHECK(result.error == "cancelled");
            CHECK(std::chrono::steady_clock::now() - cancelled < std::chrono::seconds(3));
            CHECK_FALSE(std::filesystem::exists(path_of("cancelled.gif")));
            CHECK_FALSE(std::filesystem::exists(path_of("cancelled.gif.part")));
        }
    }

    TEST_CASE("size limits are met by lowering quality first; the width goes only when nothing else is left") {
        struct Content {
            std::string name;
            json draft;
            double keeps_width_down_to;  // the zoom's sharp, moving detail needs a narrower picture sooner
        };
        for (const Content& content : {Content{"a clip", clip_draft("clip", 4000), 0.45},
                                       Content{"a test picture's slow zoom", photo_draft("img1", 4000), 0.7}}) {
            CAPTURE(content.name);
            const json& draft = content.draft;
            RenderResult full = render_gif(draft, "unlimited.gif", {{"width", 480}, {"fps", 15}});
            REQUIRE(full.ok);
            // Near the first GIF, the next rung is made alongside the first pass; far under it, two.
            for (double share : {0.95, 0.7, 0.45, 0.15}) {
                CAPTURE(share);
                const auto limit = static_cast<int64_t>(static_cast<double>(full.size) * share);
                RenderResult limited = render_gif(draft, "limited.gif", {{"width", 480}, {"fps", 15}, {"max_bytes", limit}});
                REQUIRE_MESSAGE(limited.ok, limited.error);
                CHECK(limited.size <= limit);
                CHECK(std::filesystem::file_size(path_of("limited.gif")) <= static_cast<uintmax_t>(limit));
                if (share >= content.keeps_width_down_to) CHECK(gif_width(path_of("limited.gif")) == 480);
                const std::vector<int> delays = packet_values(path_of("limited.gif"), "duration");
                CHECK(std::accumulate(delays.begin(), delays.end(), 0) == 400);
                const std::string made = read_file(path_of("limited.gif"));
                REQUIRE(render_gif(draft, "limited.gif", {{"width", 480}, {"fps", 15}, {"max_bytes", limit}}).ok);
                CHECK_MESSAGE(read_file(path_of("limited.gif")) == made, "the same limit gives the same bytes");
            }
        }
    }
}

// The size ladder's search alone, on sizes measured from the benchmark's clips (bench_gif).
TEST_SUITE("gif_ladder") {
    using Rungs = std::vector<std::size_t>;

    // The ladder's rung of that palette quality and lossy level.
    std::size_t rung(int quality, int lossy = 0) {
        const auto& rungs = gif_rungs();
        const auto found = std::find_if(rungs.begin(), rungs.end(), [&](const GifRung& r) { return r.quality == quality && r.lossy == lossy; });
        REQUIRE(found != rungs.end());
        return static_cast<std::size_t>(found - rungs.begin());
    }

    // Runs the search, from what it knows already, against fixed sizes per rung; returns the rungs
    // it asked for, round by round.
    std::vector<Rungs> rounds_from_here(GifSizeSearch& search, const std::vector<int64_t>& sizes) {
        std::vector<Rungs> rounds;
        for (Rungs rungs = search.next(2); !rungs.empty(); rungs = search.next(2)) {
            REQUIRE(rounds.size() < sizes.size());
            rounds.push_back(rungs);
            for (std::size_t rung : rungs) search.measured(rung, sizes[rung]);
        }
        return rounds;
    }

    // The same, from the first pass's measured size.
    std::vector<Rungs> search_rounds(GifSizeSearch& search, const std::vector<int64_t>& sizes) {
        search.measured(kFirstPassRung, sizes[kFirstPassRung]);
        return rounds_from_here(search, sizes);
    }

    // Bytes per rung as an earlier encoder wrote them: the richer palette, quality 90, 88, 85, 80, 75,
    // 60, 45, 30, 20, 10, then lossy 40 to 400 on quality 10. Scaled from other measurements: the
    // test pattern's lossy levels, the richer palette by 1.116 and 1.052 of quality 90, and quality 88
    // by 0.943 and 0.98 of it (as today's encoder makes them).
    const std::vector<int64_t> kTestPattern = {823400, 737821, 695765, 645407, 583805, 495458, 438225, 390113, 369496,
                                               352651, 334446, 327742, 323016, 316533, 312213, 306831, 302232};
    const std::vector<int64_t> kFractalZoom = {12138211, 11538223, 11307459, 11225737, 11029556, 10758246, 10270580, 9251087, 8314103,
                                               7676980,  6849173,  6591000,  6365000,  6086000,  5818000,  5454646, 5188005};

    TEST_CASE("a GIF within its limit, without room for a richer palette, needs no search") {
        GifSizeSearch search(800000);
        CHECK(search_rounds(search, kTestPattern).empty());
        CHECK(search.found() == std::optional<std::size_t>(kFirstPassRung));
    }

    TEST_CASE("a limit with room climbs to the richer palette, and keeps the first GIF when that misses") {
        GifSizeSearch roomy(900000);
        CHECK(search_rounds(roomy, kTestPattern) == std::vector<Rungs>{{rung(98)}});
        CHECK(roomy.found() == rung(98));
        // The table says 1.14 × 737,821 = 841,116 bytes: tried under 845,000, and here it misses.
        std::vector<int64_t> sizes = kTestPattern;
        sizes[rung(98)] = 860000;
        GifSizeSearch tight(845000);
        CHECK(search_rounds(tight, sizes) == std::vector<Rungs>{{rung(98)}});
        CHECK(tight.found() == std::optional<std::size_t>(kFirstPassRung));
    }

    TEST_CASE("a limit just below the first GIF costs a near step, not a third of its bytes") {
        GifSizeSearch search(730338);  // gifski quality 90's bytes on the test pattern
        CHECK(search_rounds(search, kTestPattern) == std::vector<Rungs>{{rung(88), rung(85)}});
        CHECK(search.found() == rung(88));
    }

    TEST_CASE("content like the table: one round, on the palette the table says fits and the next one") {
        GifSizeSearch search(406000);
        CHECK(search_rounds(search, kTestPattern) == std::vector<Rungs>{{rung(45), rung(30)}});
        CHECK(search.found() == rung(45));
    }

    TEST_CASE("content that shrinks less than the table: palettes, then lossy levels predicted from its own bytes") {
        GifSizeSearch search(5720000);
        CHECK(search_rounds(search, kFractalZoom) ==
              std::vector<Rungs>{{rung(30), rung(20)}, {rung(10)}, {rung(10, 300), rung(10, 400)}});
        CHECK(search.found() == rung(10, 300));
    }

    TEST_CASE("lossy levels wait for their palette's bytes, which predict them better than the table") {
        // A first pass stopped early and forecast 19 % over its real bytes: the table then points at
        // lossy 40 and 80, where quality 10's own bytes point at 300 and 400.
        std::vector<int64_t> sizes = kFractalZoom;
        sizes[kFirstPassRung] = 13751433;
        GifSizeSearch search(5720000);
        CHECK(search_rounds(search, sizes) == std::vector<Rungs>{{rung(10)}, {rung(10, 300), rung(10, 400)}});
        CHECK(search.found() == rung(10, 300));
    }

    TEST_CASE("a forecast miss that a rung which fits contradicts is measured, and kept when it fits") {
        // A first pass forecast at 1.6 × its real bytes, as a clip whose motion is all in its first
        // quarter would be.
        GifSizeSearch search(740000);
        search.forecast(kFirstPassRung, 1180000);
        const std::vector<Rungs> rounds = rounds_from_here(search, kTestPattern);
        REQUIRE(!rounds.empty());
        REQUIRE(rounds.size() < 5);
        CHECK(rounds.back() == Rungs{kFirstPassRung});
        CHECK(search.found() == std::optional<std::size_t>(kFirstPassRung));
    }

    TEST_CASE("a forecast far over is doubted by a fit that the table scales to just over the limit") {
        // Measured: one second of motion, then a still picture. The forecast was 3.3 × the limit; the
        // first GIF, measured, fitted. Its quality 60 kept 0.64 of its bytes, where the table says 0.59.
        GifSizeSearch search(188115);
        search.forecast(kFirstPassRung, 617515);
        search.measured(rung(60), 114617);
        search.measured(rung(45), 98246);
        CHECK(search.next(2) == Rungs{kFirstPassRung});
    }

    TEST_CASE("a rung predicted to fit just under the limit is tried, not skipped for a margin") {
        // The fractal zoom at gifski quality 70's bytes, with quality 60 made alongside the first
        // pass and missing: it predicts quality 45 at 9.23 MB, 1.8 % under the limit (it is 9.25 MB).
        GifSizeSearch search(9396150);
        search.measured(rung(60), kFractalZoom[rung(60)]);
        CHECK(search_rounds(search, kFractalZoom) == std::vector<Rungs>{{rung(45), rung(30)}});
        CHECK(search.found() == rung(45));
    }

    TEST_CASE("a rung that fits with room sends the search back to a gentler one that may fit too") {
        // Lossy 300 fits with room, so lossy 200, between its bytes and quality 10's, may fit.
        std::vector<int64_t> sizes = kFractalZoom;
        sizes[rung(10, 300)] = 5100000;
        GifSizeSearch search(5700000);
        CHECK(search_rounds(search, sizes) ==
              std::vector<Rungs>{{rung(30), rung(20)}, {rung(10)}, {rung(10, 300), rung(10, 400)}, {rung(10, 200)}});
        CHECK(search.found() == rung(10, 300));
        sizes[rung(10, 200)] = 5600000;
        GifSizeSearch again(5700000);
        search_rounds(again, sizes);
        CHECK(again.found() == rung(10, 200));
    }

    TEST_CASE("nothing fits: the strongest rungs are tried anyway, and the search ends with none") {
        GifSizeSearch search(1000);
        const std::vector<Rungs> rounds = search_rounds(search, kTestPattern);
        REQUIRE(!rounds.empty());
        CHECK(rounds.size() <= 3);
        CHECK(rounds.back().back() == gif_rungs().size() - 1);
        CHECK_FALSE(search.found());
    }

    // Feeds a first pass of `frames` frames: the header and first frame, then the same bytes per
    // frame. Returns the frame after which the forecast first gave `outlook`, or 0.
    int judged_after(GifFirstPassForecast& forecast, FirstPassOutlook outlook, int frames, int64_t first, int64_t per_frame) {
        for (int frame = 1; frame <= frames; ++frame)
            if (forecast.judge(frame, first + per_frame * (frame - 1)) == outlook) return frame;
        return 0;
    }

    TEST_CASE("a first pass far over its limit stops after a quarter of its frames, with its whole size forecast") {
        GifFirstPassForecast forecast(400000, 61);  // the pass makes 50,000 + 60 × 10,000 bytes
        CHECK(judged_after(forecast, FirstPassOutlook::far_over, 61, 50000, 10000) == 16);
        CHECK(forecast.bytes() == 650000);
    }

    TEST_CASE("a first pass near its limit, or too short to judge, is finished") {
        GifFirstPassForecast near(541667, 61);  // 1.2 × the limit: a gentle rung may need its bytes
        CHECK(judged_after(near, FirstPassOutlook::far_over, 61, 50000, 10000) == 0);
        GifFirstPassForecast short_clip(10000, 6);
        CHECK(judged_after(short_clip, FirstPassOutlook::unknown, 6, 50000, 10000) == 1);
        CHECK(judged_after(short_clip, FirstPassOutlook::far_over, 6, 50000, 10000) == 0);
        GifFirstPassForecast no_limit(0, 61);
        CHECK(judged_after(no_limit, FirstPassOutlook::unknown, 61, 50000, 10000) == 1);
        CHECK(judged_after(no_limit, FirstPassOutlook::far_over, 61, 50000, 10000) == 0);
    }

    TEST_CASE("a first pass forecast near or over its limit starts the rung to try next alongside it") {
        GifFirstPassForecast near(650000 / 0.95, 61);  // forecast at 0.95 of the limit: it may well miss
        CHECK(judged_after(near, FirstPassOutlook::over, 61, 50000, 10000) == 16);
        GifFirstPassForecast within(650000 / 0.8, 61);
        CHECK(judged_after(within, FirstPassOutlook::over, 61, 50000, 10000) == 0);
        CHECK(judged_after(within, FirstPassOutlook::within, 61, 50000, 10000) == 16);

        // gifski quality 90's bytes on the test pattern, which its first pass misses by 1 %: quality
        // 88, as the search would try first once the pass is measured.
        CHECK(rungs_before_first_pass_ends(730338, 700000, 1) == Rungs{rung(88)});
        CHECK(rungs_before_first_pass_ends(730338, kTestPattern[kFirstPassRung], 1) == Rungs{rung(88)});
        // Far over: the pass stops, so both cores take the search's first round.
        CHECK(rungs_before_first_pass_ends(406000, kTestPattern[kFirstPassRung], 2) == Rungs{rung(45), rung(30)});
        // Lossy levels need their palette's finished GIF, so never start alongside.
        for (const std::size_t made : rungs_before_first_pass_ends(5720000, 20000000, 2)) CHECK(gif_rungs()[made].lossy == 0);
    }

    TEST_CASE("a first pass forecast well within a limit that leaves room starts the richer palette alongside it") {
        // gifski quality 90's bytes on the test pattern, whose first pass was forecast at 585 KB.
        CHECK(richer_rung_with_room(730338, 585000) == rung(98));
        CHECK_FALSE(richer_rung_with_room(730338, 660000));
    }

    TEST_CASE("whatever the sizes, the rung found fits and the gentler one was measured or predicted to miss") {
        for (double limit_share : {1.2, 1.1, 0.9, 0.7, 0.55, 0.5, 0.47, 0.45, 0.44, 0.43, 0.4}) {
            for (const auto* sizes : {&kTestPattern, &kFractalZoom}) {
                const auto limit = static_cast<int64_t>(static_cast<double>((*sizes)[kFirstPassRung]) * limit_share);
                CAPTURE(limit);
                GifSizeSearch search(limit);
                search_rounds(search, *sizes);
                const auto gentlest = std::find_if(sizes->begin(), sizes->end(), [&](int64_t size) { return size <= limit; });
                if (gentlest == sizes->end()) {
                    CHECK_FALSE(search.found());
                    continue;
                }
                REQUIRE(search.found());
                CHECK((*sizes)[*search.found()] <= limit);
                // Never stronger than two rungs past the gentlest that fits (one skipped on the table's word).
                CHECK(*search.found() <= static_cast<std::size_t>(gentlest - sizes->begin()) + 2);
            }
        }
    }
}

}  // namespace cw::server
