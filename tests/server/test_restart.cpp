// Durability: SIGKILL in the middle of a render, then a restart on the same data folder. Nothing
// acknowledged is lost; the render is resumed or failed with a reason and can be retried.
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include <doctest/doctest.h>

#include "harness.hpp"
#include "reliability.hpp"

using namespace cw::test;

namespace {

json wait_until_processing(Api& api, const std::string& id) {
    for (int i = 0; i < 600; ++i) {
        const json status = api.get("/api/render/proxy/lambda/" + id).data();
        if (status["status"] != "pending") return status;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    FAIL("the render never started");
    return {};
}

// Once ffmpeg has written part of the output, so the kill lands in the middle of the render.
void wait_until_partway(Api& api, const std::string& id) {
    for (int i = 0; i < 600; ++i) {
        if (api.get("/api/render/proxy/lambda/" + id).data().value("progress", 0.0) > 0.05) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    FAIL("the render never got under way");
}

std::vector<std::string> files_in(const std::string& dir) {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) out.push_back(entry.path().string());
    return out;
}


// Puts the SQLite store back as servers before versioned migrations wrote it: no schema_version, no
// `ord` columns (rowid kept the order), no shared queue, and the token in plain text.
void write_store_as_before_migrations(const std::string& data_dir, const std::string& token) {
    const std::string old_shape =
        "DROP TABLE schema_version;"
        "CREATE TABLE media_v0 AS SELECT id, session_id, name, type, file, mime, size, duration_ms, width, height, "
        "has_audio, created_at FROM media ORDER BY ord;"
        "DROP TABLE media; ALTER TABLE media_v0 RENAME TO media;"
        "CREATE TABLE jobs_v0 AS SELECT key, id, user_id, session_id, status, draft, canvas, output, format, error, "
        "file, size, attempts, created_at FROM jobs ORDER BY ord;"
        "DROP TABLE jobs; ALTER TABLE jobs_v0 RENAME TO jobs;"
        "ALTER TABLE users DROP COLUMN last_render_at;"
        "UPDATE tokens SET token = '" + token + "';";
    REQUIRE(std::system(("sqlite3 '" + data_dir + "/clipwright.db' \"" + old_shape + "\"").c_str()) == 0);
}

}  // namespace

TEST_SUITE("restart") {

TEST_CASE("a store written before versioned migrations opens with its tokens, media order and renders") {
    if (!test_store_url("").empty()) return;  // only SQLite stores are that old
    TempDir media, data;
    const std::string data_dir = data.path + "/data";
    auto server = std::make_unique<ServerProcess>(std::vector<std::string>{}, data_dir);
    Api api(server->port);
    const std::string token = api.sign_in();
    const std::string session = api.new_session();
    std::vector<std::string> uploaded;
    for (const char* colour : {"red", "green", "blue"})
        uploaded.push_back(api.upload_ok(session, {{make_image(media.path, std::string(colour) + ".png", 320, 240, colour),
                                                    std::string(colour) + ".png"}})[0]["id"]);
    api.chat(session, "add a title 'Kept'");
    const json done = api.export_and_wait(session, {{"format", "gif"}, {"width", 160}});
    REQUIRE(done["status"] == "completed");
    server.reset();
    write_store_as_before_migrations(data_dir, token);

    server = std::make_unique<ServerProcess>(std::vector<std::string>{}, data_dir);
    api.port = server->port;
    CHECK(api.get("/api/credits/balance/simple").code() == 0);  // the plain token was hashed and still signs in
    CHECK(api.get("/api/render/proxy/lambda/" + done["id"].get<std::string>()).data()["status"] == "completed");
    api.chat(session, "turn these images into a video");
    const json draft = api.state(session)["draft"];
    std::vector<std::string> order;
    for (const json& segment : draft["t"][0]["sg"]) order.push_back(segment["m"]["src"]);
    CHECK(order == uploaded);
    // New rows come after the old ones.
    const std::string later = api.upload_ok(session, {{make_image(media.path, "white.png", 320, 240, "white"), "white.png"}})[0]["id"];
    api.chat(session, "turn these images into a video");
    CHECK(api.state(session)["draft"]["t"][0]["sg"].back()["m"]["src"] == later);
}


TEST_CASE("SIGKILL mid-render: after restart the job completes or fails with a reason; data intact") {
    TempDir media, data, out;
    const std::string data_dir = data.path + "/data";
    auto server = std::make_unique<ServerProcess>(std::vector<std::string>{}, data_dir);
    Api api(server->port);
    api.sign_in();
    const std::string session = api.new_session();
    const json files = api.upload_ok(session, {{make_clip(media.path, "long.mp4", 10, 640, 360), "long.mp4"}});
    api.chat(session, "add a title 'Survivor'");
    const json state_before = api.state(session);
    const json credits_before = api.get("/api/credits/balance/simple").data();

    const std::string id = unique_id("render");
    REQUIRE(api.post("/api/render/proxy/lambda", {{"id", id}, {"sessionId", session}, {"draft", state_before["draft"]},
                                                 {"output", {{"format", "mp4"}}}}).code() == 0);
    const json running = wait_until_processing(api, id);
    CHECK(running["status"] == "processing");
    wait_until_partway(api, id);
    server->kill_hard();
    record_reliability("restart", {{"faults", 1}, {"requests", 8}});

    // What the crash left: the render's partial output and scratch files, and (as a crash mid-upload
    // would) a partial upload.
    std::vector<std::string> leftovers = files_in(data_dir + "/renders");
    for (const std::string& f : files_in(data_dir + "/work")) leftovers.push_back(f);
    CHECK(!leftovers.empty());
    std::ofstream(data_dir + "/tmp/leftover.part") << "half a file";

    server = std::make_unique<ServerProcess>(std::vector<std::string>{}, data_dir);
    api.port = server->port;
    CHECK(count_files(data_dir + "/tmp") == 0);
    for (const std::string& f : leftovers) CHECK_MESSAGE(!std::filesystem::exists(f), f << " outlived the restart");
    const json state_after = api.state(session);  // same token, same session
    CHECK(state_after["draft"] == state_before["draft"]);
    CHECK(state_after["video_infos"].size() == 1);
    CHECK(state_after["video_infos"][0]["id"] == files[0]["id"]);
    CHECK(fetch_plain(state_after["video_infos"][0]["url"]).status == 200);
    CHECK(api.get("/api/credits/balance/simple").data() == credits_before);

    json done = api.wait_for_render(id);
    MESSAGE("after the restart the interrupted render was " << done["status"].get<std::string>());
    if (done["status"] == "failed") {
        CHECK(!done["error"].get<std::string>().empty());
        done = api.export_and_wait(session, {{"format", "mp4"}});
    }
    REQUIRE_MESSAGE(done["status"] == "completed", done.dump());
    REQUIRE(fetch_plain(done["output"]["url"], out.path + "/after.mp4").status == 200);
    const json info = ffprobe(out.path + "/after.mp4");
    REQUIRE(info.is_object());
    CHECK(std::abs(probe_duration_s(info) - 10.0) < 0.3);
}

TEST_CASE("SIGTERM stops cleanly; a render cut short is resumed on the next start") {
    TempDir media, data;
    const std::string data_dir = data.path + "/data";
    auto server = std::make_unique<ServerProcess>(std::vector<std::string>{}, data_dir);
    Api api(server->port);
    api.sign_in();
    const std::string session = api.new_session();
    api.upload_ok(session, {{make_clip(media.path, "clip.mp4", 6, 640, 360), "clip.mp4"}});
    api.chat(session, "add a title 'Again'");
    const std::string id = unique_id("render");
    REQUIRE(api.post("/api/render/proxy/lambda", {{"id", id}, {"sessionId", session}, {"output", {{"format", "mp4"}}}})
                .code() == 0);
    wait_until_processing(api, id);
    CHECK(server->terminate() == 0);

    server = std::make_unique<ServerProcess>(std::vector<std::string>{}, data_dir);
    api.port = server->port;
    const json done = api.wait_for_render(id);
    CHECK_MESSAGE(done["status"] == "completed", done.dump());
}

}
