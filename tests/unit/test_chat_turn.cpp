// Chat turns end to end over the fake backend: streamed text, activity, heartbeats, the no-text
// case, the broken-stream case and malformed events.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "fake_server.hpp"
#include "sample_drafts.hpp"

using namespace cw::core;
using namespace cw::test;

namespace {

json text_event(const std::string& text, bool partial) {
    return {{"id", "e"}, {"invocationId", "i1"}, {"author", "nemo_agent"}, {"partial", partial},
            {"content", {{"role", "model"}, {"parts", json::array({{{"text", text}}})}}}};
}

json call_event(const std::string& name) {
    return {{"content", {{"role", "model"}, {"parts", json::array({{{"functionCall", {{"id", "c1"}, {"name", name}, {"args", {{"fps", 12}}}}}}})}}}};
}

json result_event(const std::string& name) {
    return {{"content", {{"role", "user"}, {"parts", json::array({{{"functionResponse", {{"id", "c1"}, {"name", name}, {"response", {{"ok", true}}}}}}})}}}};
}

std::size_t count_messages(const ClientState& state, const std::string& role, const std::string& part) {
    std::size_t n = 0;
    for (const auto& message : state.messages)
        if (message.role == role && message.text.find(part) != std::string::npos) ++n;
    return n;
}

}  // namespace

TEST_CASE("partial text accumulates and the final text replaces it; tool steps become activity") {
    Harness h;
    h.connect();
    std::string stream = sse_data(text_event("Converting ", true)) + sse_data(call_event("make_gif")) +
                         ": keep-alive\n\n" + sse_data(result_event("make_gif")) + sse_data(text_event("your clip", true)) +
                         sse_data(text_event("Converting your clip. Click Export to download it.", false));
    std::vector<std::string> chunks;
    for (std::size_t at = 0; at < stream.size(); at += 7) chunks.push_back(stream.substr(at, 7));
    h.server.route("POST /run_sse", [&](const Seen&) { return sse(chunks); });
    CHECK(h.client->send_message("convert this clip into a looping GIF"));
    h.pump();
    const Seen* request = h.server.last("POST", "/run_sse");
    REQUIRE(request);
    json body = request->body_json();
    // ADK's canonical body: its JS server reads only these keys.
    CHECK(body["appName"] == "nemo_agent");
    CHECK(body["userId"] == "me");
    CHECK(body["sessionId"] == "sid-1");
    CHECK(body["newMessage"]["parts"][0]["text"] == "convert this clip into a looping GIF");
    CHECK(body["streaming"] == true);
    CHECK_FALSE(body.contains("session_id"));
    CHECK(request->headers.at("Accept") == "text/event-stream");

    const auto& messages = h.state().messages;
    REQUIRE(messages.size() == 2);
    CHECK(messages[1].role == "agent");
    CHECK(messages[1].text == "Converting your clip. Use Export below to download it.");
    CHECK_FALSE(messages[1].streaming);
    CHECK(messages[1].actions == std::vector<AppAction>{AppAction::export_video});
    REQUIRE(h.state().activity.size() == 2);
    CHECK(h.state().activity[0].kind == "call");
    CHECK(h.state().activity[0].name == "make_gif");
    CHECK(h.state().activity[1].kind == "result");
    CHECK_FALSE(h.state().turn_active);
    CHECK(h.server.count("GET", "/api/state/") == 2);  // on connect, and after the turn
}

TEST_CASE("streaming text is visible before the stream ends") {
    Harness h;
    h.connect();
    h.server.route("POST /run_sse", [](const Seen&) {
        Reply reply = sse({});
        reply.hold = true;
        return reply;
    });
    h.client->send_message("make it brighter");
    h.pump();
    const Seen* request = h.server.last("POST", "/run_sse");
    h.client->on_status(request->id, 200, "text/event-stream");
    h.client->on_chunk(request->id, sse_data(text_event("Bright", true)) + sse_data(text_event("ening", true)));
    h.pump();
    CHECK(h.state().messages.back().text == "Brightening");
    CHECK(h.state().messages.back().streaming);
    CHECK(h.state().turn_phase == "streaming");
    CHECK_FALSE(h.client->send_message("another edit"));
    h.client->on_done(request->id);
    h.pump();
    CHECK_FALSE(h.state().messages[1].streaming);
    CHECK(h.state().messages[1].text == "Brightening");
    CHECK_FALSE(h.state().turn_active);
}

