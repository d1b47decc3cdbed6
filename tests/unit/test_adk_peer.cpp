// The core against a real ADK API server (tests/adk: ADK's own server and event code, a scripted
// model), behind the test front that sends everything but /run_sse to the real local backend. The
// agent's tool makes its edits through the local backend, so the timeline really changes. The
// turns the model takes are chosen by the words sent ("scenario:<name>", tests/adk/README.md).
#include <doctest/doctest.h>

#include "harness.hpp"
#include "loopback_client.hpp"

using namespace cw::core;
using cw::test::LoopbackClient;

namespace {

// One page's worth of client on the front, connected and holding a session.
struct Peer {
    cw::test::ServerProcess server{{"--silent-percent", "0"}};
    cw::test::FrontProcess front{server};
    LoopbackClient page{front.port};

    Peer() {
        page.client.connect();
        REQUIRE(page.run_until([&] { return page.state().credits.known; }, 30));
    }

    // Sends the words and waits for the turn to end; returns the messages it added.
    std::vector<ChatMessage> turn(const std::string& words) {
        const std::size_t before = page.state().messages.size();
        REQUIRE(page.client.send_message(words));
        REQUIRE(page.run_until([&] { return !page.state().turn_active; }, 60));
        CAPTURE(page.transcript());
        REQUIRE(page.state().messages.size() > before);
        CHECK(page.state().messages[before].role == "user");
        return {page.state().messages.begin() + static_cast<std::ptrdiff_t>(before) + 1, page.state().messages.end()};
    }

    // The balance as the server holds it.
    double server_credits() {
        cw::test::Api api(server.port);
        api.token = page.storage.get(storage_keys::token).value_or("");
        return api.get("/api/credits/balance/simple").data()["available"].get<double>();
    }
};

std::string all_text(const std::vector<ChatMessage>& messages) {
    std::string text;
    for (const ChatMessage& message : messages) text += "[" + message.role + "] " + message.text + "\n";
    return text;
}

bool mentions(const std::vector<ChatMessage>& messages, const std::string& part) {
    for (const ChatMessage& message : messages)
        if (message.text.find(part) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_CASE("a real ADK server: text, tools, silence, failures and a forgotten session, through the core") {
    Peer peer;

    SUBCASE("a streamed text reply arrives in pieces and ends whole") {
        auto said = peer.turn("scenario:text hello there");
        REQUIRE_MESSAGE(said.size() == 1, all_text(said));
        CHECK(said[0].role == "agent");
        CHECK(said[0].text.find("scripted reply to your message: hello there") != std::string::npos);
        CHECK_FALSE(said[0].streaming);
    }
    SUBCASE("text before a tool call; the tool's edit reaches the timeline") {
        auto said = peer.turn("scenario:text_tool add a title 'Harbour' for 2 seconds");
        CHECK(mentions(said, "I will make that edit"));
        CHECK(mentions(said, "the edit is applied"));
        CHECK(peer.page.state().draft.segment_count == 2);  // with no media, a title card: its background and its text
        CHECK(peer.page.state().summary.find("Harbour") != std::string::npos);
    }
    SUBCASE("a tool call and then no text: the change is told") {
        auto said = peer.turn("scenario:tool add a title 'Quiet' for 2 seconds");
        REQUIRE_MESSAGE(said.size() == 1, all_text(said));
        CHECK_MESSAGE(said[0].text.find("added title \xE2\x80\x9CQuiet\xE2\x80\x9D") != std::string::npos, said[0].text);
    }
    SUBCASE("a silent canvas-only edit is told") {
        auto said = peer.turn("scenario:canvas");
        REQUIRE_MESSAGE(said.size() == 1, all_text(said));
        CHECK_MESSAGE(said[0].text.find("aspect ratio 16:9 \xE2\x86\x92 9:16 (1080\xC3\x97" "1920)") != std::string::npos, said[0].text);
    }
    SUBCASE("no text and no change") {
        auto said = peer.turn("scenario:nothing");
        REQUIRE_MESSAGE(said.size() == 1, all_text(said));
        CHECK(said[0].text == "The agent finished without changing the timeline.");
    }
    SUBCASE("a model error is one plain message") {
        auto said = peer.turn("scenario:error");
        REQUIRE_MESSAGE(said.size() == 1, all_text(said));
        CHECK(said[0].text.rfind("The agent ran into a problem", 0) == 0);
        CHECK(said[0].text.find('{') == std::string::npos);
    }
    SUBCASE("a safety stop is one plain message") {
        auto said = peer.turn("scenario:safety");
        REQUIRE_MESSAGE(said.size() == 1, all_text(said));
        CHECK(said[0].text.find("safety filter") != std::string::npos);
    }
    SUBCASE("a session ADK does not know: a new one, and the user is told") {
        const std::string first = peer.page.state().session_id;
        cw::test::Api(peer.front.port).post("/__forget_session", {{"sessionId", first}});
        auto said = peer.turn("scenario:text after forgetting");
        CHECK(peer.page.state().session_id != first);
        CHECK(mentions(said, "new one was started"));
    }
    SUBCASE("the shown balance follows the server's after several charged edits") {
        for (const char* title : {"One", "Two", "Three", "Four"})
            peer.turn(std::string("scenario:tool add a title '") + title + "'");
        REQUIRE(peer.page.run_until([&] { return peer.page.state().credits.available == peer.server_credits(); }, 10));
        CHECK(peer.server_credits() < 100);
    }
}
