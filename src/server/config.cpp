// Command-line parsing for clipwright-server.
#include "config.hpp"

#include <functional>
#include <map>
#include <stdexcept>

namespace cw::server {

namespace {

int64_t parse_int(const std::string& flag, const std::string& text, int64_t min, int64_t max) {
    size_t used = 0;
    int64_t value = 0;
    try {
        value = std::stoll(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used == 0 || used != text.size() || value < min || value > max) {
        throw std::invalid_argument(flag + " needs a whole number from " + std::to_string(min) + " to " +
                                    std::to_string(max) + ", got '" + text + "'");
    }
    return value;
}

std::string one_of(const std::string& flag, const std::string& text, const std::vector<std::string>& choices) {
    for (const std::string& choice : choices)
        if (text == choice) return text;
    std::string list;
    for (const std::string& choice : choices) list += (list.empty() ? "" : ", ") + choice;
    throw std::invalid_argument(flag + " is one of " + list + ", got '" + text + "'");
}

}  // namespace

std::string usage() {
    return "usage: clipwright-server [flags]\n"
           "  --host H               address to listen on (default 127.0.0.1)\n"
           "  --port P               port; 0 picks a free one (default 8080)\n"
           "  --data DIR             database and media folder (default ./data)\n"
           "  --store URL            keep the database in PostgreSQL (postgres://...) instead of\n"
           "                         SQLite in DIR; media and renders stay in DIR\n"
           "  --role R               api, worker or all (default all); api and worker need a\n"
           "                         shared --store and one DIR that every node mounts\n"
           "  --node-name N          this node's name in the jobs it renders (default node)\n"
           "  --lease-s N            a render's hold on its job; a dead worker's job waits\n"
           "                         this long before another takes it (default 20)\n"
           "  --web DIR              static web build served at / (default: none)\n"
           "  --max-upload-mb N      largest accepted file, in MB (default 200)\n"
           "  --quota-media N        media one user may keep, across sessions (default 1000)\n"
           "  --quota-mb N           MB of media one user may keep (default 20480)\n"
           "  --silent-percent N     share of edits whose reply has no text (default 30)\n"
           "  --render-workers N     exports rendered at once, one per user (default 2)\n"
           "  --render-nice N        CPU niceness of renders (default 10)\n"
           "  --render-stall-s N     stop and fail a render with no progress for N s (default 90)\n"
           "  --token-ttl-s N        anonymous token lifetime and rate-limit window (default 7 days)\n"
           "  --tokens-per-address N new tokens per client address per hour (default 60; raise behind a proxy)\n"
           "  --link-ttl-s N         download link lifetime (default 1 day)\n"
           "  --edit-cost N          credits per turn that changes the timeline (default 10)\n"
           "  --initial-credits N    credits of a new anonymous token (default 100)\n"
           "  --stream-delay-ms N    pause between streamed reply chunks (default 40)\n"
           "  --http-threads N       request threads (default 256)\n"
           "  --connections-per-address N  open connections per client address (default 32; raise behind a proxy)\n"

           "  --ffprobe PATH         ffprobe binary (default: ffprobe from PATH)\n"
           "  --forward              relay the API to $CLIPWRIGHT_FORWARD_URL with $CLIPWRIGHT_FORWARD_TOKEN\n"
           "  --verbose              log every request to stderr\n"
           "  --allow-origin ORIGIN  let pages from ORIGIN (https://app.example) call the API; repeatable\n"
           "  --public-host HOST     answer to this Host name too (behind a reverse proxy); repeatable\n"
           "  --allow-loopback-urls  FOR TESTS ONLY: let uploads by URL fetch from this machine\n";
}

std::optional<Config> parse_args(int argc, char** argv, std::string& error) {
    Config config;
    using Setter = std::function<void(const std::string&, const std::string&)>;
    const int64_t big = int64_t(1) << 40;
    const std::map<std::string, Setter> valued = {
        {"--host", [&](auto&, auto& v) { config.host = v; }},
        {"--port", [&](auto& f, auto& v) { config.port = int(parse_int(f, v, 0, 65535)); }},
        {"--data", [&](auto&, auto& v) { config.data_dir = v; }},
        {"--store", [&](auto&, auto& v) { config.store = v; }},
        {"--role", [&](auto& f, auto& v) { config.role = one_of(f, v, {"api", "worker", "all"}); }},
        {"--node-name", [&](auto&, auto& v) { config.node_name = v; }},
        {"--lease-s", [&](auto& f, auto& v) { config.lease_s = int(parse_int(f, v, 2, 3600)); }},
        {"--web", [&](auto&, auto& v) { config.web_dir = v; }},
        {"--allow-origin", [&](auto&, auto& v) { config.allowed_origins.push_back(v); }},
        {"--public-host", [&](auto&, auto& v) { config.public_hosts.push_back(v); }},
        {"--max-upload-mb", [&](auto& f, auto& v) { config.max_upload_mb = parse_int(f, v, 1, 1 << 20); }},
        {"--quota-media", [&](auto& f, auto& v) { config.quota_media = parse_int(f, v, 1, big); }},
        {"--quota-mb", [&](auto& f, auto& v) { config.quota_mb = parse_int(f, v, 1, big); }},
        {"--silent-percent", [&](auto& f, auto& v) { config.silent_percent = int(parse_int(f, v, 0, 100)); }},
        {"--render-workers", [&](auto& f, auto& v) { config.render_workers = int(parse_int(f, v, 1, 64)); }},
        {"--render-nice", [&](auto& f, auto& v) { config.render_nice = int(parse_int(f, v, 0, 19)); }},
        {"--render-stall-s", [&](auto& f, auto& v) { config.render_stall_s = int(parse_int(f, v, 1, 24 * 3600)); }},
        {"--token-ttl-s", [&](auto& f, auto& v) { config.token_ttl_s = parse_int(f, v, 1, big); }},
        {"--tokens-per-address", [&](auto& f, auto& v) { config.tokens_per_address = int(parse_int(f, v, 1, 1 << 30)); }},
        {"--link-ttl-s", [&](auto& f, auto& v) { config.link_ttl_s = parse_int(f, v, 1, big); }},
        {"--edit-cost", [&](auto& f, auto& v) { config.edit_cost = int(parse_int(f, v, 0, 1 << 30)); }},
        {"--initial-credits", [&](auto& f, auto& v) { config.initial_credits = int(parse_int(f, v, 0, 1 << 30)); }},
        {"--stream-delay-ms", [&](auto& f, auto& v) { config.stream_delay_ms = int(parse_int(f, v, 0, 5000)); }},
        {"--connections-per-address",
         [&](auto& f, auto& v) { config.connections_per_address = int(parse_int(f, v, 1, 1 << 20)); }},
        {"--http-threads", [&](auto& f, auto& v) { config.http_threads = int(parse_int(f, v, 4, 1024)); }},
        {"--ffprobe", [&](auto&, auto& v) { config.ffprobe = v; }},
    };
    try {
        for (int i = 1; i < argc; ++i) {
            const std::string flag = argv[i];
            if (flag == "--forward") {
                config.forward = true;
            } else if (flag == "--allow-loopback-urls") {
                config.allow_loopback_urls = true;
            } else if (flag == "--verbose") {
                config.verbose = true;
            } else if (flag == "--help" || flag == "-h") {
                throw std::invalid_argument("");
            } else if (auto it = valued.find(flag); it != valued.end()) {
                if (i + 1 >= argc) throw std::invalid_argument(flag + " needs a value");
                it->second(flag, argv[++i]);
            } else {
                throw std::invalid_argument("unknown flag '" + flag + "'");
            }
        }
        if (config.role != "all" && config.store.empty())
            throw std::invalid_argument("--role " + config.role + " needs a --store that other nodes share");
    } catch (const std::invalid_argument& e) {
        error = (e.what()[0] ? std::string(e.what()) + "\n" : std::string()) + usage();
        return std::nullopt;
    }
    return config;
}

}  // namespace cw::server