TEST_CASE("only heartbeats for minutes: a still-working notice at least every 2 minutes") {
    Harness h;
    h.connect();
    h.server.route("POST /run_sse", [](const Seen&) {
        Reply reply = sse({});
        reply.hold = true;
        return reply;
    });
    h.client->send_message("generate a 30-second promo video");
    h.pump();
    RequestId stream = h.server.last("POST", "/run_sse")->id;
    h.client->on_status(stream, 200, "text/event-stream");
    std::int64_t started = h.now;
    std::vector<std::int64_t> notice_times;
    std::string last_notice;
    for (int second = 1; second <= 15 * 60; ++second) {
        h.now = started + second * 1000;
        if (second % 15 == 0) h.client->on_chunk(stream, second % 30 == 0 ? ": ping\n\n" : "data:\n\n");
        h.pump(1);
        const ChatMessage& last = h.state().messages.back();
        if (last.role == "notice" && last.text != last_notice) {
            last_notice = last.text;
            notice_times.push_back(h.now - started);
        }
    }
    REQUIRE(notice_times.size() >= 7);
    CHECK(notice_times.front() <= 120000);
    for (std::size_t i = 1; i < notice_times.size(); ++i) CHECK(notice_times[i] - notice_times[i - 1] <= 120000);
    CHECK(count_messages(h.state(), "notice", "Still working") == 1);  // updated in place
    CHECK(last_notice.find("15 min") != std::string::npos);
}

TEST_CASE("no text at all: the state is fetched and the change is told in plain words") {
    Harness h;
    json before = urban_dreams_draft();
    before["t"].erase(2);
    h.draft = before;
    h.connect();
    h.server.route("POST /run_sse", [&](const Seen&) {
        h.draft = urban_dreams_draft();
        return sse({sse_data(call_event("add_text")), sse_data(result_event("add_text")), "data:\n\n"});
    });
    h.client->send_message("add the title Urban Dreams for 3 seconds");
    h.pump();
    const ChatMessage& last = h.state().messages.back();
    CHECK(last.role == "notice");
    CHECK(last.text == "Done: added title \xE2\x80\x9CUrban Dreams\xE2\x80\x9D 0\xE2\x80\x93" "3 s.");
    CHECK(last.actions == std::vector<AppAction>{AppAction::show_timeline, AppAction::export_video});
    CHECK(h.state().summary.find("Title: \"Urban Dreams\" (0-3s)") != std::string::npos);
}

TEST_CASE("a silent canvas-only edit is told, in the session's language") {
    for (const auto& [language, expected] : {std::pair<std::string, std::string>{"en", "Done: aspect ratio 16:9 \xE2\x86\x92 9:16 (1080\xC3\x97" "1920)."},
                                             {"zh", "已完成：画面比例16:9 \xE2\x86\x92 9:16（1080\xC3\x97" "1920）。"}}) {
        CAPTURE(language);
        ClientConfig config;
        config.language = language;
        Harness h(config);
        h.draft = urban_dreams_draft();
        h.connect();
        h.server.route("POST /run_sse", [&](const Seen&) {
            h.canvas = {{"width", 1080}, {"height", 1920}, {"fps", 30}};
            return sse({sse_data(call_event("set_canvas")), sse_data(result_event("set_canvas"))});
        });
        h.client->send_message(language == "zh" ? "改成竖屏" : "make it 9:16");
        h.pump();
        CHECK(h.state().messages.back().text == expected);
    }
}

TEST_CASE("no text and no change: said so") {
    Harness h;
    h.connect();
    h.server.route("POST /run_sse", [](const Seen&) { return sse({"data:\n\n"}); });
    h.client->send_message("hmm");
    h.pump();
    CHECK(h.state().messages.back().text == "The agent finished without changing the timeline.");
}

TEST_CASE("a message sent before the first state arrives is compared with the draft as it was, not with nothing") {
    Harness h;
    h.draft = urban_dreams_draft();
    h.server.route("POST /run_sse", [](const Seen&) { return sse({"data:\n\n"}); });
    h.client->connect();
    CHECK(h.client->send_message("hmm"));
    h.pump();
    CHECK_FALSE(h.state().turn_active);
    CHECK(h.state().messages.back().text == "The agent finished without changing the timeline.");
    CHECK(h.server.count("POST", "/run_sse") == 1);
}

