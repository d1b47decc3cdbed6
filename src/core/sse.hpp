// Server-Sent Events parsing per the WHATWG HTML "event stream interpretation" algorithm, fed with
// chunks split anywhere (even between CR and LF or inside the leading BOM).
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cw::core {

struct SseEvent {
    std::string type = "message";
    std::string data;
    std::string last_event_id;
};

class SseParser {
public:
    // Appends every event completed by these bytes to `out`.
    void feed(std::string_view bytes, std::vector<SseEvent>& out);
    // End of stream: an event without its closing blank line is dropped, as the spec says.
    void finish();

    // Comment lines seen so far; the agent API uses them as heartbeats.
    std::size_t comment_count() const { return comments_; }
    std::optional<std::int64_t> retry_ms() const { return retry_ms_; }
    const std::string& last_event_id() const { return last_event_id_; }

private:
    void feed_lines(std::string_view bytes, std::vector<SseEvent>& out);
    void process_line(std::string_view line, std::vector<SseEvent>& out);
    void process_field(std::string_view field, std::string_view value);
    void dispatch(std::vector<SseEvent>& out);

    std::string line_;
    std::string data_;
    std::string event_type_;
    std::string id_buffer_;
    std::string last_event_id_;
    std::optional<std::int64_t> retry_ms_;
    std::size_t comments_ = 0;
    std::size_t bom_matched_ = 0;
    bool bom_checked_ = false;
    bool after_cr_ = false;
};

}  // namespace cw::core
