// Wires the modules together. Transport events are queued and handled in update(), so nothing the
// platform does can re-enter the core in the middle of a change.
#include "core/client.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>


namespace cw::core {

using nlohmann::json;

namespace {

constexpr std::int64_t kFirstReconnectDelayMs = 1000;
constexpr std::int64_t kMaxReconnectDelayMs = 60000;
constexpr std::size_t kHistoryKept = 100;

std::string trimmed(const std::string& text) {
    std::size_t first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return {};
    std::size_t last = text.find_last_not_of(" \t\r\n");
    return text.substr(first, last - first + 1);
}

double number_at(const json& data, const char* key) {
    auto found = data.is_object() ? data.find(key) : data.end();
    return found != data.end() && found->is_number() ? found->get<double>() : 0.0;
}

}  // namespace

Client::Client(Transport& transport, Storage& storage, ClientConfig config)
    : config_(std::move(config)),
      storage_(storage),
      ids_(config_.random_seed),
      connection_(transport, storage, config_, ids_),
      errors_(state_, config_, connection_),
      sync_(connection_, state_, errors_),
      chat_(connection_, state_, sync_, errors_, config_),
      uploads_(connection_, state_, errors_, config_),
      exports_(connection_, state_, sync_, errors_, storage, config_),
      previews_(connection_, state_) {
    connection_.on_session_replaced = [this] {
        ErrorContext context;
        say(user_message(codes::session_not_found, ErrorAction::new_session, {}, context));
    };
    uploads_.on_batch_done = [this] { sync_.fetch(); };
    exports_.on_finished = [this](const ExportJob& job) { announce_export(job); };
    chat_.on_turn_end = [this] { refresh_credits(); };
    load_history();
    sync_connection_facts();
    saved_revision_ = state_.revision;
}

// [SECTION] Actions

void Client::connect() {
    connect_requested_ = true;
    connect_pending_ = true;
    ++state_.revision;
}

// Runs inside update(), so the token's validity is judged against the current time.
void Client::start_connecting() {
    connect_pending_ = false;
    if (!resumed_exports_) {
        resumed_exports_ = true;
        exports_.resume();
    }
    connection_.ensure_session([this](const ApiFailure* failure) {
        if (!failure) return after_connect();
        if (failure->code != codes::network) errors_.report(*failure);
    });
}

void Client::after_connect() {
    connected_ = true;
    sync_connection_facts();
    sync_.fetch();
    refresh_credits();
}

bool Client::send_message(const std::string& raw) {
    std::string text = trimmed(raw);
    if (text.empty()) return false;
    RouteDecision decision = route_message(text);
    if (decision.route == Route::chat && chat_.active()) {
        say(words(Text::notice_busy));
        ++state_.revision;
        return false;
    }
    state_.messages.push_back({"user", text, false, {}});
    ++state_.revision;
    switch (decision.route) {
    case Route::chat: return chat_.send(text);
    case Route::export_video: start_export(options_for(decision)); break;
    case Route::credits: show_credits(); break;
    case Route::status: show_status(); break;
    case Route::upload:
        say(words(Text::notice_choose_files), {AppAction::pick_files});
        ui_requests_.push_back(AppAction::pick_files);
        break;
    case Route::upload_link: uploads_.add_link(decision.link); break;
    }
    return true;
}

ExportOptions Client::options_for(const RouteDecision& decision) const {
    ExportOptions options = export_defaults(state_.draft);
    if (decision.format && *decision.format != options.format) options = ExportOptions{};
    if (decision.format) options.format = *decision.format;
    if (decision.height) options.height = *decision.height;
    return options;
}

std::uint64_t Client::add_upload(int handle, const std::string& name, std::uint64_t size, const std::string& type) {
    ++state_.revision;
    return uploads_.add({handle, name, size, type});
}

void Client::cancel_upload(std::uint64_t id) {
    ++state_.revision;
    uploads_.cancel(id);
}

void Client::cancel_export(const std::string& id) {
    ++state_.revision;
    exports_.cancel(id);
}

const char* Client::words(Text key) const { return text(key, draft::language_from_code(config_.language)); }

void Client::set_language(const std::string& code) { config_.language = code; }

std::string Client::start_export(const ExportOptions& options) {
    ++state_.revision;
    std::string id = exports_.start(options);
    say(fill(words(Text::notice_exporting), {options.format}));
    return id;
}

void Client::refresh_credits() {
    ApiCall call;
    call.path = "/api/credits/balance/simple";
    CallHandlers handlers;
    handlers.on_success = [this](const json& data) {
        state_.credits = {true, number_at(data, "available"), number_at(data, "frozen"), number_at(data, "total")};
    };
    handlers.on_failure = [this](const ApiFailure& failure) {
        if (failure.code != codes::network) errors_.report(failure);
    };
    connection_.submit(std::move(call), std::move(handlers));
}

void Client::refresh_state() { sync_.fetch(); }

void Client::show_credits() {
    ApiCall call;
    call.path = "/api/credits/balance/simple";
    CallHandlers handlers;
    handlers.on_success = [this](const json& data) {
        state_.credits = {true, number_at(data, "available"), number_at(data, "frozen"), number_at(data, "total")};
        say(fill(words(Text::notice_credits), {whole_number(state_.credits.available), whole_number(state_.credits.frozen),
                                                whole_number(state_.credits.total)}));
    };
    handlers.on_failure = [this](const ApiFailure& failure) {
        errors_.report(failure);
        say(words(Text::notice_credits_unread));
    };
    connection_.submit(std::move(call), std::move(handlers));
}

void Client::show_status() {
    sync_.fetch([this](bool ok) {
        if (!ok) return say(words(Text::notice_state_unread));
        say(state_.summary, {AppAction::show_timeline});
    });
}

// A finished render is offered as actions on its message, never as a pasted link.
void Client::announce_export(const ExportJob& job) {
    refresh_credits();
    if (job.cancelled && job.status == JobStatus::failed) return say(words(Text::notice_export_cancelled));
    if (job.status != JobStatus::completed) return say(fill(words(Text::notice_export_failed), {job.error}));
    std::string format = job.options.format;
    for (char& c : format) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    say(fill(words(Text::notice_export_ready), {format}), {AppAction::download_render, AppAction::preview_render});
    state_.messages.back().job_id = job.id;
}

void Client::run_action(AppAction action) {
    ++state_.revision;
    switch (action) {
    case AppAction::export_video: start_export(export_defaults(state_.draft)); break;
    case AppAction::show_state: show_status(); break;
    case AppAction::show_timeline:
    case AppAction::edit_via_chat:
    case AppAction::pick_files: ui_requests_.push_back(action); break;
    case AppAction::download_render:
    case AppAction::preview_render: break;  // the app acts on the message's render itself
    }
}

void Client::dismiss_error(std::size_t index) {
    if (index >= state_.errors.size()) return;
    state_.errors.erase(state_.errors.begin() + static_cast<std::ptrdiff_t>(index));
    ++state_.revision;
}

std::vector<AppAction> Client::take_ui_requests() {
    std::vector<AppAction> requests;
    requests.swap(ui_requests_);
    return requests;
}

void Client::say(const std::string& text, std::vector<AppAction> actions) {
    state_.messages.push_back({"notice", text, false, std::move(actions)});
}

void Client::load_fixture(const json& state_data, std::vector<ChatMessage> messages) {
    sync_.apply(state_data);
    state_.messages = std::move(messages);
    ++state_.revision;
}

// [SECTION] Time

bool Client::update(std::int64_t now_ms) {
    std::uint64_t revision_before = state_.revision;
    bool changed = connection_.update(now_ms);
    if (connect_pending_) start_connecting();
    std::vector<TransportEvent> events;
    events.swap(inbox_);
    for (const TransportEvent& event : events) connection_.handle(event);
    changed = !events.empty() || changed;
    changed = chat_.update(now_ms) || changed;
    changed = uploads_.update() || changed;
    changed = exports_.update(now_ms) || changed;
    if (connected_) changed = previews_.update(now_ms) || changed;
    changed = reconnect_if_due(now_ms) || changed;
    ConnectionStatus status_before = state_.connection;
    sync_connection_facts();
    changed = changed || status_before != state_.connection;
    if (changed && state_.revision == revision_before) ++state_.revision;
    if (state_.revision != saved_revision_ && state_.turn_phase != "streaming") save_history();
    return changed || state_.revision != revision_before;
}

// Offline: probe with a cheap call, waiting 1 s, 2 s, 4 s… up to a minute between probes.
bool Client::reconnect_if_due(std::int64_t now_ms) {
    if (!connect_requested_ || probe_in_flight_ || connection_.link_state() != LinkState::offline) {
        if (connection_.link_state() == LinkState::online) reconnect_delay_ms_ = 0;
        return false;
    }
    if (reconnect_delay_ms_ == 0) {
        reconnect_delay_ms_ = kFirstReconnectDelayMs;
        state_.next_retry_ms = now_ms + reconnect_delay_ms_;
        return true;
    }
    if (now_ms < state_.next_retry_ms) return false;
    probe_in_flight_ = true;
    reconnect_delay_ms_ = std::min(reconnect_delay_ms_ * 2, kMaxReconnectDelayMs);
    state_.next_retry_ms = now_ms + reconnect_delay_ms_;
    connection_.ensure_session([this](const ApiFailure* failure) {
        probe_in_flight_ = false;
        if (failure) return;
        if (!connected_) return after_connect();
        refresh_credits();
    });
    // ensure_session answers at once when token and session are known; the credits call is
    // then the real probe of the network.
    return true;
}

void Client::sync_connection_facts() {
    switch (connection_.link_state()) {
    case LinkState::connecting: state_.connection = ConnectionStatus::connecting; break;
    case LinkState::online: state_.connection = ConnectionStatus::online; break;
    case LinkState::offline: state_.connection = ConnectionStatus::offline; break;
    }
    state_.client_id = connection_.client_id();
    state_.session_id = connection_.session_id();
}

// [SECTION] Transport events

void Client::on_status(RequestId id, int http_status, const std::string& content_type) {
    TransportEvent event;
    event.kind = TransportEvent::Kind::status;
    event.id = id;
    event.http_status = http_status;
    event.content_type = content_type;
    inbox_.push_back(std::move(event));
}

void Client::on_chunk(RequestId id, std::string_view bytes) {
    TransportEvent event;
    event.kind = TransportEvent::Kind::chunk;
    event.id = id;
    event.data.assign(bytes);
    inbox_.push_back(std::move(event));
}

void Client::on_done(RequestId id) {
    TransportEvent event;
    event.kind = TransportEvent::Kind::done;
    event.id = id;
    inbox_.push_back(std::move(event));
}

void Client::on_error(RequestId id, const std::string& message) {
    TransportEvent event;
    event.kind = TransportEvent::Kind::error;
    event.id = id;
    event.data = message;
    inbox_.push_back(std::move(event));
}

void Client::on_upload_progress(RequestId id, std::uint64_t sent, std::uint64_t total) {
    TransportEvent event;
    event.kind = TransportEvent::Kind::upload_progress;
    event.id = id;
    event.sent = sent;
    event.total = total;
    inbox_.push_back(std::move(event));
}

// [SECTION] History: the chat stays visible across reloads and session changes.

void Client::load_history() {
    std::optional<std::string> saved = storage_.get(storage_keys::history);
    if (!saved) return;
    json list = json::parse(*saved, nullptr, false);
    if (!list.is_array()) return;
    for (const json& entry : list) {
        if (!entry.is_object()) continue;
        auto role = entry.find("role");
        auto text = entry.find("text");
        if (role == entry.end() || text == entry.end() || !role->is_string() || !text->is_string()) continue;
        state_.messages.push_back({role->get<std::string>(), text->get<std::string>(), false, {}});
    }
}

void Client::save_history() {
    saved_revision_ = state_.revision;
    json list = json::array();
    std::size_t first = state_.messages.size() > kHistoryKept ? state_.messages.size() - kHistoryKept : 0;
    for (std::size_t i = first; i < state_.messages.size(); ++i)
        list.push_back({{"role", state_.messages[i].role}, {"text", state_.messages[i].text}});
    storage_.set(storage_keys::history, list.dump(-1, ' ', false, json::error_handler_t::replace));
}

}  // namespace cw::core
