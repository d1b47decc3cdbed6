// One chat turn at a time: the /run_sse stream decoded into streaming text and activity, the
// "still working" notice while only heartbeats arrive, a plain-words account of the changes when
// the agent says nothing, and, if the stream breaks, watching the state instead of resending.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/adk_event.hpp"
#include "core/client_state.hpp"
#include "core/config.hpp"
#include "core/connection.hpp"
#include "core/error_reporter.hpp"
#include "core/sse.hpp"
#include "core/state_sync.hpp"

namespace cw::core {

class Chat {
public:
    Chat(Connection& connection, ClientState& state, StateSync& sync, ErrorReporter& errors, const ClientConfig& config)
        : connection_(connection), state_(state), sync_(sync), errors_(errors), config_(config) {}

    // Sends `text` to the agent; false while another turn is still running.
    bool send(const std::string& text);
    // Timers: the still-working notice and the state polls after a broken stream.
    bool update(std::int64_t now_ms);
    bool active() const { return phase_ != Phase::idle; }

    // Called when a turn ends however it ended: a turn may have charged credits.
    std::function<void()> on_turn_end;

private:
    enum class Phase { idle, streaming, checking, watching };

    void start_stream(const std::string& text);
    void on_stream(std::string_view bytes);
    void on_stream_end();
    void on_failure(const ApiFailure& failure);
    void apply(const AdkEvent& event);
    void report_agent_error(const AdkEvent& event);
    void append_partial(const std::string& text);
    void set_final(const std::string& text);
    void close_reply();
    void check_result();
    void watch_state();
    void on_polled(bool ok);
    draft::Changes changes_since_send() const;
    std::string summary_text(const draft::Changes& changes, bool after_broken_stream) const;
    void say(const std::string& text, std::vector<AppAction> actions = {});
    void set_phase(Phase phase);
    void show_still_working(std::int64_t now_ms);
    std::int64_t state_poll_interval() const;

    Connection& connection_;
    ClientState& state_;
    StateSync& sync_;
    ErrorReporter& errors_;
    const ClientConfig& config_;

    Phase phase_ = Phase::idle;
    std::uint64_t turn_ = 0;
    SseParser parser_;
    std::vector<SseEvent> events_;
    Draft before_;
    std::optional<std::size_t> reply_;           // the agent message receiving partial text
    std::optional<std::size_t> working_notice_;  // updated in place while it is the last message
    bool got_text_ = false;
    bool error_said_ = false;
    std::int64_t started_ms_ = 0;
    std::int64_t last_progress_ms_ = 0;
    std::int64_t last_notice_ms_ = 0;

    std::int64_t next_poll_ms_ = 0;
    bool poll_in_flight_ = false;
    int quiet_polls_ = 0;
    bool saw_change_ = false;
    nlohmann::json last_seen_;
};

}  // namespace cw::core
