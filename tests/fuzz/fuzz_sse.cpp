// libFuzzer target: the SSE parser and ADK decoding on arbitrary bytes, split at a position taken
// from the input, must never crash and must give the same events as the unsplit stream.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "core/adk_event.hpp"
#include "core/sse.hpp"

namespace {

std::vector<cw::core::SseEvent> parse(std::string_view bytes, std::size_t chunk) {
    cw::core::SseParser parser;
    std::vector<cw::core::SseEvent> events;
    for (std::size_t at = 0; at < bytes.size(); at += chunk) parser.feed(bytes.substr(at, chunk), events);
    parser.finish();
    return events;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    std::size_t chunk = 1 + data[0] % 17;
    std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
    auto whole = parse(bytes, bytes.size() + 1);
    auto pieces = parse(bytes, chunk);
    if (whole.size() != pieces.size()) std::abort();
    for (std::size_t i = 0; i < whole.size(); ++i) {
        if (whole[i].data != pieces[i].data || whole[i].type != pieces[i].type) std::abort();
        cw::core::decode_adk_event(whole[i]);
    }
    return 0;
}
