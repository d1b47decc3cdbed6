// Headers on every call and each error code's documented action, with no retry beyond the table.
#include <doctest/doctest.h>

#include "fake_server.hpp"

using namespace cw::core;
using namespace cw::test;

TEST_CASE("connect gets a token, then a session, then the state and the credits") {
    Harness h;
    h.connect();
    CHECK(h.server.count("POST", "/api/auth/anonymous-token") == 1);
    CHECK(h.server.count("POST", "/api/tasks/me/with-session/nemo_agent") == 1);
    CHECK(h.server.count("GET", "/api/state/nemo_agent/me/sid-1/latest") == 1);
    CHECK(h.server.count("GET", "/api/credits/balance/simple") == 1);
    CHECK(h.state().connection == ConnectionStatus::online);
    CHECK(h.state().session_id == "sid-1");
    CHECK(h.state().credits.available == 100);
    json session_body = h.server.last("POST", "with-session")->body_json();
    CHECK(session_body["task_name"] == "project");
    CHECK(session_body["language"] == "en");
}

TEST_CASE("every call carries the X-Skill headers; only the token call lacks Authorization") {
    Harness h;
    h.connect();
    REQUIRE(h.server.log.size() >= 4);
    for (const Seen& seen : h.server.log) {
        CAPTURE(seen.url);
        CHECK(seen.headers.at("X-Skill-Source") == "clipwright");
        CHECK(seen.headers.at("X-Skill-Version") == project_version());
        CHECK(seen.headers.at("X-Skill-Platform") == "web");
        bool token_call = seen.url.find("anonymous-token") != std::string::npos;
        CHECK(seen.headers.count("Authorization") == (token_call ? 0u : 1u));
        if (token_call) CHECK(seen.headers.at("X-Client-Id").size() == 36);
        else CHECK(seen.headers.at("Authorization") == "Bearer token-1");
    }
}

TEST_CASE("the base URL prefixes every path; the default is relative") {
    Harness relative;
    relative.connect();
    CHECK(relative.server.log[0].url == "/api/auth/anonymous-token");
    ClientConfig config;
    config.base_url = "https://api.example.com/";
    Harness absolute(config);
    absolute.connect();
    CHECK(absolute.server.log[0].url == "https://api.example.com/api/auth/anonymous-token");
    CHECK(absolute.server.log[1].url == "https://api.example.com/api/tasks/me/with-session/nemo_agent");
}

TEST_CASE("1001: a new anonymous token and one retry of the call") {
    Harness h;
    h.connect();
    int state_calls = 0;
    h.server.route("GET /api/state/", [&](const Seen&) { return ++state_calls == 1 ? fail(1001, 401) : ok({{"state", json::object()}}); });
    h.client->refresh_state();
    h.pump();
    CHECK(h.tokens_issued == 2);
    CHECK(state_calls == 2);
    CHECK(h.server.last("GET", "/api/state/")->headers.at("Authorization") == "Bearer token-2");
    CHECK(h.state().errors.empty());
}

TEST_CASE("1001 twice: reported, not retried again") {
    Harness h;
    h.connect();
    int state_calls = 0;
    h.server.route("GET /api/state/", [&](const Seen&) {
        ++state_calls;
        return fail(1001);
    });
    h.client->refresh_state();
    h.pump();
    CHECK(state_calls == 2);
    REQUIRE(h.state().errors.size() == 1);
    CHECK(h.state().errors[0].action == "renew_token");
}

TEST_CASE("1002: a new session, the user is told, local history stays") {
    Harness h;
    h.connect();
    h.client->send_message("status");
    h.pump();
    std::size_t messages_before = h.state().messages.size();
    int state_calls = 0;
    h.server.route("GET /api/state/", [&](const Seen& seen) {
        ++state_calls;
        if (seen.url.find("sid-1") != std::string::npos) return fail(1002, 404);
        return ok({{"state", json::object()}});
    });
    h.client->refresh_state();
    h.pump();
    CHECK(h.sessions_created == 2);
    CHECK(h.state().session_id == "sid-2");
    CHECK(state_calls == 2);
    CHECK(h.state().messages.size() == messages_before + 1);
    CHECK(h.state().messages.back().text.find("new one was started") != std::string::npos);
    CHECK(h.state().messages[0].text == "status");
}

