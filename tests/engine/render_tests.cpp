// Renderer tests on real ffmpeg outputs made from generated media; small sizes unless size is the point.
#include <doctest/doctest.h>

#include <filesystem>
#include <thread>

#include "agent.hpp"
#include "render_graph.hpp"
#include "renderer.hpp"
#include "test_media.hpp"

namespace cw::server {

using nlohmann::json;
using testing::probe;
using testing::probe_duration;
using testing::read_file;
using testing::scratch_dir;
using testing::test_media;

namespace {

json video_segment(const std::string& id, const std::string& src, int64_t st, int64_t d, json extra = json::object()) {
    json meta = {{"src", src}, {"name", src}, {"kind", test_media().at(src).type}};
    meta.update(extra);
    return {{"id", id}, {"st", st}, {"d", d}, {"m", meta}};
}

RenderJob make_job(const json& draft, const json& canvas, const std::string& name, const json& output) {
    RenderJob job;
    job.draft = draft;
    job.canvas = canvas;
    job.media = test_media();
    job.options = ExportOptions::from_json(output);
    job.out_path = scratch_dir() + "/" + name;
    job.work_dir = scratch_dir() + "/work-" + name;
    return job;
}

json stream_of(const json& info, const std::string& type) {
    for (const auto& stream : info["streams"])
        if (stream.value("codec_type", "") == type) return stream;
    return nullptr;
}

// Five images back to back with 500 ms crossfades, plus optional extra tracks.
json slideshow(int64_t per_image, json extra_tracks = json::array()) {
    json segments = json::array();
    int64_t st = 0;
    for (int i = 1; i <= 5; ++i) {
        json extra = {{"effect", "kenburns"}};
        if (i > 1) extra["transition"] = {{"type", i % 2 ? "slide" : "crossfade"}, {"d", 500}};
        segments.push_back(video_segment("v" + std::to_string(i), "img" + std::to_string(i), st, per_image, extra));
        st += per_image - 500;
    }
    json tracks = json::array({{{"tt", 0}, {"m", {{"name", "Video"}}}, {"sg", segments}}});
    for (auto& track : extra_tracks) tracks.push_back(track);
    return {{"t", tracks}, {"m", json::object()}};
}

std::atomic<bool> no_cancel{false};

}  // namespace

TEST_SUITE("render_options") {
    TEST_CASE("reads the output object and rejects bad values with a message") {
        ExportOptions options = ExportOptions::from_json(
            {{"format", "gif"}, {"width", 320}, {"fps", 10}, {"colors", 64}, {"dither", "bayer"}, {"max_bytes", 500000}});
        CHECK(options.format == "gif");
        CHECK(options.width == 320);
        CHECK(options.fps == 10);
        CHECK(options.colors == 64);
        CHECK(options.dither == "bayer");
        CHECK(options.max_bytes == 500000);
        CHECK(ExportOptions::from_json({{"format", "mp4"}, {"quality", "high"}}).format == "mp4");
        CHECK(ExportOptions::from_json(nullptr).format == "mp4");
        CHECK_THROWS_AS(ExportOptions::from_json({{"format", "avi"}}), std::invalid_argument);
        CHECK_THROWS_AS(ExportOptions::from_json({{"width", 99999}}), std::invalid_argument);
        CHECK_THROWS_AS(ExportOptions::from_json({{"fps", "fast"}}), std::invalid_argument);
        CHECK_THROWS_AS(ExportOptions::from_json({{"dither", "; rm -rf"}}), std::invalid_argument);
        CHECK_THROWS_AS(ExportOptions::from_json({{"max_bytes", -1}}), std::invalid_argument);
    }

    TEST_CASE("the output spec follows options, then the draft's export preferences, then the canvas") {
        RenderJob job;
        job.canvas = {{"width", 1080}, {"height", 1920}, {"fps", 30}};
        job.draft = {{"t", json::array()}, {"m", {{"export", {{"format", "gif"}, {"fps", 15}, {"width", 360}}}}}};
        job.options = ExportOptions::from_json({{"format", "gif"}});
        OutputSpec gif = resolve_output_spec(job);
        CHECK(gif.width == 360);
        CHECK(gif.height == 640);
        CHECK(gif.fps == 15);
        CHECK(gif.dither == "none");  // measured: dithering cost bytes and SSIM (README, "GIFs")
        job.options = ExportOptions::from_json({{"format", "mp4"}});
        OutputSpec mp4 = resolve_output_spec(job);
        CHECK(mp4.width == 1080);
        CHECK(mp4.height == 1920);
        CHECK(mp4.fps == 30);
        job.options = ExportOptions::from_json({{"format", "mp4"}, {"width", 720}});
        CHECK(resolve_output_spec(job).height == 1280);
    }

    TEST_CASE("the ffmpeg command never goes through a shell and keeps user text out of the graph") {
        json draft = {{"t", json::array({{{"tt", 7}, {"sg", json::array({{{"id", "t1"}, {"st", 0}, {"d", 1000},
                                                                          {"m", {{"text", "a'b;[c]:d,e"}}}}})}}})},
                      {"m", json::object()}};
        RenderJob job = make_job(draft, {{"width", 320}, {"height", 180}, {"fps", 10}}, "unused.mp4", {{"format", "mp4"}});
        FfmpegPlan plan = build_ffmpeg_plan(job, resolve_output_spec(job), "/tmp/out.mp4");
        CHECK(plan.argv.front() == "ffmpeg");
        REQUIRE(plan.files.size() == 2);
        CHECK(plan.files[0].first == "texts.ass");
        CHECK(plan.files[1].first == "graph.txt");
        CHECK(plan.files[0].second.find("a'b;[c]:d,e") != std::string::npos);
        for (const auto& arg : plan.argv) CHECK(arg.find("a'b") == std::string::npos);
    }

    TEST_CASE("a timeline with unknown media or nothing on it is refused") {
        json draft = {{"t", json::array({{{"tt", 0}, {"sg", json::array({{{"st", 0}, {"d", 1000}, {"m", {{"src", "nope"}}}}})}}})}};
        RenderJob job = make_job(draft, json::object(), "unused.mp4", {{"format", "mp4"}});
        CHECK_THROWS_AS(build_ffmpeg_plan(job, resolve_output_spec(job), "/tmp/x.mp4"), std::invalid_argument);
        job.draft = json::object();
        CHECK_THROWS_AS(build_ffmpeg_plan(job, resolve_output_spec(job), "/tmp/x.mp4"), std::invalid_argument);
        RenderResult result = render(job, nullptr, no_cancel);
        CHECK_FALSE(result.ok);
        CHECK(result.error.find("empty") != std::string::npos);
    }
}

TEST_SUITE("render") {
    TEST_CASE("clip to a looping GIF, with monotonic progress") {
        json draft = {{"t", json::array({{{"tt", 0}, {"sg", json::array({video_segment("v1", "clip", 0, 4000)})}}})},
                      {"m", {{"export", {{"format", "gif"}, {"fps", 12}, {"width", 480}, {"loop", true}}}}}};
        RenderJob job = make_job(draft, {{"width", 1280}, {"height", 720}, {"fps", 30}}, "clip.gif", {{"format", "gif"}});
        std::vector<double> reports;
        RenderResult result = render(job, [&](double p) { reports.push_back(p); }, no_cancel);
        REQUIRE_MESSAGE(result.ok, result.error);
        CHECK(result.size == static_cast<int64_t>(std::filesystem::file_size(job.out_path)));
        json info = probe(job.out_path);
        CHECK(info["format"]["format_name"] == "gif");
        CHECK(stream_of(info, "video")["width"] == 480);
        CHECK(stream_of(info, "video")["height"] == 270);
        CHECK(probe_duration(job.out_path) == doctest::Approx(4.0).epsilon(0.05));
        std::string bytes = read_file(job.out_path);
        CHECK(bytes.compare(0, 6, "GIF89a") == 0);
        CHECK(bytes.find("NETSCAPE2.0") != std::string::npos);
        REQUIRE(reports.size() >= 2);
        for (size_t i = 1; i < reports.size(); ++i) CHECK(reports[i] > reports[i - 1]);
        CHECK(reports.back() == 1.0);
        CHECK_FALSE(std::filesystem::exists(job.out_path + ".part"));
    }

    TEST_CASE("a GIF over max_bytes is re-encoded until it fits") {
        json draft = {{"t", json::array({{{"tt", 0}, {"sg", json::array({video_segment("v1", "clip", 0, 3000)})}}})}};
        RenderJob job = make_job(draft, {{"width", 1280}, {"height", 720}}, "small.gif",
                                 {{"format", "gif"}, {"width", 480}, {"max_bytes", 300000}});
        RenderResult result = render(job, nullptr, no_cancel);
        REQUIRE_MESSAGE(result.ok, result.error);
        CHECK(result.size <= 300000);
        CHECK(std::filesystem::file_size(job.out_path) <= 300000);
        CHECK(read_file(job.out_path).find("NETSCAPE2.0") != std::string::npos);
    }

    TEST_CASE("images to a 1080p H.264 MP4 of the timeline's duration") {
        json segments = json::array();
        segments.push_back(video_segment("v1", "img1", 0, 2000, {{"effect", "kenburns"}}));
        segments.push_back(video_segment("v2", "img3", 1500, 2000, {{"transition", {{"type", "crossfade"}, {"d", 500}}}}));
        segments.push_back(video_segment("v3", "img4", 3000, 2000, {{"transition", {{"type", "fade"}, {"d", 500}}}}));
        json draft = {{"t", json::array({{{"tt", 0}, {"sg", segments}},
                                         {{"tt", 7}, {"sg", json::array({{{"id", "t1"}, {"st", 0}, {"d", 2000},
                                                                          {"m", {{"text", "Urban Dreams 城市"}, {"size", 96}}}}})}}})},
                      {"m", {{"fit", "blur"}}}};
        RenderJob job = make_job(draft, {{"width", 1920}, {"height", 1080}, {"fps", 30}}, "images.mp4", {{"format", "mp4"}});
        RenderResult result = render(job, nullptr, no_cancel);
        REQUIRE_MESSAGE(result.ok, result.error);
        json info = probe(job.out_path);
        json video = stream_of(info, "video");
        CHECK(video["codec_name"] == "h264");
        CHECK(video["pix_fmt"] == "yuv420p");
        CHECK(video["width"] == 1920);
        CHECK(video["height"] == 1080);
        CHECK(stream_of(info, "audio")["codec_name"] == "aac");
        CHECK(probe_duration(job.out_path) == doctest::Approx(5.0).epsilon(0.02));
        // +faststart puts the index (moov) before the media data (mdat).
        std::string bytes = read_file(job.out_path);
        CHECK(bytes.find("moov") < bytes.find("mdat"));
    }

    TEST_CASE("300 pictures, more than a command line once held, render into one video of the timeline's length") {
        json segments = json::array();
        for (int i = 0; i < 300; ++i)
            segments.push_back(video_segment("v" + std::to_string(i), "img" + std::to_string(1 + i % 5), i * 200, 200));
        const json draft = {{"t", json::array({{{"tt", 0}, {"sg", segments}}})}, {"m", json::object()}};
        RenderJob job = make_job(draft, {{"width", 160}, {"height", 90}, {"fps", 10}}, "many.mp4",
                                 {{"format", "mp4"}, {"width", 160}, {"quality", "low"}});
        RenderResult result = render(job, nullptr, no_cancel);
        REQUIRE_MESSAGE(result.ok, result.error);
        CHECK(probe_duration(job.out_path) == doctest::Approx(60.0).epsilon(0.02));
    }

    TEST_CASE("HD is converted and tagged as BT.709, SD as BT.601, with no edit lists; a player reads the photo back") {
        // A photo with saturated colours, as RGB: what a player shows must match it.
        const std::string photo = scratch_dir() + "/bars.png";
        testing::run_ffmpeg({"-f", "lavfi", "-i", "smptehdbars=s=1920x1080", "-frames:v", "1", photo});
        MediaInfo info;
        info.id = "bars";
        info.name = "bars.png";
        info.type = "image";
        info.path = photo;
        info.width = 1920;
        info.height = 1080;
        json draft = {{"t", json::array({{{"tt", 0}, {"sg", json::array({{{"id", "v1"}, {"st", 0}, {"d", 1000},
                                                                          {"m", {{"src", "bars"}, {"kind", "image"}}}}})}}})}};
        for (const auto& [height, space] : {std::pair{1080, "bt709"}, std::pair{480, "smpte170m"}}) {
            CAPTURE(height);
            const std::string name = "colour-" + std::to_string(height) + ".mp4";
            RenderJob job = make_job(draft, {{"width", 1920}, {"height", 1080}, {"fps", 30}}, name,
                                     {{"format", "mp4"}, {"height", height}});
            job.media["bars"] = info;
            RenderResult result = render(job, nullptr, no_cancel);
            REQUIRE_MESSAGE(result.ok, result.error);
            const json video = stream_of(probe(job.out_path), "video");
            CHECK(video["color_space"] == space);
            CHECK(video["color_primaries"] == space);
            CHECK(video["color_transfer"] == (height == 1080 ? "bt709" : "smpte170m"));
            CHECK(video["color_range"] == "tv");
            CHECK(read_file(job.out_path).find("elst") == std::string::npos);
            CHECK(video["start_time"] == "0.000000");  // no edit list, and still no B-frame delay
            // Read back as a player does (by the stream's tags), against the photo at the same size.
            const double psnr = testing::psnr_of_first_frame(job.out_path, photo);
            CHECK_MESSAGE(psnr > (height == 1080 ? 40.0 : 33.0), "PSNR " << psnr);  // SD loses more to scaling
        }
    }

    TEST_CASE("five images and the built-in music make a 30 s promo with sound") {
        json music = {{"tt", 1}, {"m", {{"name", "Music"}}},
                      {"sg", json::array({{{"id", "a1"}, {"st", 0}, {"d", 30000},
                                           {"m", {{"src", "builtin:music"}, {"volume", 0.8}, {"fade_in", 1000}, {"fade_out", 2000}}}}})}};
        json draft = slideshow(6400, json::array({music}));
        RenderJob job = make_job(draft, {{"width", 320}, {"height", 180}, {"fps", 15}}, "promo.mp4", {{"format", "mp4"}});
        RenderResult result = render(job, nullptr, no_cancel);
        REQUIRE_MESSAGE(result.ok, result.error);
        json info = probe(job.out_path);
        CHECK(stream_of(info, "audio")["codec_name"] == "aac");
        CHECK(probe_duration(job.out_path) == doctest::Approx(30.0).epsilon(0.01));
    }

    TEST_CASE("clip audio, an uploaded song, speed and in-points mix into one WebM") {
        json segments = json::array({video_segment("v1", "clip", 0, 1000, {{"in", 1000}, {"speed", 2.0}}),
                                     video_segment("v2", "img2", 1000, 1000)});
        json song = {{"tt", 1}, {"sg", json::array({{{"id", "a1"}, {"st", 500}, {"d", 1500},
                                                      {"m", {{"src", "tone"}, {"volume", 0.35}}}}})}};
        json draft = {{"t", json::array({{{"tt", 0}, {"sg", segments}}, song})}, {"m", {{"fit", "crop"}}}};
        RenderJob job = make_job(draft, {{"width", 320}, {"height", 180}, {"fps", 15}}, "mixed.webm", {{"format", "webm"}});
        RenderResult result = render(job, nullptr, no_cancel);
        REQUIRE_MESSAGE(result.ok, result.error);
        json info = probe(job.out_path);
        CHECK(stream_of(info, "video")["codec_name"] == "vp9");
        CHECK(stream_of(info, "audio")["codec_name"] == "opus");
        CHECK(probe_duration(job.out_path) == doctest::Approx(2.0).epsilon(0.05));
    }

    TEST_CASE("cancel stops the render and leaves no file") {
        RenderJob job = make_job(slideshow(6400), {{"width", 1280}, {"height", 720}, {"fps", 30}}, "cancelled.mp4",
                                 {{"format", "mp4"}});
        std::atomic<bool> cancel{false};
        std::thread canceller([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(700));
            cancel = true;
        });
        auto started = std::chrono::steady_clock::now();
        RenderResult result = render(job, nullptr, cancel);
        canceller.join();
        CHECK_FALSE(result.ok);
        CHECK(result.error == "cancelled");
        CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
        CHECK_FALSE(std::filesystem::exists(job.out_path));
        CHECK_FALSE(std::filesystem::exists(job.out_path + ".part"));
    }

    TEST_CASE("what the planner builds, the renderer renders") {
        auto planner = make_rule_planner();
        AgentInput input;
        input.draft = json::object();
        input.canvas = {{"width", 1920}, {"height", 1080}, {"fps", 30}};
        input.media = testing::test_media_list({"img1", "img2", "img3"});
        input.message = "turn these images into a 6-second video with crossfade transitions, 1:1, add title 'Hello' for the first 2 seconds";
        AgentResult planned = planner->plan(input);
        REQUIRE(planned.changed);
        RenderJob job = make_job(planned.draft, planned.canvas, "planned.mp4", {{"format", "mp4"}, {"width", 240}});
        RenderResult result = render(job, nullptr, no_cancel);
        REQUIRE_MESSAGE(result.ok, result.error);
        json video = stream_of(probe(job.out_path), "video");
        CHECK(video["width"] == 240);
        CHECK(video["height"] == 240);
        CHECK(probe_duration(job.out_path) == doctest::Approx(6.0).epsilon(0.03));
    }
}

}  // namespace cw::server
