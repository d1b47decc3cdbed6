// Calls wait in line for the token and the session; automatic retries are flags on the call, so
// each kind of retry happens at most once and nothing loops.
#include "core/connection.hpp"

#include <algorithm>

namespace cw::core {

namespace {

using nlohmann::json;

constexpr std::int64_t kTokenLifetimeMs = 7LL * 24 * 60 * 60 * 1000;
constexpr std::int64_t kTokenMarginMs = 60 * 1000;  // renew a little early rather than fail a call

bool contains(const std::string& text, const char* needle) { return text.find(needle) != std::string::npos; }

std::string string_at(const json& data, const char* key) {
    if (!data.is_object()) return {};
    auto found = data.find(key);
    return found != data.end() && found->is_string() ? found->get<std::string>() : std::string();
}

std::string replace_session(std::string path, const std::string& session_id) {
    std::size_t at = path.find("{sid}");
    if (at != std::string::npos) path.replace(at, 5, session_id);
    return path;
}

bool is_blank(const std::string& text) { return text.find_first_not_of(" \t\r\n") == std::string::npos; }

ApiFailure unreadable(const char* why) {
    ApiFailure failure;
    failure.code = codes::unreadable;
    failure.message = why;
    return failure;
}

}  // namespace

const char* to_string(LinkState state) {
    switch (state) {
    case LinkState::connecting: return "connecting";
    case LinkState::online: return "online";
    case LinkState::offline: return "offline";
    }
    return "offline";
}

Connection::Connection(Transport& transport, Storage& storage, const ClientConfig& config, IdGenerator& ids)
    : transport_(transport), storage_(storage), config_(config), ids_(ids) {
    client_id_ = storage_.get(storage_keys::client_id).value_or("");
    if (client_id_.empty()) new_client_id();
    token_ = storage_.get(storage_keys::token).value_or("");
    std::string expires = storage_.get(storage_keys::token_expires_at).value_or("0");
    token_expires_ms_ = std::atoll(expires.c_str());
    session_id_ = storage_.get(storage_keys::session_id).value_or("");
    bind_id_ = storage_.get(storage_keys::bind_id).value_or("");
}

bool Connection::has_valid_token() const {
    return !token_.empty() && now_ms_ < token_expires_ms_ - kTokenMarginMs;
}

CallId Connection::submit(ApiCall call, CallHandlers handlers) {
    CallId id = add(CallKind::normal, std::move(call), std::move(handlers));
    dispatch(id);
    return id;
}

CallId Connection::add(CallKind kind, ApiCall spec, CallHandlers handlers) {
    CallId id = next_call_++;
    Call& call = calls_[id];
    call.id = id;
    call.kind = kind;
    call.spec = std::move(spec);
    call.handlers = std::move(handlers);
    return id;
}

void Connection::ensure_session(std::function<void(const ApiFailure*)> done) {
    CallHandlers handlers;
    handlers.on_success = [done](const json&) { done(nullptr); };
    handlers.on_failure = [done](const ApiFailure& failure) { done(&failure); };
    ApiCall probe;
    probe.needs_session = true;
    CallId id = add(CallKind::normal, std::move(probe), std::move(handlers));
    calls_[id].probe = true;
    dispatch(id);
}

void Connection::dispatch(CallId id) {
    auto found = calls_.find(id);
    if (found == calls_.end()) return;
    Call& call = found->second;
    if (call.kind != CallKind::token && !has_valid_token()) {
        waiting_for_token_.push_back(id);
        request_token();
        return;
    }
    if (call.spec.needs_session && session_id_.empty()) {
        waiting_for_session_.push_back(id);
        request_session();
        return;
    }
    if (call.probe) {
        succeed(id, json());
        return;
    }
    send(call);
}

void Connection::send(Call& call) {
    call.request = next_request_++;
    call.http_status = 0;
    call.content_type.clear();
    call.body.clear();
    call.streaming = false;
    call.mode_known = !call.spec.streamed;
    call.sent_token = token_;
    call.sent_session = session_id_;
    call.heard_at = now_ms_;
    by_request_[call.request] = call.id;
    std::string url = url_for(replace_session(call.spec.path, session_id_));
    if (!call.spec.files.empty()) {
        transport_.start_upload(call.request, UploadRequest{url, headers_for(call), call.spec.files, "files"});
        return;
    }
    HttpRequest request;
    request.method = call.spec.method;
    request.url = std::move(url);
    request.headers = headers_for(call);
    if (!call.spec.body.is_null()) {
        json body = call.spec.body;
        if (!call.spec.session_field.empty()) body[call.spec.session_field] = session_id_;
        request.body = body.dump();
    }
    request.streamed = call.spec.streamed;
    transport_.start(call.request, request);
}

std::vector<Header> Connection::headers_for(const Call& call) const {
    std::vector<Header> headers = {
        {"X-Skill-Source", config_.app_id},
        {"X-Skill-Version", project_version()},
        {"X-Skill-Platform", config_.platform},
    };
    if (call.kind == CallKind::token) headers.push_back({"X-Client-Id", client_id_});
    else headers.push_back({"Authorization", "Bearer " + token_});
    if (call.spec.files.empty() && !call.spec.body.is_null()) headers.push_back({"Content-Type", "application/json"});
    headers.push_back({"Accept", call.spec.streamed ? "text/event-stream" : "application/json"});
    return headers;
}

std::string Connection::url_for(const std::string& path) const {
    std::string base = config_.base_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    return base + path;
}

void Connection::handle(const TransportEvent& event) {
    auto found = by_request_.find(event.id);
    if (found == by_request_.end()) return;  // cancelled or already finished
    CallId id = found->second;
    Call& call = calls_.at(id);
    call.heard_at = now_ms_;
    switch (event.kind) {
    case TransportEvent::Kind::status:
        link_ = LinkState::online;
        call.http_status = event.http_status;
        call.content_type = event.content_type;
        if (call.spec.streamed) {
            bool success = event.http_status >= 200 && event.http_status < 300;
            if (!success || contains(event.content_type, "json")) call.mode_known = true;
            else if (contains(event.content_type, "event-stream")) call.mode_known = call.streaming = true;
        }
        break;
    case TransportEvent::Kind::chunk: on_chunk(call, event.data); break;
    case TransportEvent::Kind::upload_progress:
        if (call.handlers.on_progress) call.handlers.on_progress(event.sent, event.total);
        break;
    case TransportEvent::Kind::done:
        by_request_.erase(found);
        on_done(id);
        break;
    case TransportEvent::Kind::error:
        by_request_.erase(found);
        on_network_error(id, event.data);
        break;
    }
}

// A stream whose Content-Type was not reported is told apart from a JSON error by its first byte.
void Connection::on_chunk(Call& call, std::string_view bytes) {
    if (!call.mode_known) {
        call.body.append(bytes);
        std::size_t first = call.body.find_first_not_of(" \t\r\n");
        if (first == std::string::npos) return;
        call.mode_known = true;
        call.streaming = call.body[first] != '{';
        if (!call.streaming) return;
        std::string buffered = std::move(call.body);
        call.body.clear();
        if (call.handlers.on_stream) call.handlers.on_stream(buffered);
        return;
    }
    if (!call.streaming) {
        call.body.append(bytes);
        return;
    }
    if (call.handlers.on_stream) call.handlers.on_stream(bytes);
}

void Connection::on_done(CallId id) {
    auto found = calls_.find(id);
    if (found == calls_.end()) return;
    Call& call = found->second;
    if (call.streaming || (call.spec.streamed && is_blank(call.body) && call.http_status < 300)) {
        succeed(id, json());
        return;
    }
    Envelope envelope = read_envelope(call.http_status == 0 ? 200 : call.http_status, call.body);
    if (envelope.ok()) {
        succeed(id, envelope.data);
        return;
    }
    if (retry_automatically(call, envelope)) return;
    ApiFailure failure;
    failure.code = envelope.code;
    failure.http_status = call.http_status;
    failure.message = envelope.message;
    failure.action = action_for(envelope.code, config_.registered);
    failure.data = envelope.data;
    fail(id, std::move(failure));
}

void Connection::on_network_error(CallId id, const std::string& message) {
    link_ = LinkState::offline;
    Call& call = calls_.at(id);
    ApiFailure failure;
    failure.code = codes::network;
    failure.http_status = call.http_status;
    failure.message = message;
    failure.stream_started = call.streaming;
    fail(id, std::move(failure));
}

bool Connection::retry_automatically(Call& call, const Envelope& envelope) {
    switch (envelope.code) {
    case codes::bad_token:
        if (call.kind == CallKind::token || call.renewed_token) return false;
        call.renewed_token = true;
        if (token_ == call.sent_token) forget_token();
        dispatch(call.id);
        return true;
    case codes::session_not_found:
        if (!call.spec.needs_session || call.renewed_session) return false;
        call.renewed_session = true;
        if (session_id_ == call.sent_session) {
            session_id_.clear();
            storage_.remove(storage_keys::session_id);
            if (on_session_replaced) on_session_replaced();
        }
        dispatch(call.id);
        return true;
    case codes::missing_client_id:
        if (call.kind != CallKind::token || call.renewed_client_id) return false;
        call.renewed_client_id = true;
        new_client_id();
        dispatch(call.id);
        return true;
    case codes::rate_limited:
        if (call.waited_rate_limit) return false;
        call.waited_rate_limit = true;
        call.retry_at = now_ms_ + rate_limit_wait_ms;
        return true;
    default: return false;
    }
}

// A request that stays silent this long is treated as a broken connection. Uploads report
// progress; a stream may stay open and silent for the contract's 15 minutes (a stock ADK server
// sends no heartbeats while a tool runs), so only longer silence means it is gone.
std::int64_t Connection::silence_limit_ms(const Call& call) const {
    if (call.spec.streamed) return 15 * 60 * 1000;
    if (!call.spec.files.empty()) return 2 * 60 * 1000;
    return 45 * 1000;
}

void Connection::give_up_on_silent_requests() {
    std::vector<CallId> silent;
    for (const auto& [request, id] : by_request_) {
        Call& call = calls_.at(id);
        if (call.heard_at == 0) call.heard_at = now_ms_;  // sent before the clock was first set
        if (now_ms_ - call.heard_at > silence_limit_ms(call)) silent.push_back(id);
    }
    for (CallId id : silent) {
        stop_request(calls_.at(id));
        on_network_error(id, "the server stopped answering");
    }
}

void Connection::stop_request(const Call& call) {
    if (by_request_.erase(call.request) > 0) transport_.cancel(call.request);
}

bool Connection::update(std::int64_t now_ms) {
    now_ms_ = now_ms;
    give_up_on_silent_requests();
    std::vector<CallId> due;
    for (auto& [id, call] : calls_)
        if (call.retry_at >= 0 && call.retry_at <= now_ms) {
            call.retry_at = -1;
            due.push_back(id);
        }
    for (CallId id : due) dispatch(id);
    return !due.empty();
}

void Connection::cancel(CallId id) {
    auto found = calls_.find(id);
    if (found == calls_.end()) return;
    stop_request(found->second);
    for (auto* waiting : {&waiting_for_token_, &waiting_for_session_})
        waiting->erase(std::remove(waiting->begin(), waiting->end(), id), waiting->end());
    calls_.erase(found);
}

void Connection::succeed(CallId id, const json& data) {
    auto found = calls_.find(id);
    if (found == calls_.end()) return;
    CallHandlers handlers = std::move(found->second.handlers);
    calls_.erase(found);
    if (handlers.on_success) handlers.on_success(data);
}

void Connection::fail(CallId id, ApiFailure failure) {
    auto found = calls_.find(id);
    if (found == calls_.end()) return;
    CallHandlers handlers = std::move(found->second.handlers);
    calls_.erase(found);
    if (handlers.on_failure) handlers.on_failure(failure);
}

void Connection::request_token() {
    if (token_requested_) return;
    token_requested_ = true;
    CallHandlers handlers;
    handlers.on_success = [this](const json& data) {
        token_requested_ = false;
        if (!store_token(data)) return fail_all(waiting_for_token_, unreadable("the token response has no token"));
        release(waiting_for_token_);
    };
    handlers.on_failure = [this](const ApiFailure& failure) {
        token_requested_ = false;
        fail_all(waiting_for_token_, failure);
    };
    ApiCall call;
    call.method = "POST";
    call.path = "/api/auth/anonymous-token";
    dispatch(add(CallKind::token, std::move(call), std::move(handlers)));
}

void Connection::request_session() {
    if (session_requested_) return;
    session_requested_ = true;
    CallHandlers handlers;
    handlers.on_success = [this](const json& data) {
        session_requested_ = false;
        if (!store_session(data)) return fail_all(waiting_for_session_, unreadable("the session response has no session_id"));
        release(waiting_for_session_);
    };
    handlers.on_failure = [this](const ApiFailure& failure) {
        session_requested_ = false;
        fail_all(waiting_for_session_, failure);
    };
    ApiCall call;
    call.method = "POST";
    call.path = "/api/tasks/me/with-session/nemo_agent";
    call.body = json{{"task_name", "project"}, {"language", config_.language}};
    dispatch(add(CallKind::session, std::move(call), std::move(handlers)));
}

void Connection::release(std::vector<CallId>& waiting) {
    std::vector<CallId> ready;
    ready.swap(waiting);
    for (CallId id : ready) dispatch(id);
}

void Connection::fail_all(std::vector<CallId>& waiting, const ApiFailure& failure) {
    std::vector<CallId> failed;
    failed.swap(waiting);
    for (CallId id : failed) fail(id, failure);
}

bool Connection::store_token(const json& data) {
    std::string token = string_at(data, "token");
    if (token.empty()) return false;
    token_ = std::move(token);
    auto expires = data.find("expires_at");
    bool has_expiry = expires != data.end() && expires->is_number();
    token_expires_ms_ = has_expiry ? static_cast<std::int64_t>(expires->get<double>() * 1000.0) : 0;
    // A fresh token that already looks expired means our clock differs from the server's; trusting
    // the date would ask for a new token forever.
    if (token_expires_ms_ <= now_ms_ + kTokenMarginMs) token_expires_ms_ = now_ms_ + kTokenLifetimeMs;
    storage_.set(storage_keys::token, token_);
    storage_.set(storage_keys::token_expires_at, std::to_string(token_expires_ms_));
    return true;
}

bool Connection::store_session(const json& data) {
    std::string session = string_at(data, "session_id");
    if (session.empty()) return false;
    session_id_ = std::move(session);
    std::string bind = string_at(data, "bind_id");
    if (bind.empty()) bind = string_at(data, "task_id");
    if (!bind.empty()) bind_id_ = bind;
    storage_.set(storage_keys::session_id, session_id_);
    storage_.set(storage_keys::bind_id, bind_id_);
    return true;
}

void Connection::forget_token() {
    token_.clear();
    token_expires_ms_ = 0;
    storage_.remove(storage_keys::token);
    storage_.remove(storage_keys::token_expires_at);
}

void Connection::new_client_id() {
    client_id_ = ids_.uuid();
    storage_.set(storage_keys::client_id, client_id_);
}

}  // namespace cw::core
