// Uploads: multipart (one or many files), URLs (loopback), type by content (4001), size limit (4002),
// nothing stored on refusal, and media URLs that work with no headers.
#include <fstream>
#include <thread>

#include <doctest/doctest.h>

#include "harness.hpp"

using namespace cw::test;

namespace {

// A small file server on loopback for URL uploads.
class LoopbackFiles {
public:
    explicit LoopbackFiles(const std::string& dir) {
        server_.set_mount_point("/", dir);
        port = server_.bind_to_any_port("127.0.0.1");
        thread_ = std::thread([this] { server_.listen_after_bind(); });
    }
    ~LoopbackFiles() {
        server_.stop();
        thread_.join();
    }
    int port = 0;

private:
    httplib::Server server_;
    std::thread thread_;
};

}  // namespace

TEST_SUITE("upload") {

TEST_CASE("multipart upload of video, image and audio reports what each file is") {
    ServerProcess server;
    TempDir media;
    Api api(server.port);
    api.sign_in();
    const std::string session = api.new_session();
    const json files = api.upload_ok(session, {{make_clip(media.path, "a.mp4", 2, 320, 240), "holiday.mp4"},
                                               {make_image(media.path, "b.png", 640, 480, "red"), "photo.png"},
                                               {make_tone(media.path, "c.mp3", 3), "song.mp3"}});
    REQUIRE(files.size() == 3);
    CHECK(files[0]["type"] == "video");
    CHECK(files[0]["name"] == "holiday.mp4");
    CHECK(files[0]["width"] == 320);
    CHECK(files[0]["height"] == 240);
    CHECK(std::abs(files[0]["duration_ms"].get<int>() - 2000) < 200);
    CHECK(files[1]["type"] == "image");
    CHECK(files[1]["width"] == 640);
    CHECK(files[1]["duration_ms"] == 0);
    CHECK(files[2]["type"] == "audio");
    CHECK(std::abs(files[2]["duration_ms"].get<int>() - 3000) < 200);
    for (const json& f : files) {
        CHECK(f["id"].is_string());
        CHECK(f["size"].get<int64_t>() > 0);
        // A plain link: no token, no headers.
        const Reply fetched = fetch_plain(f["url"]);
        CHECK(fetched.status == 200);
        CHECK(int64_t(fetched.raw.size()) == f["size"].get<int64_t>());
    }
    const json state = api.state(session);
    CHECK(state["video_infos"].size() == 3);
}

TEST_CASE("type is judged by content, not by name; refused uploads store nothing") {
    ServerProcess server;
    TempDir media;
    Api api(server.port);
    api.sign_in();
    const std::string session = api.new_session();
    const std::string text = media.path + "/notes.txt";
    std::ofstream(text) << "this is not a video at all, just some words\n";
    const std::string good = make_clip(media.path, "good.mp4", 1, 160, 120);

    const Reply fake = api.upload(session, {{text, "movie.mp4"}});
    CHECK(fake.code() == 4001);
    CHECK(fake.body["message"].get<std::string>().find("mp4, mov") != std::string::npos);

    // One bad file refuses the whole request.
    const Reply mixed = api.upload(session, {{good, "good.mp4"}, {text, "also.mp4"}});
    CHECK(mixed.code() == 4001);
    CHECK(api.state(session)["video_infos"].empty());
    CHECK(count_files(server.data_dir + "/media") == 0);
    CHECK(count_files(server.data_dir + "/tmp") == 0);

    // A real image with a misleading name is accepted as what it is.
    const json files = api.upload_ok(session, {{make_image(media.path, "i.jpg", 64, 64, "blue"), "report.txt"}});
    CHECK(files[0]["type"] == "image");
    CHECK(files[0]["name"] == "report.txt");
    CHECK(count_files(server.data_dir + "/media") == 1);
}

TEST_CASE("files over the limit get 4002 with the limit, and nothing is kept") {
    ServerProcess server({"--max-upload-mb", "1"});
    TempDir media;
    Api api(server.port);
    api.sign_in();
    const std::string session = api.new_session();
    const std::string big = media.path + "/big.mp4";
    {
        std::ofstream out(big, std::ios::binary);
        const std::string block(64 * 1024, 'x');
        for (int i = 0; i < 40; ++i) out << block;  // 2.5 MB
    }
    const Reply reply = api.upload(session, {{make_clip(media.path, "ok.mp4", 1, 160, 120), "ok.mp4"}, {big, "big.mp4"}});
    CHECK(reply.code() == 4002);
    CHECK(reply.body["message"].get<std::string>().find("1 MB") != std::string::npos);
    CHECK(api.state(session)["video_infos"].empty());
    CHECK(count_files(server.data_dir + "/media") == 0);
    CHECK(count_files(server.data_dir + "/tmp") == 0);
    // The connection stays usable and the server answers normally afterwards.
    CHECK(api.get("/api/credits/balance/simple").code() == 0);
}

TEST_CASE("JSON urls are fetched (loopback) and checked like files") {
    ServerProcess server({"--allow-loopback-urls"});
    TempDir media;
    make_clip(media.path, "remote.mp4", 1, 160, 120);
    std::ofstream(media.path + "/fake.mp4") << "plain text pretending";
    LoopbackFiles files(media.path);
    Api api(server.port);
    api.sign_in();
    const std::string session = api.new_session();
    const std::string base = "http://127.0.0.1:" + std::to_string(files.port);

    const Reply ok = api.post("/api/upload-video/nemo_agent/me/" + session,
                              {{"urls", {base + "/remote.mp4"}}, {"source_type", "url"}});
    REQUIRE_MESSAGE(ok.code() == 0, ok.raw);
    CHECK(ok.data()["files"][0]["type"] == "video");
    CHECK(ok.data()["files"][0]["name"] == "remote.mp4");

    CHECK(api.post("/api/upload-video/nemo_agent/me/" + session, {{"urls", {base + "/fake.mp4"}}}).code() == 4001);
    CHECK(api.post("/api/upload-video/nemo_agent/me/" + session, {{"urls", {"file:///etc/passwd"}}}).code() == 4001);
    CHECK(api.post("/api/upload-video/nemo_agent/me/" + session, {{"urls", {base + "/missing.mp4"}}}).code() == 400);
    CHECK(api.state(session)["video_infos"].size() == 1);
}

}