namespace {
std::size_t count_text(const ClientState& state, const std::string& part) {
    std::size_t n = 0;
    for (const auto& message : state.messages) n += message.text.find(part) != std::string::npos ? 1 : 0;
    return n;
}
}  // namespace

TEST_CASE("an ADK server's 404 \"Session not found\" is handled like 1002") {
    Harness h;
    h.connect();
    h.server.route("POST /run_sse", [&](const Seen& seen) {
        if (seen.body_json()["sessionId"] == "sid-1")
            return Reply{404, "application/json", {R"({"error": "Session not found: sid-1"})"}, false, false};
        return sse({sse_data({{"content", {{"role", "model"}, {"parts", json::array({{{"text", "Hello again"}}})}}}})});
    });
    h.client->send_message("add a title");
    h.pump();
    CHECK(h.sessions_created == 2);
    CHECK(h.state().session_id == "sid-2");
    CHECK(count_text(h.state(), "new one was started") == 1);
    CHECK(count_text(h.state(), "Session not found") == 0);
}

TEST_CASE("2001 anonymous: the registration link carries ?bind=<id>") {
    Harness h;
    h.connect();
    h.server.route("POST /run_sse", [](const Seen&) { return fail(2001, 200, {{"bind_id", "bind-77"}}); });
    h.client->send_message("add a title");
    h.pump();
    REQUIRE(h.state().errors.size() == 1);
    CHECK(h.state().errors[0].action == "bind_account");
    CHECK(h.state().errors[0].link == "/register?bind=bind-77");
    CHECK(h.state().errors[0].message.find("/register?bind=bind-77") != std::string::npos);
    CHECK_FALSE(h.state().turn_active);
    CHECK(h.server.count("POST", "/run_sse") == 1);
}

TEST_CASE("2001 without an id in the error uses the session's id; registered users top up") {
    Harness anonymous;
    anonymous.connect();
    anonymous.server.route("POST /run_sse", [](const Seen&) { return fail(2001); });
    anonymous.client->send_message("add a title");
    anonymous.pump();
    CHECK(anonymous.state().errors.at(0).link == "/register?bind=task-1");

    ClientConfig config;
    config.registered = true;
    Harness registered(config);
    registered.connect();
    registered.server.route("POST /run_sse", [](const Seen&) { return fail(2001); });
    registered.client->send_message("add a title");
    registered.pump();
    CHECK(registered.state().errors.at(0).action == "top_up");
    CHECK(registered.state().errors.at(0).link.empty());
}

TEST_CASE("400 on the token call: a new client id and one retry") {
    Harness h;
    int token_calls = 0;
    std::vector<std::string> client_ids;
    h.server.route("POST /api/auth/anonymous-token", [&](const Seen& seen) {
        client_ids.push_back(seen.headers.at("X-Client-Id"));
        return ++token_calls == 1 ? fail(400, 400) : ok({{"token", "t"}});
    });
    h.connect();
    REQUIRE(client_ids.size() == 2);
    CHECK(client_ids[0] != client_ids[1]);
    CHECK(h.storage.get(storage_keys::client_id) == client_ids[1]);
    CHECK(h.state().errors.empty());
}

TEST_CASE("400 twice: reported") {
    Harness h;
    h.server.route("POST /api/auth/anonymous-token", [](const Seen&) { return fail(400, 400); });
    h.connect();
    CHECK(h.server.count("POST", "anonymous-token") == 2);
    REQUIRE(h.state().errors.size() == 1);
    CHECK(h.state().errors[0].action == "new_client_id");
}

