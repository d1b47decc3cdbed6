// The SSE parser against the WHATWG event-stream rules, fed whole and in every chunking.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/sse.hpp"

using cw::core::SseEvent;
using cw::core::SseParser;

namespace {

std::vector<SseEvent> parse_whole(const std::string& stream) {
    SseParser parser;
    std::vector<SseEvent> events;
    parser.feed(stream, events);
    parser.finish();
    return events;
}

std::vector<SseEvent> parse_in_chunks(const std::string& stream, std::size_t size) {
    SseParser parser;
    std::vector<SseEvent> events;
    for (std::size_t at = 0; at < stream.size(); at += size) parser.feed(stream.substr(at, size), events);
    parser.finish();
    return events;
}

std::vector<std::string> data_of(const std::vector<SseEvent>& events) {
    std::vector<std::string> out;
    for (const auto& event : events) out.push_back(event.data);
    return out;
}

bool same(const std::vector<SseEvent>& a, const std::vector<SseEvent>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i].data != b[i].data || a[i].type != b[i].type || a[i].last_event_id != b[i].last_event_id) return false;
    return true;
}

// Every rule at once: BOM, comments, all line endings, multi-line data, event types, ids, retry.
const std::string kMixedStream =
    "\xEF\xBB\xBF: opening comment\r\n"
    "data: first\n\n"
    "event: add\r"
    "data: two\r\n"
    "data:lines\r\r"
    "id: 42\n"
    "data:  leading space kept\n"
    "\n"
    ":heartbeat\n"
    "data\n"
    "\r\n"
    "retry: 2500\n"
    "data: {\"partial\":true}\r\n\r\n"
    "data: unfinished";

}  // namespace

TEST_CASE("a simple event") {
    auto events = parse_whole("data: hello\n\n");
    REQUIRE(events.size() == 1);
    CHECK(events[0].data == "hello");
    CHECK(events[0].type == "message");
}

TEST_CASE("multi-line data is joined with LF") {
    CHECK(data_of(parse_whole("data: a\ndata: b\ndata: c\n\n")) == std::vector<std::string>{"a\nb\nc"});
}

TEST_CASE("CR, LF and CRLF line endings in any mix") {
    CHECK(data_of(parse_whole("data: a\r\ndata: b\rdata: c\n\r\n")) == std::vector<std::string>{"a\nb\nc"});
    CHECK(data_of(parse_whole("data: x\r\rdata: y\n\ndata: z\r\n\r\n")) == std::vector<std::string>{"x", "y", "z"});
}

TEST_CASE("one space after the colon is dropped, no more") {
    CHECK(data_of(parse_whole("data:x\n\ndata:  y\n\n")) == std::vector<std::string>{"x", " y"});
}

TEST_CASE("comments are counted and ignored") {
    SseParser parser;
    std::vector<SseEvent> events;
    parser.feed(": ping\n:\ndata: x\n\n", events);
    CHECK(parser.comment_count() == 2);
    CHECK(data_of(events) == std::vector<std::string>{"x"});
}

TEST_CASE("a field name alone means an empty value") {
    auto events = parse_whole("data\n\n");
    REQUIRE(events.size() == 1);
    CHECK(events[0].data.empty());
}

TEST_CASE("empty data lines still dispatch an event (heartbeats)") {
    auto events = parse_whole("data:\n\n");
    REQUIRE(events.size() == 1);
    CHECK(events[0].data.empty());
}

TEST_CASE("the event type applies to one event only") {
    auto events = parse_whole("event: add\ndata: 1\n\ndata: 2\n\n");
    REQUIRE(events.size() == 2);
    CHECK(events[0].type == "add");
    CHECK(events[1].type == "message");
}

TEST_CASE("an event without data is not dispatched and its type is reset") {
    auto events = parse_whole("event: lonely\n\ndata: x\n\n");
    REQUIRE(events.size() == 1);
    CHECK(events[0].type == "message");
}

TEST_CASE("last event id persists, may be reset, ignores NUL") {
    SseParser parser;
    std::vector<SseEvent> events;
    parser.feed("id: 7\ndata: a\n\ndata: b\n\n", events);
    parser.feed(std::string("id: bad\0id\ndata: c\n\nid\ndata: d\n\n", 32), events);
    REQUIRE(events.size() == 4);
    CHECK(events[0].last_event_id == "7");
    CHECK(events[1].last_event_id == "7");
    CHECK(events[2].last_event_id == "7");
    CHECK(events[3].last_event_id.empty());
}