TEST_CASE("a broken stream is never resent; the state is watched until the change settles") {
    Harness h;
    h.connect();
    int polls = 0;
    h.server.route("POST /run_sse", [](const Seen&) {
        Reply reply = sse({sse_data(text_event("Adding mus", true))});
        reply.network_error = true;
        return reply;
    });
    h.server.route("GET /api/state/", [&](const Seen&) {
        ++polls;
        json draft = polls >= 3 ? urban_dreams_draft() : json::object();
        return ok({{"state", {{"draft", draft}}}});
    });
    polls = 0;
    h.client->send_message("add lo-fi music");
    h.pump();
    CHECK(h.state().turn_phase == "watching");
    CHECK(count_messages(h.state(), "notice", "not sent again") == 1);
    h.advance(30000, 500);
    CHECK(h.server.count("POST", "/run_sse") == 1);
    CHECK_FALSE(h.state().turn_active);
    CHECK(polls == 4);  // unchanged, unchanged, changed, stable
    CHECK(count_messages(h.state(), "notice", "The edit went through: added 1 clip") == 1);
    CHECK(h.state().messages[1].text == "Adding mus");  // the partial reply stays, closed
    CHECK_FALSE(h.state().messages[1].streaming);
}

TEST_CASE("a broken stream with no change: gives up after the settle polls") {
    ClientConfig config;
    config.state_settle_polls = 3;
    Harness h(config);
    h.connect();
    h.server.route("POST /run_sse", [](const Seen&) {
        Reply reply = sse({});
        reply.network_error = true;
        return reply;
    });
    std::size_t state_calls = h.server.count("GET", "/api/state/");
    h.client->send_message("add music");
    h.pump();
    h.advance(60000, 500);
    CHECK(h.server.count("GET", "/api/state/") - state_calls == 3);
    CHECK(count_messages(h.state(), "notice", "No change reached the timeline") == 1);
    CHECK(h.server.count("POST", "/run_sse") == 1);
}

TEST_CASE("malformed events are reported and skipped; the stream goes on") {
    Harness h;
    h.connect();
    h.server.route("POST /run_sse", [](const Seen&) {
        return sse({"data: {broken\n\n", "data: [1]\n\n", sse_data(text_event("Still fine.", false))});
    });
    h.client->send_message("add a title");
    h.pump();
    CHECK(h.state().messages.back().text == "Still fine.");
    CHECK(h.state().activity.size() == 2);
    CHECK(h.state().activity[0].kind == "error");
}

TEST_CASE("an error event inside the stream is one plain message, never raw JSON, and nothing after it") {
    Harness h;
    h.connect();
    h.server.route("POST /run_sse", [](const Seen&) {
        json event = {{"errorCode", "UNKNOWN_ERROR"},
                      {"errorMessage", R"(got status: 503 Service Unavailable. {"error":{"code":503,"message":"The model is overloaded."}})"}};
        return sse({sse_data(event)});
    });
    std::size_t before = h.state().messages.size();
    h.client->send_message("add a title");
    h.pump();
    REQUIRE(h.state().messages.size() == before + 2);  // the user's words and one outcome
    CHECK(h.state().messages.back().text ==
          "The agent ran into a problem (got status: 503 Service Unavailable: The model is overloaded.). Try again in a moment.");
}

TEST_CASE("ADK's own failures: a safety stop sent twice, a bare error after an exception, an app code") {
    struct Row {
        std::vector<json> events;
        std::string said;
    };
    const std::vector<Row> rows = {
        {{{{"errorCode", "SAFETY"}, {"finishReason", "SAFETY"}}, {{"errorCode", "SAFETY"}, {"finishReason", "SAFETY"}, {"partial", false}}},
         "The agent stopped: its safety filter blocked this request"},
        {{{{"errorCode", "MAX_TOKENS"}}}, "cut off because it grew too long"},
        {{{{"error", "scripted crash"}}}, "The agent ran into a problem (scripted crash)"},
        {{{{"finishReason", "RECITATION"}, {"usageMetadata", {{"totalTokenCount", 3}}}}}, "repeated protected material"},
        {{{{"errorCode", "2001"}, {"errorMessage", "no credits"}}}, "out of credits"},
    };
    for (const Row& row : rows) {
        CAPTURE(row.said);
        Harness h;
        h.connect();
        h.server.route("POST /run_sse", [&](const Seen&) {
            std::vector<std::string> frames;
            for (const json& event : row.events) frames.push_back(sse_data(event));
            return sse(frames);
        });
        std::size_t before = h.state().messages.size();
        h.client->send_message("add a title");
        h.pump();
        REQUIRE(h.state().messages.size() == before + 2);
        CHECK(h.state().messages.back().text.find(row.said) != std::string::npos);
    }
}

