// The response envelope and the contract's error table: each code maps to the one action the
// client takes about it, and to the words the user sees.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace cw::core {

namespace codes {
inline constexpr int ok = 0;
inline constexpr int bad_token = 1001;
inline constexpr int session_not_found = 1002;
inline constexpr int no_credits = 2001;
inline constexpr int unsupported_type = 4001;
inline constexpr int file_too_large = 4002;
inline constexpr int missing_client_id = 400;
inline constexpr int export_blocked = 402;
inline constexpr int rate_limited = 429;
inline constexpr int network = -1;     // no HTTP answer at all
inline constexpr int unreadable = -2;  // an answer that is not the envelope
}  // namespace codes

struct Envelope {
    int code = codes::ok;
    std::string message;
    nlohmann::json data = nlohmann::json::object();
    bool ok() const { return code == codes::ok; }
};

// Reads `code` from the body; falls back to the HTTP status only when the body has none.
Envelope read_envelope(int http_status, std::string_view body);

enum class ErrorAction {
    none,
    renew_token,       // 1001: new anonymous token, retry once
    new_session,       // 1002: new session, tell the user, keep local history
    bind_account,      // 2001 anonymous: registration link with ?bind=<id>
    top_up,            // 2001 registered
    accepted_formats,  // 4001
    size_limit,        // 4002
    new_client_id,     // 400: make a client id, retry
    upgrade_plan,      // 402: register or upgrade to export
    wait_and_retry,    // 429: 30 s, once
    report,            // anything else: show the server's words
};

ErrorAction action_for(int code, bool registered);
const char* to_string(ErrorAction action);

inline constexpr std::int64_t rate_limit_wait_ms = 30000;

// Facts a user-facing message may need.
struct ErrorContext {
    std::string bind_link;
    std::int64_t max_upload_bytes = 0;
    std::string file_name;
    bool too_many_pixels = false;  // a 4002 about a picture's dimensions, not its bytes
};

std::string user_message(int code, ErrorAction action, const std::string& server_message, const ErrorContext& context);

}  // namespace cw::core
