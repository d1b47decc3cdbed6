// Decoding ADK events from SSE payloads: text, thoughts, tool steps, heartbeats, errors, junk.
#include <doctest/doctest.h>

#include "core/adk_event.hpp"

using namespace cw::core;

namespace {

AdkEvent decode(const std::string& data) {
    SseEvent event;
    event.data = data;
    return decode_adk_event(event);
}

}  // namespace

TEST_CASE("empty or blank data is a heartbeat") {
    CHECK(decode("").kind == AdkEventKind::heartbeat);
    CHECK(decode("  \n ").kind == AdkEventKind::heartbeat);
}

TEST_CASE("text parts are joined; thoughts are left out") {
    AdkEvent event = decode(R"({"id":"e1","invocationId":"i1","author":"nemo_agent","partial":true,
        "content":{"role":"model","parts":[{"text":"Convert"},{"text":"ing","thought":false},{"text":"hmm","thought":true}]}})");
    CHECK(event.kind == AdkEventKind::content);
    CHECK(event.partial);
    CHECK(event.text == "Converting");
    CHECK(event.id == "e1");
    CHECK(event.invocation_id == "i1");
    CHECK(event.author == "nemo_agent");
}

TEST_CASE("function calls and responses are read") {
    AdkEvent event = decode(R"({"content":{"parts":[
        {"functionCall":{"id":"c1","name":"add_text","args":{"text":"Hi"}}},
        {"functionResponse":{"id":"c1","name":"add_text","response":{"ok":true}}}]}})");
    REQUIRE(event.calls.size() == 1);
    CHECK(event.calls[0].name == "add_text");
    CHECK(event.calls[0].args["text"] == "Hi");
    REQUIRE(event.responses.size() == 1);
    CHECK(event.responses[0].response["ok"] == true);
    CHECK_FALSE(event.partial);
}

TEST_CASE("malformed payloads are reported, not thrown") {
    CHECK(decode("{not json").kind == AdkEventKind::malformed);
    CHECK(decode("[1,2]").kind == AdkEventKind::malformed);
    CHECK(decode("\"text\"").kind == AdkEventKind::malformed);
}

TEST_CASE("fields of the wrong type are ignored") {
    AdkEvent event = decode(R"({"partial":"yes","content":{"parts":[{"text":5},"junk",{"functionCall":"x"}]},"id":3})");
    CHECK(event.kind == AdkEventKind::content);
    CHECK_FALSE(event.partial);
    CHECK(event.text.empty());
    CHECK(event.calls.empty());
    CHECK(event.id.empty());
}

TEST_CASE("error events carry their message") {
    CHECK(decode(R"({"errorCode":"X","errorMessage":"model overloaded"})").error == "model overloaded");
    AdkEvent event = decode(R"({"error":{"message":"boom"}})");
    CHECK(event.kind == AdkEventKind::error);
    CHECK(event.error == "boom");
}
