// Export: attribution headers (402), validation, the job lifecycle with real progress, FIFO with
// bounded concurrency, download links that need no headers and expire.
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <set>
#include <thread>

#include <doctest/doctest.h>

#include "harness.hpp"

using namespace cw::test;

namespace {

struct Project {
    explicit Project(const std::vector<std::string>& args = {}) : server(args), api(server.port) {
        api.sign_in();
        session = api.new_session();
        api.upload_ok(session, {{make_clip(media.path, "clip.mp4", 2, 320, 240), "clip.mp4"}});
        api.chat(session, "add a title 'Export me'");
    }
    json request(const std::string& id, const json& output) {
        return {{"id", id}, {"sessionId", session}, {"draft", api.state(session)["draft"]}, {"output", output}};
    }
    TempDir media;
    ServerProcess server;
    Api api;
    std::string session;
};

// Queues a high-quality MP4 of the session's draft without waiting for it; returns its id.
std::string queue_mp4(Api& api, const std::string& session) {
    const std::string id = unique_id("render");
    const Reply queued = api.post("/api/render/proxy/lambda", {{"id", id}, {"sessionId", session},
                                                               {"draft", api.state(session)["draft"]},
                                                               {"output", {{"format", "mp4"}, {"quality", "high"}}}});
    REQUIRE(queued.code() == 0);
    return id;
}

// The session's one stored clip becomes a pipe that nobody writes to: a reader waits on it for ever,
// as on a hung network disk.
void hang_stored_clip(const std::string& data_dir) {
    for (const auto& entry : std::filesystem::directory_iterator(data_dir + "/media")) {
        if (entry.path().extension() != ".mp4") continue;
        std::filesystem::remove(entry.path());
        REQUIRE(mkfifo(entry.path().c_str(), 0600) == 0);
        return;
    }
    FAIL("no stored clip");
}

}  // namespace

