// Command-line configuration of clipwright-server: every flag, its default and its meaning.
#pragma once
#include <cstdint>
#include <vector>
#include <optional>
#include <string>

namespace cw::server {

struct Config {
    std::string host = "127.0.0.1";
    int port = 8080;                    // 0: pick a free port
    std::string data_dir = "data";
    std::string store;                  // empty: SQLite in the data folder; or a postgres:// URL
    std::string role = "all";           // api: answers the API; worker: renders; all: both
    std::string node_name = "node";     // names this process in the jobs it holds
    int lease_s = 20;                   // a render's hold on its job; renewed every second while it runs
    std::string web_dir;                // empty: no static site
    int64_t max_upload_mb = 200;        // per file
    int64_t quota_media = 1000;         // media one user may keep, across their sessions
    int64_t quota_mb = 20 * 1024;       // bytes of media one user may keep, in MiB
    int silent_percent = 30;            // share of edits that end with no text
    int render_workers = 2;             // exports rendered at once, one per user; users take turns
    int render_nice = 10;               // renders yield the CPU to chat and uploads
    int render_stall_s = 90;            // a render with no progress for this long is stopped and failed
    int64_t token_ttl_s = 7 * 24 * 3600;
    int tokens_per_address = 60;        // new anonymous tokens per client address per hour
    int64_t link_ttl_s = 24 * 3600;     // lifetime of a download link
    int edit_cost = 10;                 // credits charged for a turn that changes the timeline
    int initial_credits = 100;
    int stream_delay_ms = 40;           // pause between streamed chunks, so text arrives progressively
    int http_threads = 256;             // each open chat stream and each idle keep-alive connection holds one
    int connections_per_address = 32;   // so that one address can never hold every request thread
    std::string ffprobe = "ffprobe";
    bool forward = false;               // relay the API to CLIPWRIGHT_FORWARD_URL instead of serving it
    bool verbose = false;
    bool allow_loopback_urls = false;          // testing only: uploads by URL may fetch from this machine
    std::vector<std::string> allowed_origins;  // other sites allowed to call the API (CORS); none by default
    std::vector<std::string> public_hosts;     // Host names the server answers to besides its own address and localhost

    bool renders() const { return role != "api"; }
    bool serves_api() const { return role != "worker"; }
    // `all` is one machine on its own: no other node uses its data folder or its jobs.
    bool alone() const { return role == "all"; }
};

// Parses argv; on a bad or unknown flag returns nothing and writes why (and the usage) to `error`.
std::optional<Config> parse_args(int argc, char** argv, std::string& error);

std::string usage();

}  // namespace cw::server
