// Envelope building and the code -> HTTP status mapping.
#include "api_error.hpp"

namespace cw::server {

int http_status_for(int code) {
    switch (code) {
        case codes::ok: return 200;
        case codes::bad_token: return 401;
        case codes::session_not_found: return 404;
        case codes::no_credits: return 403;  // not 402: that one means "export blocked", a different client action
        case codes::unsupported_type: return 415;
        case codes::too_large: return 413;
        default: return (code >= 400 && code < 600) ? code : 400;
    }
}

nlohmann::json envelope(int code, const std::string& message, nlohmann::json data) {
    return {{"code", code}, {"message", message}, {"data", std::move(data)}};
}

}  // namespace cw::server
