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

TEST_CASE("events written the way ADK writes them") {
    struct Row {
        const char* data;
        AdkEventKind kind;
        const char* code;
    };
    const Row rows[] = {
        {R"({"finishReason":"STOP","usageMetadata":{"totalTokenCount":1},"partial":false})", AdkEventKind::content, ""},
        {R"({"errorCode":"STOP","finishReason":"STOP"})", AdkEventKind::content, ""},  // a non-streamed normal end
        {R"({"errorCode":"SAFETY","finishReason":"SAFETY"})", AdkEventKind::error, "SAFETY"},
        {R"({"finishReason":"MAX_TOKENS"})", AdkEventKind::error, "MAX_TOKENS"},
        {R"({"errorCode":"UNKNOWN_ERROR","errorMessage":"boom"})", AdkEventKind::error, "UNKNOWN_ERROR"},
        {R"({"errorCode":429,"errorMessage":"slow down"})", AdkEventKind::error, "429"},
        {R"({"error":"scripted crash"})", AdkEventKind::error, ""},
        {R"({"usageMetadata":{"promptTokenCount":1}})", AdkEventKind::content, ""},
    };
    for (const Row& row : rows) {
        CAPTURE(row.data);
        AdkEvent event = decode(row.data);
        CHECK(event.kind == row.kind);
        CHECK(event.error_code == row.code);
    }
}

TEST_CASE("timestamps in float seconds and integer milliseconds; the state delta of a tool result") {
    CHECK(decode(R"({"timestamp":1732190000.5})").timestamp_s == doctest::Approx(1732190000.5));
    CHECK(decode(R"({"timestamp":1796186042457})").timestamp_s == doctest::Approx(1796186042.457));
    AdkEvent result = decode(R"({"author":"nemo_agent","content":{"role":"user","parts":[{"functionResponse":
        {"id":"adk-1","name":"edit_timeline","response":{"ok":true}}}]},"actions":{"stateDelta":{"edit_count":1}}})");
    CHECK(result.state_delta["edit_count"] == 1);
    REQUIRE(result.responses.size() == 1);
}

TEST_CASE("plain words for each failure, and app codes told apart") {
    CHECK(app_error_code(decode(R"({"errorCode":"2001","errorMessage":"no credits"})")) == 2001);
    CHECK(app_error_code(decode(R"({"errorCode":"SAFETY"})")) == 0);
    CHECK(plain_agent_error(decode(R"({"errorCode":"UNKNOWN_ERROR"})")) == "The agent ran into a problem. Try again in a moment.");
    CHECK(plain_agent_error(decode(R"({"errorCode":"UNKNOWN_ERROR","errorMessage":"{\"error\":{\"message\":\"quota\"}}"})")) ==
          "The agent ran into a problem (quota). Try again in a moment.");
    CHECK(plain_agent_error(decode(R"({"errorCode":"RESOURCE_EXHAUSTED"})")).find("RESOURCE_EXHAUSTED") != std::string::npos);
}
