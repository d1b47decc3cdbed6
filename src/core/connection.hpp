// Talks the contract over the Transport: client id and token kept across reloads, the anonymous
// token fetched only when needed, the session created on demand, the X-Skill-* headers on every
// call, and the error table's automatic actions (1001, 1002, 400, 429), each at most once per call.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/config.hpp"
#include "core/errors.hpp"
#include "core/ids.hpp"
#include "core/storage.hpp"
#include "core/transport.hpp"

namespace cw::core {

using CallId = std::uint64_t;

struct ApiCall {
    std::string method = "GET";
    std::string path;  // "{sid}" is replaced with the current session id when the call is sent
    nlohmann::json body;        // null: no body
    std::string session_field;  // body key set to the current session id when the call is sent
    bool needs_session = false;
    bool streamed = false;       // Server-Sent Events: chunks go to on_stream as they arrive
    std::vector<FileRef> files;  // non-empty: multipart upload
};

struct ApiFailure {
    int code = 0;
    int http_status = 0;
    std::string message;
    ErrorAction action = ErrorAction::report;
    nlohmann::json data;
    bool stream_started = false;  // a streamed call failed after its stream began
};

// Exactly one of on_success / on_failure is called, once, unless the call is cancelled. A streamed
// call ends with on_success(null) after its last chunk.
struct CallHandlers {
    std::function<void(const nlohmann::json& data)> on_success;
    std::function<void(const ApiFailure& failure)> on_failure;
    std::function<void(std::string_view bytes)> on_stream;
    std::function<void(std::uint64_t sent, std::uint64_t total)> on_progress;
};

enum class LinkState { connecting, online, offline };
const char* to_string(LinkState state);

class Connection {
public:
    Connection(Transport& transport, Storage& storage, const ClientConfig& config, IdGenerator& ids);

    void set_now(std::int64_t now_ms) { now_ms_ = now_ms; }
    std::int64_t now() const { return now_ms_; }

    CallId submit(ApiCall call, CallHandlers handlers);
    void cancel(CallId id);
    void handle(const TransportEvent& event);
    // Sends calls whose 429 wait is over.
    bool update(std::int64_t now_ms);

    // Gets a token and a session if either is missing; `done` hears whether that worked.
    void ensure_session(std::function<void(const ApiFailure*)> done);

    // Called when a 1002 made the connection start a new session.
    std::function<void()> on_session_replaced;

    LinkState link_state() const { return link_; }
    const std::string& client_id() const { return client_id_; }
    const std::string& session_id() const { return session_id_; }
    const std::string& bind_id() const { return bind_id_; }
    bool has_valid_token() const;

private:
    enum class CallKind { normal, token, session };
    struct Call {
        CallId id = 0;
        CallKind kind = CallKind::normal;
        ApiCall spec;
        CallHandlers handlers;
        RequestId request = 0;
        int http_status = 0;
        std::string content_type;
        std::string body;
        bool streaming = false;
        bool mode_known = false;
        bool renewed_token = false;
        bool renewed_session = false;
        bool renewed_client_id = false;
        bool waited_rate_limit = false;
        std::int64_t retry_at = -1;
        std::int64_t heard_at = 0;  // when the request was sent or last gave a sign of life
        bool probe = false;         // ensure_session(): succeeds once a token and a session exist
        std::string sent_token;     // what the call carried, so a late 1001/1002 from an old
        std::string sent_session;   // token or session does not throw away a newer one
    };

    CallId add(CallKind kind, ApiCall spec, CallHandlers handlers);
    void dispatch(CallId id);
    void send(Call& call);
    void on_chunk(Call& call, std::string_view bytes);
    void on_done(CallId id);
    void on_network_error(CallId id, const std::string& message);
    void give_up_on_silent_requests();
    // Forgets the call's request in flight, if any, and tells the transport to drop it.
    void stop_request(const Call& call);
    std::int64_t silence_limit_ms(const Call& call) const;
    bool retry_automatically(Call& call, const Envelope& envelope);
    void fail(CallId id, ApiFailure failure);
    void succeed(CallId id, const nlohmann::json& data);

    void request_token();
    void request_session();
    void release(std::vector<CallId>& waiting);
    void fail_all(std::vector<CallId>& waiting, const ApiFailure& failure);
    bool store_token(const nlohmann::json& data);
    bool store_session(const nlohmann::json& data);
    void forget_token();
    void new_client_id();

    std::vector<Header> headers_for(const Call& call) const;
    std::string url_for(const std::string& path) const;

    Transport& transport_;
    Storage& storage_;
    const ClientConfig& config_;
    IdGenerator& ids_;
    std::int64_t now_ms_ = 0;
    LinkState link_ = LinkState::connecting;

    std::string client_id_;
    std::string token_;
    std::int64_t token_expires_ms_ = 0;
    std::string session_id_;
    std::string bind_id_;

    std::map<CallId, Call> calls_;
    std::unordered_map<RequestId, CallId> by_request_;
    std::vector<CallId> waiting_for_token_;
    std::vector<CallId> waiting_for_session_;
    bool token_requested_ = false;
    bool session_requested_ = false;
    CallId next_call_ = 1;
    RequestId next_request_ = 1;
};

}  // namespace cw::core