TEST_CASE("a normal end written the ADK way: STOP, no content, usage only; the state change on the tool result") {
    Harness h;
    h.draft = urban_dreams_draft();
    h.connect();
    h.server.route("POST /run_sse", [&](const Seen&) {
        h.canvas = {{"width", 1080}, {"height", 1080}, {"fps", 30}};
        json result = result_event("edit_timeline");
        result["actions"] = {{"stateDelta", {{"canvas_config", h.canvas}}}};
        result["timestamp"] = 1796186042457;  // ADK JS: integer milliseconds
        return sse({sse_data(call_event("edit_timeline")), sse_data(result),
                    sse_data({{"finishReason", "STOP"}, {"usageMetadata", {{"totalTokenCount", 1}}}, {"partial", false}}),
                    sse_data({{"errorCode", "STOP"}, {"finishReason", "STOP"}})});
    });
    h.client->send_message("make it square");
    h.pump();
    CHECK(h.state().messages.back().text == "Done: aspect ratio 16:9 \xE2\x86\x92 1:1 (1080\xC3\x97" "1080).");
    CHECK(h.state().errors.empty());
}

TEST_CASE("credits are read again after every turn, so the shown balance follows the server's") {
    Harness h;
    int available = 100;
    h.server.route("GET /api/credits/balance/simple", [&](const Seen&) { return ok({{"available", available}, {"frozen", 0}, {"total", 100}}); });
    h.connect();
    h.server.route("POST /run_sse", [&](const Seen&) {
        available -= 10;
        return sse({sse_data(text_event("Added.", false))});
    });
    for (int turn = 0; turn < 6; ++turn) {
        h.client->send_message("add a title");
        h.pump();
    }
    CHECK(available == 40);
    CHECK(h.state().credits.available == 40);
}

TEST_CASE("a stream without a Content-Type is told apart from a JSON error by its first byte") {
    Harness h;
    h.connect();
    h.server.route("POST /run_sse", [](const Seen&) { return Reply{200, "", {"\n", sse_data(text_event("Hi", false))}}; });
    h.client->send_message("hello");
    h.pump();
    CHECK(h.state().messages.back().text == "Hi");
    h.server.route("POST /run_sse", [](const Seen&) { return Reply{200, "", {R"({"code":2001,"message":"no credits"})"}}; });
    h.client->send_message("again");
    h.pump();
    CHECK(h.state().errors.at(0).action == "bind_account");
}

// Real ADK output without "streaming": the reply comes whole. Each capture in tests/adk/captures was
// written by ADK's own API server; each reads as one message, never raw JSON.
TEST_CASE("replies a real ADK server sent without streaming read as one message each") {
    struct Row {
        const char* capture;
        const char* said;
        std::size_t added = 2;  // the user's words and one outcome
    };
    const Row rows[] = {
        {"text.nostream.sse", "scripted reply"},
        {"nothing.nostream.sse", "without changing the timeline"},
        {"safety.nostream.sse", "safety filter"},
        {"error.nostream.sse", "ran into a problem"},
        {"crash.nostream.sse", "ran into a problem (scripted crash"},
        {"max_tokens.nostream.sse", "cut off", 3},  // what came before the limit, then why it stopped
    };
    for (const Row& row : rows) {
        CAPTURE(row.capture);
        std::ifstream file(std::filesystem::path(CW_SOURCE_DIR) / "tests/adk/captures" / row.capture);
        std::stringstream bytes;
        bytes << file.rdbuf();
        REQUIRE_FALSE(bytes.str().empty());
        Harness h;
        h.connect();
        h.server.route("POST /run_sse", [&](const Seen&) { return sse({bytes.str()}); });
        const std::size_t before = h.state().messages.size();
        h.client->send_message("hello");
        h.pump();
        REQUIRE(h.state().messages.size() == before + row.added);
        CHECK(h.state().messages.back().text.find(row.said) != std::string::npos);
        CHECK(h.state().messages.back().text.find('{') == std::string::npos);
    }
}
