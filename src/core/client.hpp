// The façade the app uses: actions in (connect, send a message, upload, export…), transport events
// in (from the platform, queued and handled in update), and a read-only model out for the panels.
//
//   Client client(transport, storage, config);
//   client.connect();
//   each frame: client.update(now_ms); draw client.state();
//   platform callbacks: client.on_status(id, 200, "text/event-stream"); client.on_chunk(id, bytes); …
#pragma once
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/chat_turn.hpp"
#include "core/client_state.hpp"
#include "core/config.hpp"
#include "core/connection.hpp"
#include "core/error_reporter.hpp"
#include "core/exports.hpp"
#include "core/previews.hpp"
#include "core/routing.hpp"
#include "core/ids.hpp"
#include "core/state_sync.hpp"
#include "core/storage.hpp"
#include "core/transport.hpp"
#include "core/ui_text.hpp"
#include "core/uploads.hpp"

namespace cw::core {

class Client {
public:
    Client(Transport& transport, Storage& storage, ClientConfig config = {});
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    // [SECTION] Actions
    // Token and session (only when missing), then the state, the credits and unfinished exports;
    // the work starts at the next update().
    void connect();
    // Routes the message (export / credits / status / upload commands) or sends it to the agent.
    // False when it was not accepted (empty, or a chat turn is still running).
    bool send_message(const std::string& text);
    std::uint64_t add_upload(int handle, const std::string& name, std::uint64_t size, const std::string& type);
    void cancel_upload(std::uint64_t id);
    std::string start_export(const ExportOptions& options);
    void cancel_export(const std::string& id);
    void refresh_credits();
    // The language of the notices the core writes, of change summaries and of new sessions.
    void set_language(const std::string& code);
    void refresh_state();
    // The buttons offered under messages.
    void run_action(AppAction action);
    void dismiss_error(std::size_t index);
    // Requests for the UI itself (open the file picker, show the timeline…), taken once.
    std::vector<AppAction> take_ui_requests();

    // [SECTION] Time: timers, retries, polling and the queued transport events. `now_ms` is Unix
    // time in milliseconds. Returns true when the model changed (redraw).
    bool update(std::int64_t now_ms);
    // When the next render poll is due (Unix ms; INT64_MAX when none is): the platform wakes then
    // rather than at its next heartbeat, so a finished render shows as soon as it is seen.
    std::int64_t next_poll_due_ms() const { return std::min(exports_.next_poll_due_ms(), previews_.next_poll_due_ms()); }

    // [SECTION] Transport events, from the platform, for ids the core passed to Transport::start.
    void on_status(RequestId id, int http_status, const std::string& content_type = {});
    void on_chunk(RequestId id, std::string_view bytes);
    void on_done(RequestId id);
    void on_error(RequestId id, const std::string& message);
    void on_upload_progress(RequestId id, std::uint64_t sent, std::uint64_t total);
    // The same, for a platform that already holds its events as TransportEvents.
    void deliver(TransportEvent event) { inbox_.push_back(std::move(event)); }

    // Benchmarks and the test hook: the model as if the server had sent `state_data` (a state
    // response's data) and the chat held `messages`, without any request.
    void load_fixture(const nlohmann::json& state_data, std::vector<ChatMessage> messages);

    // [SECTION] Model
    const ClientState& state() const { return state_; }
    nlohmann::json to_json() const { return cw::core::to_json(state_); }
    const ClientConfig& config() const { return config_; }

private:
    void start_connecting();
    void after_connect();
    void say(const std::string& text, std::vector<AppAction> actions = {});
    const char* words(Text key) const;  // in the client's language
    void show_credits();
    void show_status();
    void announce_export(const ExportJob& job);
    bool reconnect_if_due(std::int64_t now_ms);
    void sync_connection_facts();
    void load_history();
    void save_history();
    ExportOptions options_for(const RouteDecision& decision) const;

    ClientConfig config_;
    Storage& storage_;
    IdGenerator ids_;
    ClientState state_;
    Connection connection_;
    ErrorReporter errors_;
    StateSync sync_;
    Chat chat_;
    Uploads uploads_;
    Exports exports_;
    Previews previews_;

    std::vector<TransportEvent> inbox_;
    std::vector<AppAction> ui_requests_;
    bool connect_requested_ = false;
    bool connect_pending_ = false;
    bool connected_ = false;
    bool resumed_exports_ = false;
    bool probe_in_flight_ = false;
    std::int64_t reconnect_delay_ms_ = 0;
    std::uint64_t saved_revision_ = 0;
};

}  // namespace cw::core
