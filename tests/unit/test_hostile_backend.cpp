// The client against a backend that misbehaves: requests that never get an answer, 5xx pages on
// every call, streams with broken bytes or cut in the middle of an event. The app must stay usable:
// a clear error, no resent chat message, no retry loop.
#include <doctest/doctest.h>

#include "fake_server.hpp"

using namespace cw::core;
using namespace cw::test;

namespace {

Reply held() {
    Reply reply;
    reply.hold = true;
    return reply;
}

Reply html_page(int status) { return {status, "text/html", {"<html><body>Bad Gateway</body></html>"}, false, false}; }

json text_event(const std::string& text, bool partial) {
    return {{"partial", partial}, {"content", {{"role", "model"}, {"parts", json::array({{{"text", text}}})}}}};
}

bool has_error_mentioning(const ClientState& state, const std::string& part) {
    for (const auto& error : state.errors)
        if (error.message.find(part) != std::string::npos) return true;
    for (const auto& message : state.messages)
        if (message.role == "notice" && message.text.find(part) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_CASE("a call that never gets an answer is given up after 45 s: offline, then probed again") {
    Harness h;
    h.connect();
    h.server.route("GET /api/credits/balance/simple", [](const Seen&) { return held(); });
    h.client->refresh_credits();
    h.pump();
    h.advance(40000, 1000);
    CHECK(h.state().connection == ConnectionStatus::online);
    h.advance(10000, 1000);
    CHECK(h.state().connection == ConnectionStatus::offline);
    CHECK(h.state().next_retry_ms > h.now);
    const Seen* silent = h.server.last("GET", "/api/credits/balance/simple");
    REQUIRE(silent);
    // The reconnect probe is the credits call again; answered now, the app is back.
    h.server.route("GET /api/credits/balance/simple", [](const Seen&) { return ok({{"available", 90}, {"frozen", 0}, {"total", 90}}); });
    h.advance(5000, 500);
    CHECK(h.state().connection == ConnectionStatus::online);
    CHECK(h.state().credits.available == 90);
}

TEST_CASE("a stream may stay silent for the contract's 15 minutes; only then is it given up, never resent") {
    Harness h;
    h.connect();
    h.server.route("POST /run_sse", [](const Seen&) { return held(); });
    h.client->send_message("add a title");
    h.pump();
    h.advance(14 * 60 * 1000, 5000);  // a stock ADK server sends nothing while a tool runs
    CHECK(h.state().turn_phase == "streaming");
    CHECK(h.state().messages.back().text.find("Still working") != std::string::npos);
    h.advance(90 * 1000, 5000);
    CHECK(h.server.count("POST", "/run_sse") == 1);
    CHECK(h.state().turn_phase != "streaming");
}

TEST_CASE("5xx pages on every call: errors are shown, nothing loops") {
    Harness h;
    for (const char* route : {"POST /api/auth/anonymous-token", "POST /api/tasks/me/with-session/nemo_agent", "GET /api/state/",
                              "GET /api/credits/balance/simple", "POST /run_sse", "POST /api/render/proxy/lambda"}) {
        h.server.route(route, [](const Seen&) { return html_page(502); });
    }
    h.connect();
    h.advance(10000, 500);
    CHECK_FALSE(h.state().errors.empty());
    CHECK(has_error_mentioning(h.state(), "502"));
    h.client->send_message("add a title");
    h.advance(10000, 500);
    CHECK_FALSE(h.state().turn_active);  // the turn ends with the error, it does not hang
    CHECK(h.server.count("POST", "/run_sse") == 0);  // no session, so nothing was sent
    CHECK(h.server.log.size() < 12);  // first attempts and the documented single retries, no loop
}

TEST_CASE("a 5xx answer to a chat turn is reported once and not resent") {
    Harness h;
    h.connect();
    h.server.route("POST /run_sse", [](const Seen&) { return html_page(503); });
    CHECK(h.client->send_message("add a title"));
    h.advance(30000, 500);
    CHECK(h.server.count("POST", "/run_sse") == 1);
    CHECK_FALSE(h.state().turn_active);
    CHECK(has_error_mentioning(h.state(), "503"));
}

TEST_CASE("invalid UTF-8 in an event is skipped as malformed; the rest of the stream is kept") {
    Harness h;
    h.connect();
    const std::string broken = "data: {\"partial\":true,\"content\":{\"parts\":[{\"text\":\"caf\xC3\x28\"}]}}\n\n";
    h.server.route("POST /run_sse", [&](const Seen&) {
        return sse({sse_data(text_event("Adding ", true)), broken, sse_data(text_event("Adding a title.", false))});
    });
    h.client->send_message("add a title");
    h.pump();
    CHECK(h.state().messages.back().text == "Adding a title.");
    bool reported = false;
    for (const auto& item : h.state().activity) reported = reported || item.kind == "error";
    CHECK(reported);
    CHECK_NOTHROW(cw::core::to_json(h.state()).dump());
}

TEST_CASE("a stream cut in the middle of an event with no final event keeps the partial text") {
    Harness h;
    h.connect();
    h.server.route("POST /run_sse", [&](const Seen&) {
        return sse({sse_data(text_event("Making your GIF", true)), "data: {\"partial\":true,\"content\":{\"pa"});
    });
    h.client->send_message("make a gif");
    h.pump();
    h.advance(60000, 1000);
    CHECK(h.server.count("POST", "/run_sse") == 1);
    CHECK_FALSE(h.state().turn_active);
    CHECK(h.state().messages.at(1).text == "Making your GIF");
    CHECK_FALSE(h.state().messages.at(1).streaming);
}
