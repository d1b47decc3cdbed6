// Lines are cut on CR, LF or CRLF; a CR at the end of a chunk remembers to swallow a following LF.
#include "core/sse.hpp"

#include <cstring>

namespace cw::core {

namespace {

constexpr char kBom[] = "\xEF\xBB\xBF";
constexpr std::size_t kBomSize = 3;
constexpr std::size_t kMaxRetryDigits = 15;  // keeps the value inside int64 without overflow checks

// Remembers where the next CR and LF are, so a chunk made only of CR-ended lines stays linear.
class LineEndFinder {
public:
    explicit LineEndFinder(std::string_view bytes)
        : bytes_(bytes), next_lf_(find(0, '\n')), next_cr_(find(0, '\r')) {}

    std::size_t next(std::size_t from) {
        if (next_lf_ < from) next_lf_ = find(from, '\n');
        if (next_cr_ < from) next_cr_ = find(from, '\r');
        return next_lf_ < next_cr_ ? next_lf_ : next_cr_;
    }

private:
    std::size_t find(std::size_t from, char c) const {
        const void* hit = std::memchr(bytes_.data() + from, c, bytes_.size() - from);
        return hit ? static_cast<std::size_t>(static_cast<const char*>(hit) - bytes_.data()) : std::string_view::npos;
    }

    std::string_view bytes_;
    // npos compares greater than any position, so "not found" is never searched again.
    std::size_t next_lf_;
    std::size_t next_cr_;
};

bool all_ascii_digits(std::string_view text) {
    if (text.empty()) return false;
    for (char c : text)
        if (c < '0' || c > '9') return false;
    return true;
}

}  // namespace

void SseParser::feed(std::string_view bytes, std::vector<SseEvent>& out) {
    // The BOM may arrive one byte at a time; hold back matching bytes until it is decided.
    while (!bom_checked_ && !bytes.empty()) {
        if (bytes[0] == kBom[bom_matched_]) {
            bytes.remove_prefix(1);
            if (++bom_matched_ == kBomSize) bom_checked_ = true;
            continue;
        }
        bom_checked_ = true;
        feed_lines(std::string_view(kBom, bom_matched_), out);
    }
    feed_lines(bytes, out);
}

void SseParser::feed_lines(std::string_view bytes, std::vector<SseEvent>& out) {
    if (bytes.empty()) return;
    LineEndFinder finder(bytes);
    std::size_t pos = 0;
    if (after_cr_ && bytes[0] == '\n') pos = 1;
    after_cr_ = false;
    while (pos < bytes.size()) {
        std::size_t end = finder.next(pos);
        if (end == std::string_view::npos) {
            line_.append(bytes.substr(pos));
            return;
        }
        if (line_.empty()) {
            process_line(bytes.substr(pos, end - pos), out);
        } else {
            line_.append(bytes.substr(pos, end - pos));
            process_line(line_, out);
            line_.clear();
        }
        pos = end + 1;
        if (bytes[end] == '\r') {
            if (pos == bytes.size()) after_cr_ = true;
            else if (bytes[pos] == '\n') ++pos;
        }
    }
}

void SseParser::process_line(std::string_view line, std::vector<SseEvent>& out) {
    if (line.empty()) {
        dispatch(out);
        return;
    }
    if (line[0] == ':') {
        ++comments_;
        return;
    }
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
        process_field(line, {});
        return;
    }
    std::string_view value = line.substr(colon + 1);
    if (!value.empty() && value[0] == ' ') value.remove_prefix(1);
    process_field(line.substr(0, colon), value);
}

void SseParser::process_field(std::string_view field, std::string_view value) {
    if (field == "data") {
        data_.append(value);
        data_ += '\n';
    } else if (field == "event") {
        event_type_.assign(value);
    } else if (field == "id") {
        if (value.find('\0') == std::string_view::npos) id_buffer_.assign(value);
    } else if (field == "retry") {
        if (all_ascii_digits(value) && value.size() <= kMaxRetryDigits) retry_ms_ = std::stoll(std::string(value));
    }
}

void SseParser::dispatch(std::vector<SseEvent>& out) {
    last_event_id_ = id_buffer_;
    if (data_.empty()) {
        event_type_.clear();
        return;
    }
    data_.pop_back();  // the LF appended after the last data line
    SseEvent event;
    event.type = event_type_.empty() ? "message" : event_type_;
    event.data = std::move(data_);
    event.last_event_id = last_event_id_;
    out.push_back(std::move(event));
    data_.clear();
    event_type_.clear();
}

void SseParser::finish() {
    if (!bom_checked_) bom_checked_ = true;
    line_.clear();
    data_.clear();
    event_type_.clear();
    after_cr_ = false;
}

}  // namespace cw::core
