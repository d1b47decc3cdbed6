// Forwarding mode: the same API relayed to a hosted service (base URL and token from the
// environment), adding the attribution headers and streaming responses, SSE included, as they come.
#pragma once
#include <optional>
#include <string>

namespace httplib {
class Server;
}

namespace cw::server {

struct ForwardTarget {
    std::string origin;       // scheme://host[:port]
    std::string path_prefix;  // the base URL's path, prepended to every forwarded path
    std::string token;        // replaces the client's bearer token when set
    std::string skill_source;
    std::string skill_version;

    // CLIPWRIGHT_FORWARD_URL (required), CLIPWRIGHT_FORWARD_TOKEN, CLIPWRIGHT_SKILL_SOURCE,
    // CLIPWRIGHT_SKILL_VERSION.
    static std::optional<ForwardTarget> from_environment();
};

void install_forward_routes(httplib::Server& server, const ForwardTarget& target);

}  // namespace cw::server
