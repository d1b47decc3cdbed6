// A scripted backend behind the Transport interface: routes answer requests the core starts, and
// deliver() feeds the answers back into a Client the way the browser platform would.
#pragma once
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/client.hpp"
#include "core/transport.hpp"

namespace cw::test {

using nlohmann::json;

struct Reply {
    int status = 200;
    std::string content_type = "application/json";
    std::vector<std::string> chunks;
    bool network_error = false;  // after the chunks, the connection breaks
    bool hold = false;           // not answered until the test calls answer()
};

inline Reply ok(const json& data) {
    return {200, "application/json", {json{{"code", 0}, {"message", "ok"}, {"data", data}}.dump()}, false, false};
}

inline Reply fail(int code, int http_status = 200, const json& data = json::object()) {
    return {http_status, "application/json", {json{{"code", code}, {"message", "error " + std::to_string(code)}, {"data", data}}.dump()}, false, false};
}

inline Reply sse(std::vector<std::string> chunks) { return {200, "text/event-stream", std::move(chunks), false, false}; }

inline std::string sse_data(const json& event) { return "data: " + event.dump() + "\n\n"; }

struct Seen {
    core::RequestId id = 0;
    std::string method;
    std::string url;
    std::map<std::string, std::string> headers;
    std::string body;
    std::vector<core::FileRef> files;
    bool cancelled = false;

    json body_json() const { return json::parse(body, nullptr, false); }
};

class FakeServer : public core::Transport {
public:
    using Route = std::function<Reply(const Seen&)>;

    // Routes match "METHOD /path-prefix"; the longest prefix wins.
    void route(const std::string& method_and_prefix, Route handler) { routes_[method_and_prefix] = std::move(handler); }

    void start(core::RequestId id, const core::HttpRequest& request) override {
        Seen seen;
        seen.id = id;
        seen.method = request.method;
        seen.url = request.url;
        for (const auto& header : request.headers) seen.headers[header.name] = header.value;
        seen.body = request.body;
        receive(std::move(seen));
    }

    void start_upload(core::RequestId id, const core::UploadRequest& request) override {
        Seen seen;
        seen.id = id;
        seen.method = "POST";
        seen.url = request.url;
        for (const auto& header : request.headers) seen.headers[header.name] = header.value;
        seen.files = request.files;
        receive(std::move(seen));
    }

    void cancel(core::RequestId id) override {
        for (Seen& seen : log)
            if (seen.id == id) seen.cancelled = true;
        held_.erase(id);
    }

    // Feeds every queued answer to the client.
    void deliver(core::Client& client) {
        while (!outbox_.empty()) {
            auto [id, reply] = std::move(outbox_.front());
            outbox_.pop_front();
            feed(client, id, reply);
        }
    }

    void answer(core::RequestId id, Reply reply) {
        held_.erase(id);
        reply.hold = false;
        outbox_.push_back({id, std::move(reply)});
    }

    std::size_t count(const std::string& method, const std::string& path_part) const {
        std::size_t n = 0;
        for (const Seen& seen : log)
            if (seen.method == method && seen.url.find(path_part) != std::string::npos) ++n;
        return n;
    }

    const Seen* last(const std::string& method, const std::string& path_part) const {
        for (auto it = log.rbegin(); it != log.rend(); ++it)
            if (it->method == method && it->url.find(path_part) != std::string::npos) return &*it;
        return nullptr;
    }

    bool is_held(core::RequestId id) const { return held_.count(id) > 0; }

    std::vector<Seen> log;

private:
    void receive(Seen seen) {
        log.push_back(seen);
        Reply reply = dispatch(seen);
        if (reply.hold) {
            held_.insert({seen.id, true});
            return;
        }
        outbox_.push_back({seen.id, std::move(reply)});
    }

    // Routes name paths; an absolute URL (a configured base URL) is matched by its path.
    static std::string path_of(const std::string& url) {
        std::size_t scheme = url.find("://");
        if (scheme == std::string::npos) return url;
        std::size_t slash = url.find('/', scheme + 3);
        return slash == std::string::npos ? "/" : url.substr(slash);
    }

    Reply dispatch(const Seen& seen) const {
        std::string path = path_of(seen.url);
        const Route* best = nullptr;
        std::size_t best_length = 0;
        for (const auto& [key, handler] : routes_) {
            std::size_t space = key.find(' ');
            std::string method = key.substr(0, space);
            std::string prefix = key.substr(space + 1);
            if (method == seen.method && path.compare(0, prefix.size(), prefix) == 0 && prefix.size() >= best_length) {
                best = &handler;
                best_length = prefix.size();
            }
        }
        if (!best) return fail(404, 404);
        return (*best)(seen);
    }

    static void feed(core::Client& client, core::RequestId id, const Reply& reply) {
        client.on_status(id, reply.status, reply.content_type);
        for (const std::string& chunk : reply.chunks) client.on_chunk(id, chunk);
        if (reply.network_error) client.on_error(id, "connection reset");
        else client.on_done(id);
    }

    std::map<std::string, Route> routes_;
    std::deque<std::pair<core::RequestId, Reply>> outbox_;
    std::map<core::RequestId, bool> held_;
};

// A client over a FakeServer with the contract's happy path already routed; tests override routes.
struct Harness {
    static constexpr std::int64_t start_ms = 1732190000000;

    explicit Harness(core::ClientConfig config = {}, core::MemoryStorage* shared_storage = nullptr)
        : storage(shared_storage ? *shared_storage : own_storage), config_(std::move(config)) {
        server.route("POST /api/auth/anonymous-token", [this](const Seen&) {
            ++tokens_issued;
            return ok({{"token", "token-" + std::to_string(tokens_issued)}, {"credits", 100}, {"expires_at", (start_ms / 1000) + 7 * 86400}});
        });
        server.route("POST /api/tasks/me/with-session/nemo_agent", [this](const Seen&) {
            ++sessions_created;
            return ok({{"task_id", "task-" + std::to_string(sessions_created)}, {"session_id", "sid-" + std::to_string(sessions_created)}});
        });
        server.route("GET /api/state/", [this](const Seen&) {
            return ok({{"state", {{"draft", draft}, {"video_infos", json::array()}, {"canvas_config", canvas}}}});
        });
        server.route("GET /api/credits/balance/simple", [](const Seen&) { return ok({{"available", 100}, {"frozen", 0}, {"total", 100}}); });
        client = std::make_unique<core::Client>(server, storage, config_);
    }

    // Runs update/deliver until nothing is left to deliver.
    void pump(int rounds = 20) {
        for (int i = 0; i < rounds; ++i) {
            client->update(now);
            server.deliver(*client);
            client->update(now);
        }
    }

    // Moves time forward in steps, pumping at each.
    void advance(std::int64_t ms, std::int64_t step = 100) {
        for (std::int64_t t = 0; t < ms; t += step) {
            now += step;
            pump(2);
        }
    }

    void connect() {
        client->connect();
        pump();
    }

    const core::ClientState& state() const { return client->state(); }

    core::MemoryStorage own_storage;
    core::MemoryStorage& storage;
    core::ClientConfig config_;
    json canvas = {{"width", 1920}, {"height", 1080}, {"fps", 30}};
    FakeServer server;
    std::unique_ptr<core::Client> client;
    std::int64_t now = start_ms;
    json draft = json::object();
    int tokens_issued = 0;
    int sessions_created = 0;
};

}  // namespace cw::test
