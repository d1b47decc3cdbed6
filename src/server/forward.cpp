// The forwarding relay. Each request is sent upstream from its own thread; the response is passed
// back chunk by chunk as it arrives, so a chat stream keeps its pace. Request bodies are held in
// memory here (unlike local uploads), which is acceptable for a relay meant for development.
#include "forward.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <memory>
#include <mutex>
#include <regex>
#include <thread>

#include <httplib.h>

#include "api_error.hpp"

namespace cw::server {

namespace {

// What the upstream thread has received so far; shared with the response that streams it out.
struct Relay {
    std::mutex mutex;
    std::condition_variable changed;
    std::deque<std::string> chunks;
    bool headers_ready = false;
    bool finished = false;
    bool abandoned = false;  // the client went away: stop reading upstream
    int status = 0;
    std::string content_type;
};

std::string env(const char* name, const std::string& fallback = "") {
    const char* value = std::getenv(name);
    return value && *value ? value : fallback;
}

httplib::Headers upstream_headers(const httplib::Request& req, const ForwardTarget& target) {
    httplib::Headers headers;
    for (const char* name : {"Content-Type", "Accept", "Accept-Language", "X-Client-Id", "Authorization",
                             "X-Skill-Source", "X-Skill-Version", "X-Skill-Platform"}) {
        if (req.has_header(name)) headers.emplace(name, req.get_header_value(name));
    }
    const auto set = [&](const std::string& name, const std::string& value) {
        headers.erase(name);
        headers.emplace(name, value);
    };
    if (!target.token.empty()) set("Authorization", "Bearer " + target.token);
    if (!req.has_header("X-Skill-Source")) set("X-Skill-Source", target.skill_source);
    if (!req.has_header("X-Skill-Version")) set("X-Skill-Version", target.skill_version);
    if (!req.has_header("X-Skill-Platform")) set("X-Skill-Platform", "web");
    return headers;
}

void fetch_upstream(std::shared_ptr<Relay> relay, ForwardTarget target, httplib::Request up) {
    httplib::Client client(target.origin);
    client.set_connection_timeout(10);
    client.set_read_timeout(15 * 60);  // a chat stream may stay open this long
    client.set_follow_location(false);
    up.response_handler = [relay](const httplib::Response& r) {
        std::lock_guard<std::mutex> lock(relay->mutex);
        relay->status = r.status;
        relay->content_type = r.get_header_value("Content-Type");
        relay->headers_ready = true;
        relay->changed.notify_all();
        return true;
    };
    up.content_receiver = [relay](const char* data, size_t n, uint64_t, uint64_t) {
        std::lock_guard<std::mutex> lock(relay->mutex);
        if (relay->abandoned) return false;
        relay->chunks.emplace_back(data, n);
        relay->changed.notify_all();
        return true;
    };
    client.send(up);
    std::lock_guard<std::mutex> lock(relay->mutex);
    relay->finished = true;
    relay->headers_ready = true;
    relay->changed.notify_all();
}

void relay_response(httplib::Response& res, std::shared_ptr<Relay> relay) {
    {
        std::unique_lock<std::mutex> lock(relay->mutex);
        relay->changed.wait_for(lock, std::chrono::seconds(60), [&] { return relay->headers_ready; });
        if (relay->status == 0) {
            relay->abandoned = true;
            throw ApiError(502, "the hosted service did not answer");
        }
        res.status = relay->status;
    }
    std::string type = relay->content_type.empty() ? "application/json" : relay->content_type;
    // Exactly "text/event-stream", or httplib would compress (and so buffer) the stream.
    if (type.rfind("text/event-stream", 0) == 0) type = "text/event-stream";
    res.set_chunked_content_provider(
        type,
        [relay](size_t, httplib::DataSink& sink) {
            std::unique_lock<std::mutex> lock(relay->mutex);
            relay->changed.wait(lock, [&] { return !relay->chunks.empty() || relay->finished; });
            if (relay->chunks.empty()) {
                sink.done();
                return true;
            }
            const std::string chunk = std::move(relay->chunks.front());
            relay->chunks.pop_front();
            lock.unlock();
            return sink.write(chunk.data(), chunk.size());
        },
        [relay](bool) {
            std::lock_guard<std::mutex> lock(relay->mutex);
            relay->abandoned = true;
        });
}

void forward(const httplib::Request& req, httplib::Response& res, const ForwardTarget& target) {
    try {
        httplib::Request up;
        up.method = req.method;
        up.path = target.path_prefix + req.target;
        up.headers = upstream_headers(req, target);
        up.body = req.body;
        auto relay = std::make_shared<Relay>();
        std::thread(fetch_upstream, relay, target, std::move(up)).detach();
        relay_response(res, relay);
    } catch (const ApiError& e) {
        res.status = 502;
        res.set_content(envelope(e.code, e.what()).dump(), "application/json");
    }
}

}  // namespace

std::optional<ForwardTarget> ForwardTarget::from_environment() {
    static const std::regex url_pattern(R"(^(https?://[^/]+)(/.*)?$)");
    std::smatch m;
    const std::string url = env("CLIPWRIGHT_FORWARD_URL");
    if (!std::regex_match(url, m, url_pattern)) return std::nullopt;
    ForwardTarget target;
    target.origin = m[1];
    target.path_prefix = m[2];
    while (!target.path_prefix.empty() && target.path_prefix.back() == '/') target.path_prefix.pop_back();
    target.token = env("CLIPWRIGHT_FORWARD_TOKEN");
    target.skill_source = env("CLIPWRIGHT_SKILL_SOURCE", "clipwright");
    target.skill_version = env("CLIPWRIGHT_SKILL_VERSION", "0.1.0");
    return target;
}

void install_forward_routes(httplib::Server& server, const ForwardTarget& target) {
    const auto handler = [target](const httplib::Request& req, httplib::Response& res) { forward(req, res, target); };
    for (const char* pattern : {"/api/.*", "/run_sse"}) {
        server.Get(pattern, handler);
        server.Post(pattern, handler);
    }
}

}  // namespace cw::server