TEST_CASE("retry takes only ASCII digits") {
    SseParser parser;
    std::vector<SseEvent> events;
    parser.feed("retry: 1500\n\n", events);
    CHECK(parser.retry_ms() == 1500);
    parser.feed("retry: 15x\n\nretry: \n\nretry: -3\n\n", events);
    CHECK(parser.retry_ms() == 1500);
    CHECK(events.empty());
}

TEST_CASE("unknown fields are ignored") {
    CHECK(data_of(parse_whole("foo: bar\ndata: x\nDATA: y\n\n")) == std::vector<std::string>{"x"});
}

TEST_CASE("a leading BOM is dropped, only at the very start") {
    CHECK(data_of(parse_whole("\xEF\xBB\xBF" "data: x\n\n")) == std::vector<std::string>{"x"});
    CHECK(data_of(parse_whole("data: \xEF\xBB\xBFx\n\n")) == std::vector<std::string>{"\xEF\xBB\xBFx"});
    // Only one BOM is removed; a second one makes the field name unknown.
    CHECK(parse_whole("\xEF\xBB\xBF\xEF\xBB\xBF" "data: x\n\n").empty());
}

TEST_CASE("a stream that ends without a blank line drops its unfinished event") {
    CHECK(data_of(parse_whole("data: x\n\ndata: y\n")) == std::vector<std::string>{"x"});
    CHECK(data_of(parse_whole("data: x\n\ndata: y")) == std::vector<std::string>{"x"});
}

TEST_CASE("the mixed stream gives the expected events") {
    auto events = parse_whole(kMixedStream);
    REQUIRE(events.size() == 5);
    CHECK(events[0].data == "first");
    CHECK(events[1].type == "add");
    CHECK(events[1].data == "two\nlines");
    CHECK(events[2].data == " leading space kept");
    CHECK(events[2].last_event_id == "42");
    CHECK(events[3].data.empty());
    CHECK(events[3].last_event_id == "42");
    CHECK(events[4].data == "{\"partial\":true}");
}

TEST_CASE("every chunk size gives the same events, one byte at a time included") {
    auto whole = parse_whole(kMixedStream);
    for (std::size_t size = 1; size <= kMixedStream.size(); ++size) {
        CAPTURE(size);
        CHECK(same(parse_in_chunks(kMixedStream, size), whole));
    }
}

TEST_CASE("every two-piece split gives the same events, including between CR and LF") {
    auto whole = parse_whole(kMixedStream);
    for (std::size_t cut = 0; cut <= kMixedStream.size(); ++cut) {
        SseParser parser;
        std::vector<SseEvent> events;
        parser.feed(kMixedStream.substr(0, cut), events);
        parser.feed(kMixedStream.substr(cut), events);
        parser.finish();
        CAPTURE(cut);
        CHECK(same(events, whole));
    }
}

TEST_CASE("a CR ending one chunk and an LF starting the next make one line end") {
    SseParser parser;
    std::vector<SseEvent> events;
    parser.feed("data: a\r", events);
    parser.feed("", events);
    parser.feed("\ndata: b\r", events);
    parser.feed("\n\r", events);
    parser.feed("\n", events);
    CHECK(data_of(events) == std::vector<std::string>{"a\nb"});
}

TEST_CASE("a partial BOM followed by other bytes is kept as data") {
    SseParser parser;
    std::vector<SseEvent> events;
    parser.feed("\xEF", events);
    parser.feed("\xBB", events);
    parser.feed(": c\ndata: x\n\n", events);
    // The two bytes start the first line, which is then a field named "\xEF\xBB" and ignored.
    CHECK(parser.comment_count() == 0);
    CHECK(data_of(events) == std::vector<std::string>{"x"});
}

TEST_CASE("long lines with CR-only endings stay correct") {
    std::string stream;
    for (int i = 0; i < 2000; ++i) stream += "data: " + std::to_string(i) + "\r\r";
    auto events = parse_whole(stream);
    REQUIRE(events.size() == 2000);
    CHECK(events[1999].data == "1999");
}