TEST_CASE("429: wait 30 s, retry once") {
    Harness h;
    int token_calls = 0;
    h.server.route("POST /api/auth/anonymous-token", [&](const Seen&) {
        return ++token_calls == 1 ? fail(429, 429) : ok({{"token", "t"}});
    });
    h.connect();
    CHECK(token_calls == 1);
    h.advance(29000, 1000);
    CHECK(token_calls == 1);
    h.advance(2000, 1000);
    CHECK(token_calls == 2);
    CHECK(h.state().session_id == "sid-1");
}

TEST_CASE("429 twice: reported after the one retry") {
    Harness h;
    h.server.route("POST /api/auth/anonymous-token", [](const Seen&) { return fail(429, 429); });
    h.connect();
    h.advance(120000, 1000);
    CHECK(h.server.count("POST", "anonymous-token") == 2);
    REQUIRE(h.state().errors.size() == 1);
    CHECK(h.state().errors[0].action == "wait_and_retry");
}

TEST_CASE("402 on export: register or upgrade, not a credits problem") {
    Harness h;
    h.draft = cw::test::json::parse(R"({"t":[{"tt":0,"sg":[{"d":1000}]}]})");
    h.server.route("POST /api/render/proxy/lambda", [](const Seen&) { return fail(402, 402); });
    h.connect();
    h.client->start_export(ExportOptions{});
    h.pump();
    REQUIRE(h.state().errors.size() == 1);
    CHECK(h.state().errors[0].action == "upgrade_plan");
    CHECK(h.state().errors[0].message == "Register or upgrade to unlock export.");
    CHECK(h.state().jobs.at(0).status == JobStatus::failed);
    CHECK(h.server.count("POST", "/api/render/proxy/lambda") == 1);
}

TEST_CASE("an unknown code shows the server's words") {
    Harness h;
    h.connect();
    h.server.route("GET /api/state/", [](const Seen&) { return Reply{500, "application/json", {R"({"code":5000,"message":"disk full"})"}}; });
    h.client->refresh_state();
    h.pump();
    CHECK(h.state().errors.at(0).message == "disk full");
    CHECK(h.state().errors.at(0).code == 5000);
}

TEST_CASE("a network failure goes offline and probes with growing delays") {
    Harness h;
    h.connect();
    bool down = true;
    int probes = 0;
    h.server.route("GET /api/credits/balance/simple", [&](const Seen&) {
        ++probes;
        Reply reply = ok({{"available", 5}, {"frozen", 0}, {"total", 5}});
        reply.network_error = down;
        return reply;
    });
    h.client->refresh_credits();
    h.pump();
    CHECK(h.state().connection == ConnectionStatus::offline);
    CHECK(probes == 1);
    h.advance(1000, 100);  // first delay 1 s
    CHECK(probes == 2);
    h.advance(1500, 100);  // next 2 s: not yet
    CHECK(probes == 2);
    h.advance(600, 100);
    CHECK(probes == 3);
    down = false;
    h.advance(4100, 100);
    CHECK(probes == 4);
    CHECK(h.state().connection == ConnectionStatus::online);
    CHECK(h.state().credits.available == 5);
    h.advance(60000, 1000);
    CHECK(probes == 4);
}

TEST_CASE("a token is reused across reloads while valid, renewed when expired") {
    MemoryStorage storage;
    {
        Harness first(ClientConfig{}, &storage);
        first.connect();
        CHECK(first.tokens_issued == 1);
    }
    Harness second(ClientConfig{}, &storage);
    second.connect();
    CHECK(second.tokens_issued == 0);
    CHECK(second.sessions_created == 0);
    CHECK(second.state().session_id == "sid-1");
    CHECK(second.server.log.front().headers.at("Authorization") == "Bearer token-1");

    Harness later(ClientConfig{}, &storage);
    later.now += 8LL * 24 * 3600 * 1000;
    later.connect();
    CHECK(later.tokens_issued == 1);
}
