// Anonymous tokens, sessions and credits: 400, 429, 1001 (missing, bad, expired), 1002 across tokens.
#include <chrono>
#include <thread>

#include <doctest/doctest.h>

#include "harness.hpp"

using namespace cw::test;

TEST_SUITE("auth") {

TEST_CASE("anonymous token: X-Client-Id required, one per client id, 100 credits, 7 days") {
    ServerProcess server;
    Api api(server.port);
    httplib::Client client("127.0.0.1", server.port);

    const auto missing = client.Post("/api/auth/anonymous-token", "", "application/json");
    REQUIRE(missing);
    CHECK(missing->status == 400);
    CHECK(json::parse(missing->body)["code"] == 400);

    const std::string client_id = unique_id("client");
    const auto first = client.Post("/api/auth/anonymous-token", {{"X-Client-Id", client_id}}, "", "application/json");
    REQUIRE(first);
    const json issued = json::parse(first->body);
    CHECK(issued["code"] == 0);
    CHECK(issued["data"]["credits"] == 100);
    const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch()).count();
    CHECK(std::abs(issued["data"]["expires_at"].get<int64_t>() - (now + 7 * 24 * 3600)) < 60);

    const auto again = client.Post("/api/auth/anonymous-token", {{"X-Client-Id", client_id}}, "", "application/json");
    REQUIRE(again);
    CHECK(again->status == 429);
    CHECK(json::parse(again->body)["code"] == 429);

    // The token request also works with no body and no Content-Length at all.
    httplib::Request bare;
    bare.method = "POST";
    bare.path = "/api/auth/anonymous-token";
    bare.headers = {{"X-Client-Id", unique_id("client")}};
    const auto bare_reply = client.send(bare);
    REQUIRE(bare_reply);
    CHECK(json::parse(bare_reply->body)["code"] == 0);

    api.token = issued["data"]["token"];
    const Reply credits = api.get("/api/credits/balance/simple");
    CHECK(credits.code() == 0);
    CHECK(credits.data()["available"] == 100);
    CHECK(credits.data()["frozen"] == 0);
    CHECK(credits.data()["total"] == 100);
}

TEST_CASE("bearer token: missing or wrong gives 1001 on every endpoint") {
    ServerProcess server;
    Api api(server.port);
    api.sign_in();
    const std::string session = api.new_session();
    for (const std::string bad : {"", "not-a-token"}) {
        Api other(server.port);
        other.token = bad;
        CHECK(other.get("/api/credits/balance/simple").code() == 1001);
        CHECK(other.get("/api/state/nemo_agent/me/" + session + "/latest").code() == 1001);
        CHECK(other.post("/api/tasks/me/with-session/nemo_agent", {{"task_name", "project"}}).code() == 1001);
        CHECK(other.upload(session, {}).code() == 1001);
        CHECK(other.chat(session, "add a title").envelope["code"] == 1001);
        CHECK(other.post("/api/render/proxy/lambda", {{"id", "render_1"}, {"sessionId", session}}).code() == 1001);
        CHECK(other.get("/api/render/proxy/lambda/render_1").code() == 1001);
    }
}

TEST_CASE("tokens expire (short TTL), then a new one can be issued for the same client id") {
    ServerProcess server({"--token-ttl-s", "2"});
    Api api(server.port);
    const std::string client_id = unique_id("client");
    api.sign_in(client_id);
    const std::string session = api.new_session();
    CHECK(api.get("/api/credits/balance/simple").code() == 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(2600));
    CHECK(api.get("/api/credits/balance/simple").code() == 1001);
    CHECK(api.get("/api/state/nemo_agent/me/" + session + "/latest").code() == 1001);
    // The client's recovery: a new token, then the call once more; its sessions stay its own.
    api.sign_in(client_id);
    CHECK(api.get("/api/state/nemo_agent/me/" + session + "/latest").code() == 0);
}

TEST_CASE("a token sees only its own sessions: 1002 for another token's session") {
    ServerProcess server;
    TempDir media;
    const std::string clip = make_clip(media.path, "clip.mp4", 1, 160, 120);
    Api owner(server.port), stranger(server.port);
    owner.sign_in();
    stranger.sign_in();
    const std::string session = owner.new_session();
    owner.upload_ok(session, {{clip, "clip.mp4"}});

    const Reply state = stranger.get("/api/state/nemo_agent/me/" + session + "/latest");
    CHECK(state.code() == 1002);
    CHECK(state.raw.find("clip.mp4") == std::string::npos);
    CHECK(stranger.upload(session, {{clip, "clip.mp4"}}).code() == 1002);
    CHECK(stranger.chat(session, "add a title 'Mine'").envelope["code"] == 1002);
    CHECK(stranger.post("/api/render/proxy/lambda", {{"id", "render_x"}, {"sessionId", session}, {"output", {{"format", "mp4"}}}})
              .code() == 1002);
    CHECK(stranger.get("/api/state/nemo_agent/me/does-not-exist/latest").code() == 1002);

    const json after = owner.state(session);
    CHECK(after["video_infos"].size() == 1);
    CHECK(after["draft"]["t"].empty());
}

TEST_CASE("session create returns ids and the bind id; language is kept") {
    ServerProcess server;
    Api api(server.port);
    api.sign_in();
    const Reply reply = api.post("/api/tasks/me/with-session/nemo_agent", {{"task_name", "project"}, {"language", "zh"}});
    REQUIRE(reply.code() == 0);
    CHECK(reply.data()["task_id"].is_string());
    CHECK(reply.data()["session_id"].is_string());
    CHECK(reply.data()["bind_id"].is_string());
    const json state = api.state(reply.data()["session_id"]);
    CHECK(state["canvas_config"]["width"] == 1920);
    CHECK(state["canvas_config"]["height"] == 1080);
    CHECK(state["video_infos"].empty());
    CHECK(state["generated_media"].empty());
}

}