TEST_SUITE("export") {

TEST_CASE("402 when any X-Skill-* header is missing") {
    Project p;
    for (const char* header : {"X-Skill-Source", "X-Skill-Version", "X-Skill-Platform"}) {
        Api bare = p.api;
        bare.attribution = false;
        httplib::Headers partial = {{"X-Skill-Source", "t"}, {"X-Skill-Version", "1"}, {"X-Skill-Platform", "web"}};
        partial.erase(header);
        const Reply reply = bare.post("/api/render/proxy/lambda", p.request(unique_id("render"), {{"format", "mp4"}}), partial);
        CHECK(reply.status == 402);
        CHECK(reply.code() == 402);
        CHECK(reply.body["message"].get<std::string>().find(header) != std::string::npos);
    }
    Api bare = p.api;
    bare.attribution = false;
    bare.token = "";
    CHECK(bare.post("/api/render/proxy/lambda", p.request(unique_id("render"), {{"format", "mp4"}})).code() == 402);
}

TEST_CASE("bad export requests get a clear 400; unknown renders 404") {
    Project p;
    Api& api = p.api;
    const auto code_of = [&](const json& body) { return api.post("/api/render/proxy/lambda", body).code(); };
    CHECK(code_of(p.request(unique_id("render"), {{"format", "avi"}})) == 400);
    CHECK(code_of(p.request(unique_id("render"), {{"format", "mp4"}, {"width", 99999}})) == 400);
    CHECK(code_of(p.request("../etc/passwd", {{"format", "mp4"}})) == 400);
    json not_object = p.request(unique_id("render"), {{"format", "mp4"}});
    not_object["draft"] = "a draft";
    CHECK(code_of(not_object) == 400);
    json empty = p.request(unique_id("render"), {{"format", "mp4"}});
    empty["draft"] = {{"t", json::array()}};
    const Reply empty_reply = api.post("/api/render/proxy/lambda", empty);
    CHECK(empty_reply.code() == 400);
    CHECK(empty_reply.body["message"].get<std::string>().find("empty") != std::string::npos);
    json foreign = p.request(unique_id("render"), {{"format", "mp4"}});
    foreign["draft"] = {{"t", {{{"tt", 0}, {"sg", {{{"d", 1000}, {"m", {{"src", "0123456789abcdef0123456789abcdef"}}}}}}}}}};
    CHECK(code_of(foreign) == 400);
    json no_session = p.request(unique_id("render"), {{"format", "mp4"}});
    no_session["sessionId"] = "nope";
    CHECK(code_of(no_session) == 1002);
    CHECK(api.get("/api/render/proxy/lambda/render_unknown").code() == 404);
}

TEST_CASE("a render goes pending -> processing (with progress) -> completed, downloadable with no headers") {
    Project p;
    const std::string id = unique_id("render");
    const Reply submitted = p.api.post("/api/render/proxy/lambda", p.request(id, {{"format", "mp4"}, {"quality", "high"}}));
    REQUIRE(submitted.code() == 0);
    CHECK(submitted.data()["id"] == id);
    CHECK(submitted.data()["status"] == "pending");

    json status;
    std::set<std::string> seen;
    double last_progress = 0;
    for (int i = 0; i < 1200; ++i) {
        status = p.api.get("/api/render/proxy/lambda/" + id).data();
        seen.insert(status["status"].get<std::string>());
        const double progress = status["progress"];
        CHECK(progress >= 0.0);
        CHECK(progress <= 1.0);
        if (status["status"] == "processing") {
            CHECK(progress >= last_progress);
            last_progress = progress;
        }
        if (status["status"] == "completed" || status["status"] == "failed") break;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    REQUIRE_MESSAGE(status["status"] == "completed", status.dump());
    CHECK(seen.count("processing"));
    CHECK(status["progress"] == 1.0);
    CHECK(status["output"]["format"] == "mp4");

    TempDir out;
    const Reply download = fetch_plain(status["output"]["url"], out.path + "/out.mp4");
    CHECK(download.status == 200);
    CHECK(download.content_type == "video/mp4");
    CHECK(int64_t(download.raw.size()) == status["output"]["size"].get<int64_t>());
    const json info = ffprobe(out.path + "/out.mp4");
    REQUIRE(info.is_object());
    CHECK(info["streams"][0]["codec_name"] == "h264");
    CHECK(info["streams"][0]["width"] == 1920);
    CHECK(info["streams"][0]["height"] == 1080);

    // The same id again is the same job; the session lists the render.
    const Reply again = p.api.post("/api/render/proxy/lambda", p.request(id, {{"format", "mp4"}}));
    CHECK(again.data()["status"] == "completed");
    const json generated = p.api.state(p.session)["generated_media"];
    REQUIRE(generated.size() == 1);
    CHECK(generated[0]["id"] == id);
    CHECK(fetch_plain(generated[0]["url"]).status == 200);

    const std::string url = status["output"]["url"];
    std::string forged = url;
    forged[forged.find("/download/") + 10] = forged[forged.find("/download/") + 10] == 'a' ? 'b' : 'a';
    CHECK(fetch_plain(forged).status == 404);
}

TEST_CASE("webm and gif outputs with documented options") {
    Project p;
    const json webm = p.api.export_and_wait(p.session, {{"format", "webm"}, {"width", 320}, {"fps", 15}});
    REQUIRE_MESSAGE(webm["status"] == "completed", webm.dump());
    TempDir out;
    fetch_plain(webm["output"]["url"], out.path + "/a.webm");
    const json webm_info = ffprobe(out.path + "/a.webm");
    REQUIRE(webm_info.is_object());
    CHECK(webm_info["format"]["format_name"].get<std::string>().find("webm") != std::string::npos);
    CHECK(webm_info["streams"][0]["width"] == 320);

    const json gif = p.api.export_and_wait(p.session, {{"format", "gif"}, {"width", 160}, {"colors", 64}});
    REQUIRE_MESSAGE(gif["status"] == "completed", gif.dump());
    fetch_plain(gif["output"]["url"], out.path + "/a.gif");
    const json gif_info = ffprobe(out.path + "/a.gif");
    REQUIRE(gif_info.is_object());
    CHECK(gif_info["format"]["format_name"] == "gif");
}

TEST_CASE("jobs run first in, first out, no more at once than --render-workers") {
    Project p({"--render-workers", "1"});
    std::vector<std::string> ids;
    for (int i = 0; i < 3; ++i) {
        ids.push_back(unique_id("render"));
        REQUIRE(p.api.post("/api/render/proxy/lambda", p.request(ids.back(), {{"format", "mp4"}, {"width", 320}})).code() == 0);
    }
    // Polled newest first: a job seen processing or completed means every older job had finished
    // by then (one worker, FIFO), so an older job seen later in the same sweep must be completed.
    size_t completed = 0;
    for (int i = 0; i < 2400 && completed < ids.size(); ++i) {
        completed = 0;
        bool newer_started = false;
        for (auto it = ids.rbegin(); it != ids.rend(); ++it) {
            const std::string status = p.api.get("/api/render/proxy/lambda/" + *it).data()["status"];
            CHECK(status != "failed");
            if (newer_started) CHECK(status == "completed");
            if (status == "processing" || status == "completed") newer_started = true;
            if (status == "completed") ++completed;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    CHECK(completed == ids.size());
}

TEST_CASE("download links expire; polling again hands out a fresh one") {
    Project p({"--link-ttl-s", "2"});
    const json done = p.api.export_and_wait(p.session, {{"format", "mp4"}, {"width", 320}});
    REQUIRE(done["status"] == "completed");
    const std::string first = done["output"]["url"];
    CHECK(fetch_plain(first).status == 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));
    CHECK(fetch_plain(first).status == 404);
    const json again = p.api.get("/api/render/proxy/lambda/" + done["id"].get<std::string>()).data();
    CHECK(again["output"]["url"] != first);
    CHECK(fetch_plain(again["output"]["url"]).status == 200);
}

TEST_CASE("users take turns: one user's long exports do not hold back another user's short GIF") {
    ServerProcess server;  // the default: two workers, one render per user at a time
    TempDir media;
    Api long_user(server.port), short_user(server.port);
    long_user.sign_in();
    short_user.sign_in();
    const std::string long_session = long_user.new_session();
    const std::string short_session = short_user.new_session();
    long_user.upload_ok(long_session, {{make_clip(media.path, "long.mp4", 20, 1280, 720), "long.mp4"}});
    long_user.chat(long_session, "turn my clip into a video");
    short_user.upload_ok(short_session, {{make_clip(media.path, "short.mp4", 1, 320, 240), "short.mp4"}});
    short_user.chat(short_session, "convert this clip into a looping GIF");

    std::vector<std::string> long_ids;
    for (int i = 0; i < 3; ++i) long_ids.push_back(queue_mp4(long_user, long_session));
    const auto started = std::chrono::steady_clock::now();
    const json gif = short_user.export_and_wait(short_session, {{"format", "gif"}}, 120);
    const double waited_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    CHECK(gif["status"] == "completed");
    CHECK(waited_s < 45);
    // The long user's exports were still rendering or waiting: the GIF did not wait for them.
    const json last = long_user.get("/api/render/proxy/lambda/" + long_ids.back()).data();
    CHECK(last["status"] != "completed");
}

TEST_CASE("a user cancels a waiting export at once and a running one within seconds; nothing is kept") {
    ServerProcess server;
    TempDir media;
    Api api(server.port);
    api.sign_in();
    const std::string session = api.new_session();
    api.upload_ok(session, {{make_clip(media.path, "long.mp4", 30, 1920, 1080), "long.mp4"}});
    api.chat(session, "turn my clip into a video");
    const std::string running = queue_mp4(api, session), waiting = queue_mp4(api, session);
    // One render per user: the second waits behind the first.
    for (int i = 0; i < 100 && api.get("/api/render/proxy/lambda/" + running).data()["status"] != "processing"; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    REQUIRE(api.get("/api/render/proxy/lambda/" + running).data()["status"] == "processing");

    const Reply dropped = api.post("/api/render/proxy/lambda/" + waiting + "/cancel", json::object());
    REQUIRE(dropped.code() == 0);
    CHECK(dropped.data()["status"] == "failed");
    CHECK(dropped.data()["error"].get<std::string>().find("cancelled") != std::string::npos);

    const auto asked = std::chrono::steady_clock::now();
    REQUIRE(api.post("/api/render/proxy/lambda/" + running + "/cancel", json::object()).code() == 0);
    const json status = api.wait_for_render(running, 10);
    CHECK(status["status"] == "failed");
    CHECK(status["error"].get<std::string>().find("cancelled") != std::string::npos);
    CHECK(std::chrono::steady_clock::now() - asked < std::chrono::seconds(5));
    CHECK(count_files(server.data_dir + "/renders") == 0);
    CHECK(api.post("/api/render/proxy/lambda/" + unique_id("render") + "/cancel", json::object()).code() == 404);
}

TEST_CASE("a render that stops making progress is stopped, failed with why, and not run again after a restart") {
    TempDir data, media;
    const std::vector<std::string> args = {"--render-stall-s", "2", "--render-workers", "1"};
    auto server = std::make_unique<ServerProcess>(args, data.path);
    Api api(server->port);
    api.sign_in();
    const std::string session = api.new_session();
    api.upload_ok(session, {{make_clip(media.path, "clip.mp4", 2, 320, 240), "clip.mp4"}});
    api.chat(session, "turn my clip into a video");
    hang_stored_clip(data.path);

    const auto asked = std::chrono::steady_clock::now();
    const std::string id = queue_mp4(api, session);
    const json status = api.wait_for_render(id, 30);
    CHECK(status["status"] == "failed");
    CHECK(status["error"].get<std::string>().find("no progress for 2 s") != std::string::npos);
    CHECK(std::chrono::steady_clock::now() - asked < std::chrono::seconds(15));

    // The only render worker is free again: another user's export goes through.
    Api other(server->port);
    other.sign_in();
    const std::string other_session = other.new_session();
    other.upload_ok(other_session, {{make_clip(media.path, "other.mp4", 1, 320, 240), "other.mp4"}});
    other.chat(other_session, "convert this clip into a looping GIF");
    CHECK(other.export_and_wait(other_session, {{"format", "gif"}}, 60)["status"] == "completed");

    server.reset();
    server = std::make_unique<ServerProcess>(args, data.path);
    api.port = server->port;
    std::this_thread::sleep_for(std::chrono::seconds(3));
    const json after = api.get("/api/render/proxy/lambda/" + id).data();
    CHECK(after["status"] == "failed");
    CHECK(after["error"] == status["error"]);
}

}
