// Media from real phones and cameras, made in the test by outside encoders (libheif's heif-enc,
// exiftool, cwebp, jpegtran, ffmpeg): what the upload reports is what players show, and exports look that way too,
// checked on the pixels by SSIM against an upright reference.
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include <doctest/doctest.h>

#include "harness.hpp"

using namespace cw::test;
namespace fs = std::filesystem;

namespace {

void run_tool(const std::vector<std::string>& argv) {
    std::string command;
    for (const std::string& arg : argv) command += "'" + arg + "' ";
    REQUIRE_MESSAGE(std::system((command + ">/dev/null 2>&1").c_str()) == 0, command);
}

// A 640×360 clip stored as phones store portrait video: landscape pixels and a 90° display matrix.
std::string make_portrait_phone_clip(const std::string& dir) {
    const std::string path = make_clip(dir, "IMG_0001.mp4", 2, 640, 360);
    run_tool({"exiftool", "-q", "-overwrite_original", "-Rotation=90", path});
    return path;
}

std::string make_exif_rotated_jpeg(const std::string& dir) {
    const std::string path = dir + "/IMG_0002.jpg";
    ffmpeg({"-f", "lavfi", "-i", "testsrc2=s=1600x1200", "-frames:v", "1", path});
    run_tool({"exiftool", "-q", "-overwrite_original", "-n", "-Orientation=6", path});
    return path;
}

std::string make_heic(const std::string& dir, std::string& source_png) {
    source_png = dir + "/heic_source.png";
    ffmpeg({"-f", "lavfi", "-i", "testsrc2=s=640x360", "-frames:v", "1", source_png});
    const std::string path = dir + "/IMG_0003.heic";
    run_tool({"heif-enc", "-q", "90", source_png, "-o", path});
    return path;
}

std::string make_animated_gif(const std::string& dir) {
    const std::string path = dir + "/loop.gif";
    ffmpeg({"-f", "lavfi", "-i", "testsrc2=s=320x240:r=10:d=2", "-vf", "split[a][b];[a]palettegen[p];[b][p]paletteuse", path});
    return path;
}

// DV-style anamorphic video: 720×576 pixels shown 16:15 wide, so 768×576 on screen.
std::string make_anamorphic_clip(const std::string& dir) {
    const std::string path = dir + "/tape.mp4";
    ffmpeg({"-f", "lavfi", "-i", "testsrc2=s=720x576:r=25:d=2", "-vf", "setsar=16/15", "-pix_fmt", "yuv420p", "-c:v", "libx264",
            "-preset", "ultrafast", path});
    return path;
}

// SSIM of two pictures after each goes through its own filter chain (to the same size).
double ssim(const std::string& a, const std::string& a_filters, const std::string& b, const std::string& b_filters, const std::string& dir) {
    const std::string stats = dir + "/ssim.log";
    ffmpeg({"-i", a, "-i", b, "-lavfi", "[0:v]" + a_filters + ",format=yuv420p[x];[1:v]" + b_filters + ",format=yuv420p[y];[x][y]ssim=stats_file=" + stats,
            "-frames:v", "1", "-f", "null", "-"});
    std::ifstream in(stats);
    std::string line;
    std::getline(in, line);
    const std::size_t at = line.find("All:");
    REQUIRE_MESSAGE(at != std::string::npos, line);
    return std::stod(line.substr(at + 4));
}

// The colour of one pixel of a video's first frame (or a picture), as R, G, B.
std::vector<int> pixel(const std::string& path, int x, int y, const std::string& dir) {
    const std::string raw = dir + "/pixel.rgb";
    ffmpeg({"-i", path, "-vf", "format=rgb24,crop=1:1:" + std::to_string(x) + ":" + std::to_string(y), "-frames:v", "1", "-f", "rawvideo", raw});
    std::ifstream in(raw, std::ios::binary);
    std::vector<int> rgb;
    for (char c; in.get(c);) rgb.push_back(static_cast<unsigned char>(c));
    REQUIRE(rgb.size() == 3);
    return rgb;
}

// A server and a signed-in session, with a folder for the media the test makes.
struct Phone {
    ServerProcess server{{"--silent-percent", "0"}};
    TempDir media;
    Api api{server.port};
    std::string session;
    Phone() {
        api.sign_in();
        session = api.new_session();
    }
};

std::string download(const json& job, const std::string& dir, const std::string& name) {
    REQUIRE_MESSAGE(job["status"] == "completed", job.dump());
    const std::string path = dir + "/" + name;
    REQUIRE(fetch_plain(job["output"]["url"], path).status == 200);
    return path;
}

}  // namespace

