// The contract's envelope {"code","message","data"} and the error codes of its table.
#pragma once
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace cw::server {

namespace codes {
constexpr int ok = 0;
constexpr int bad_request = 400;        // also: missing X-Client-Id on the token request
constexpr int export_blocked = 402;     // missing X-Skill-* headers on an export
constexpr int not_found = 404;          // an unknown render id or route
constexpr int rate_limited = 429;
constexpr int internal = 500;
constexpr int bad_token = 1001;
constexpr int session_not_found = 1002;
constexpr int no_credits = 2001;
constexpr int unsupported_type = 4001;
constexpr int too_large = 4002;
}  // namespace codes

// The HTTP status that goes with a code: equal for plain HTTP codes, the closest 4xx for app codes.
int http_status_for(int code);

// Thrown anywhere in request handling; the route turns it into an envelope.
struct ApiError : std::runtime_error {
    ApiError(int code, const std::string& message, nlohmann::json data = nlohmann::json::object())
        : std::runtime_error(message), code(code), data(std::move(data)) {}
    int code;
    nlohmann::json data;
};

nlohmann::json envelope(int code, const std::string& message, nlohmann::json data = nlohmann::json::object());

}  // namespace cw::server