TEST_SUITE("phone_media") {

TEST_CASE_FIXTURE(Phone, "uploads report what players show: rotation, EXIF orientation, sample aspect, HEIC, animated GIF") {
    std::string heic_source;
    const json files = api.upload_ok(session, {{make_portrait_phone_clip(media.path), "IMG_0001.MOV"},
                                               {make_exif_rotated_jpeg(media.path), "IMG_0002.JPG"},
                                               {make_heic(media.path, heic_source), "IMG_0003.HEIC"},
                                               {make_animated_gif(media.path), "loop.gif"},
                                               {make_anamorphic_clip(media.path), "tape.mp4"}});
    REQUIRE(files.size() == 5);
    CHECK(files[0]["type"] == "video");
    CHECK(files[0]["width"] == 360);
    CHECK(files[0]["height"] == 640);
    CHECK(files[1]["type"] == "image");
    CHECK(files[1]["width"] == 1200);
    CHECK(files[1]["height"] == 1600);
    CHECK(files[2]["type"] == "image");
    CHECK(files[2]["width"] == 640);
    CHECK(files[2]["height"] == 360);
    CHECK(files[2]["url"].get<std::string>().find(".png") != std::string::npos);  // stored as the lossless PNG libheif decoded
    CHECK(files[3]["type"] == "video");
    CHECK(std::abs(files[3]["duration_ms"].get<int>() - 2000) <= 100);
    CHECK(files[4]["width"] == 768);
    CHECK(files[4]["height"] == 576);
}

TEST_CASE_FIXTURE(Phone, "a portrait phone clip exports upright and unsqueezed, on a 9:16 and on a 16:9 canvas") {
    const std::string clip = make_portrait_phone_clip(media.path);
    api.upload_ok(session, {{clip, "IMG_0001.MOV"}});
    api.chat(session, "turn my clip into a video");
    const json canvas = api.state(session)["canvas_config"];
    CHECK(canvas["width"] == 1080);
    CHECK(canvas["height"] == 1920);
    const std::string tall = download(api.export_and_wait(session, {{"format", "mp4"}, {"width", 360}}), media.path, "tall.mp4");
    // The reference: the clip as a player shows it (ffmpeg applies the display matrix).
    CHECK(ssim(tall, "trim=start=1,setpts=PTS-STARTPTS,scale=360:640", clip, "trim=start=1,setpts=PTS-STARTPTS,scale=360:640", media.path) > 0.9);

    api.chat(session, "make it 16:9 with black bars");
    const std::string wide = download(api.export_and_wait(session, {{"format", "mp4"}, {"width", 640}}), media.path, "wide.mp4");
    // On 640×360 the upright picture is 202×360 in the middle; squeezed, it would fill the width.
    CHECK(ssim(wide, "trim=start=1,setpts=PTS-STARTPTS,crop=202:360:219:0", clip, "trim=start=1,setpts=PTS-STARTPTS,scale=202:360", media.path) > 0.85);
}

TEST_CASE_FIXTURE(Phone, "a HEIC photo exports as itself; bytes behind a HEIC header are refused and nothing is kept") {
    std::string source;
    api.upload_ok(session, {{make_heic(media.path, source), "IMG_0003.HEIC"}});
    api.chat(session, "turn this photo into a video without motion");
    const std::string out = download(api.export_and_wait(session, {{"format", "mp4"}, {"width", 640}}), media.path, "photo.mp4");
    CHECK(ssim(out, "scale=640:360", source, "scale=640:360", media.path) > 0.9);

    const std::string fake = media.path + "/fake.heic";
    std::ofstream(fake, std::ios::binary) << std::string("\0\0\0\x18" "ftypheic\0\0\0\0mif1heic", 24) << std::string(4000, 'x');
    const std::size_t stored_before = count_files(server.data_dir + "/media");
    const Reply refused = api.upload(session, {{fake, "fake.heic"}});
    CHECK(refused.code() == 4001);
    CHECK(refused.raw.find("could not be decoded") != std::string::npos);
    CHECK(count_files(server.data_dir + "/media") == stored_before);
    CHECK(count_files(server.data_dir + "/tmp") == 0);
}

TEST_CASE_FIXTURE(Phone, "an animated GIF is a clip; an in-point past the end of a clip still renders, promptly") {
    const json files = api.upload_ok(session, {{make_animated_gif(media.path), "loop.gif"}});
    api.chat(session, "turn my clip into a video");
    json draft = api.state(session)["draft"];
    CHECK(std::abs(draft["t"][0]["sg"][0]["d"].get<int>() - 2000) <= 100);
    const std::string out = download(api.export_and_wait(session, {{"format", "mp4"}, {"width", 320}}), media.path, "gif.mp4");
    const json info = ffprobe(out);
    CHECK(probe_duration_s(info) == doctest::Approx(2.0).epsilon(0.1));
    // The frames move: the first and the last differ, as an animation's do.
    CHECK(ssim(out, "trim=end_frame=1", out, "trim=start=1.8,setpts=PTS-STARTPTS", media.path) < 0.9);

    draft["t"][0]["sg"][0]["m"]["in"] = 9000;  // far past the GIF's 2 s
    const std::string id = unique_id("render");
    REQUIRE(api.post("/api/render/proxy/lambda", {{"id", id}, {"sessionId", session}, {"draft", draft}, {"output", {{"format", "mp4"}, {"width", 320}}}}).code() == 0);
    const auto started = std::chrono::steady_clock::now();
    json status;
    while (std::chrono::steady_clock::now() - started < std::chrono::seconds(60)) {
        status = api.get("/api/render/proxy/lambda/" + id).data();
        if (status["status"] == "completed" || status["status"] == "failed") break;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    CHECK(status["status"] == "completed");
}

TEST_CASE_FIXTURE(Phone, "transparency is the same in every output: the canvas's black, never the colour hidden underneath") {
    // Red hidden under fully transparent pixels, an opaque white square in the middle.
    const std::string png = media.path + "/logo.png";
    const std::string inside = "between(X,110,209)*between(Y,70,169)";
    ffmpeg({"-f", "lavfi", "-i", "color=c=red:s=320x240", "-vf",
            "format=rgba,geq=r='255':g='if(" + inside + ",255,0)':b='if(" + inside + ",255,0)':a='if(" + inside + ",255,0)'",
            "-frames:v", "1", png});
    api.upload_ok(session, {{png, "logo.png"}});
    api.chat(session, "turn this photo into a video without motion");
    for (const char* format : {"mp4", "gif"}) {
        CAPTURE(format);
        const std::string out = download(api.export_and_wait(session, {{"format", format}, {"width", 320}}), media.path,
                                         std::string("logo.") + format);
        const std::vector<int> corner = pixel(out, 60, 20, media.path);  // transparent, inside the picture
        CHECK(corner[0] < 40);
        CHECK(corner[1] < 40);
        CHECK(corner[2] < 40);
        const std::vector<int> middle = pixel(out, 160, 90, media.path);  // the white square
        CHECK(middle[0] > 200);
    }
}

TEST_CASE_FIXTURE(Phone, "a corpus of what cameras and encoders write: each upload says what it is, as shown") {
    const std::string d = media.path;
    auto clip = [&](const std::string& name, std::vector<std::string> encode, const std::string& source = "testsrc2=s=320x240:r=25:d=2") {
        std::vector<std::string> args = {"-f", "lavfi", "-i", source, "-f", "lavfi", "-i", "sine=frequency=330:d=2"};
        args.insert(args.end(), encode.begin(), encode.end());
        args.push_back(d + "/" + name);
        ffmpeg(args);
        return d + "/" + name;
    };
    struct Expected {
        std::string file, type;
        int width, height, duration_ms;
    };
    std::vector<Expected> expected = {
        {clip("hevc10.mov", {"-c:v", "libx265", "-x265-params", "log-level=error", "-pix_fmt", "yuv420p10le", "-tag:v", "hvc1", "-c:a", "aac", "-shortest"}), "video", 320, 240, 2000},
        {clip("vp9.webm", {"-c:v", "libvpx-vp9", "-deadline", "realtime", "-c:a", "libopus", "-shortest"}), "video", 320, 240, 2000},
        {clip("old.avi", {"-c:v", "mpeg4", "-c:a", "libmp3lame", "-shortest"}), "video", 320, 240, 2000},
        {clip("vfr.mp4", {"-vf", "setpts='N/25/TB+if(mod(N,2),0.015,0)/TB'", "-fps_mode", "vfr", "-c:v", "libx264", "-preset", "ultrafast", "-an"}), "video", 320, 240, 2000},
        {clip("odd.mkv", {"-vf", "scale=853:479,setsar=1", "-c:v", "ffv1", "-an"}), "video", 853, 479, 2000},
        {clip("gap.mp4", {"-vf", "trim=end_frame=2,setpts='if(eq(N,1),36000/TB,PTS)'", "-fps_mode", "passthrough", "-c:v", "libx264", "-preset", "ultrafast", "-an"}), "video", 320, 240, 80},
    };
    for (int degrees : {180, 270}) {
        const std::string path = make_clip(d, "rot" + std::to_string(degrees) + ".mp4", 2, 640, 360);
        run_tool({"exiftool", "-q", "-overwrite_original", "-Rotation=" + std::to_string(degrees), path});
        expected.push_back({path, "video", degrees == 180 ? 640 : 360, degrees == 180 ? 360 : 640, 2000});
    }
    ffmpeg({"-f", "lavfi", "-i", "testsrc2=s=4000x3000", "-frames:v", "1", "-q:v", "4", d + "/12mp.jpg"});
    ffmpeg({"-f", "lavfi", "-i", "testsrc2=s=640x480", "-frames:v", "1", d + "/baseline.jpg"});
    run_tool({"jpegtran", "-progressive", "-outfile", d + "/progressive.jpg", d + "/baseline.jpg"});
    ffmpeg({"-f", "lavfi", "-i", "testsrc2=s=64x64", "-frames:v", "1", d + "/tiny.png"});
    run_tool({"cwebp", "-quiet", d + "/tiny.png", "-o", d + "/tiny.webp"});
    ffmpeg({"-f", "lavfi", "-i", "sine=frequency=440:d=3", "-c:a", "aac", d + "/voice.m4a"});
    ffmpeg({"-f", "lavfi", "-i", "sine=frequency=440:d=3:sample_rate=48000", d + "/take.wav"});
    ffmpeg({"-f", "lavfi", "-i", "sine=frequency=440:d=3:sample_rate=22050", "-ac", "1", "-c:a", "libmp3lame", d + "/mono.mp3"});
    expected.insert(expected.end(), {{d + "/12mp.jpg", "image", 4000, 3000, 0},
                                     {d + "/progressive.jpg", "image", 640, 480, 0},
                                     {d + "/tiny.png", "image", 64, 64, 0},
                                     {d + "/tiny.webp", "image", 64, 64, 0},
                                     {d + "/voice.m4a", "audio", 0, 0, 3000},
                                     {d + "/take.wav", "audio", 0, 0, 3000},
                                     {d + "/mono.mp3", "audio", 0, 0, 3000}});
    for (const Expected& e : expected) {
        CAPTURE(e.file);
        const json files = api.upload_ok(session, {{e.file, fs::path(e.file).filename().string()}});
        REQUIRE(files.size() == 1);
        CHECK(files[0]["type"] == e.type);
        CHECK(files[0]["width"] == e.width);
        CHECK(files[0]["height"] == e.height);
        CHECK(std::abs(files[0]["duration_ms"].get<int>() - e.duration_ms) <= 150);
    }

    // Each kind exports through chat: the 180° clip comes out upright, the lying clip renders promptly.
    for (const std::string name : {"rot180.mp4", "hevc10.mov", "gap.mp4"}) {
        CAPTURE(name);
        const std::string one = api.new_session();
        const std::string path = d + "/" + name;
        api.upload_ok(one, {{path, name}});
        api.chat(one, "turn my clip into a video");
        const auto started = std::chrono::steady_clock::now();
        const std::string out = download(api.export_and_wait(one, {{"format", "mp4"}, {"width", 320}}, 60), d, "out_" + name + ".mp4");
        CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(45));
        CHECK(probe_duration_s(ffprobe(out)) < 3.0);
        if (name == "rot180.mp4")
            CHECK(ssim(out, "trim=start=1,setpts=PTS-STARTPTS,scale=320:180", path, "trim=start=1,setpts=PTS-STARTPTS,scale=320:180", d) > 0.9);
    }
}

}
