// Partial events carry pieces of one reply; the final event repeats the whole text, so it replaces
// what the pieces built. Tool steps go to the activity list, never into the chat text.
#include "core/chat_turn.hpp"

#include <algorithm>

#include "core/draft_types.hpp"
#include "draft/text.hpp"
#include "core/gui_talk.hpp"

namespace cw::core {

namespace {

using nlohmann::json;

constexpr std::size_t kDetailLimit = 200;
constexpr std::size_t kActivityKept = 200;

std::string compact(const json& value) {
    return draft::truncated(value.dump(-1, ' ', false, json::error_handler_t::replace), kDetailLimit);
}

}  // namespace

bool Chat::send(const std::string& text) {
    if (active()) return false;
    ++turn_;
    parser_ = SseParser();
    reply_.reset();
    working_notice_.reset();
    got_text_ = false;
    error_said_ = false;
    started_ms_ = last_progress_ms_ = last_notice_ms_ = connection_.now();
    set_phase(Phase::streaming);
    // The turn's account of its changes needs the draft as it was: before the first state has
    // arrived, an empty timeline would make every existing segment look newly added.
    if (state_.draft_revision > 0) {
        start_stream(text);
        return true;
    }
    std::uint64_t turn = turn_;
    sync_.fetch([this, turn, text](bool) {
        if (turn == turn_) start_stream(text);
    });
    return true;
}

void Chat::start_stream(const std::string& text) {
    before_ = state_.draft;
    ApiCall call;
    call.method = "POST";
    call.path = "/run_sse";
    call.streamed = true;
    call.needs_session = true;
    call.session_field = "sessionId";
    // ADK's canonical spelling, which its JS server requires; "streaming" asks for partial text.
    call.body = {{"appName", "nemo_agent"},
                 {"userId", "me"},
                 {"newMessage", {{"role", "user"}, {"parts", json::array({{{"text", text}}})}}},
                 {"streaming", true}};
    std::uint64_t turn = turn_;
    CallHandlers handlers;
    handlers.on_stream = [this, turn](std::string_view bytes) {
        if (turn == turn_) on_stream(bytes);
    };
    handlers.on_success = [this, turn](const json&) {
        if (turn == turn_) on_stream_end();
    };
    handlers.on_failure = [this, turn](const ApiFailure& failure) {
        if (turn == turn_) on_failure(failure);
    };
    connection_.submit(std::move(call), std::move(handlers));
}

// Comment lines and empty data are heartbeats: they keep the stream open but are not progress.
void Chat::on_stream(std::string_view bytes) {
    events_.clear();
    parser_.feed(bytes, events_);
    for (const SseEvent& event : events_) apply(decode_adk_event(event));
}

void Chat::apply(const AdkEvent& event) {
    if (event.kind == AdkEventKind::heartbeat) return;
    last_progress_ms_ = connection_.now();
    if (event.kind == AdkEventKind::malformed) {
        state_.activity.push_back({"error", "stream", "skipped an unreadable event: " + event.error});
        return;
    }
    for (const FunctionCall& call : event.calls) state_.activity.push_back({"call", call.name, compact(call.args)});
    for (const FunctionResponse& response : event.responses)
        state_.activity.push_back({"result", response.name, compact(response.response)});
    if (state_.activity.size() > kActivityKept)
        state_.activity.erase(state_.activity.begin(), state_.activity.end() - static_cast<std::ptrdiff_t>(kActivityKept));
    if (!event.text.empty() && event.partial) append_partial(event.text);
    else if (!event.text.empty()) set_final(event.text);
    // After the text: a reply cut off by MAX_TOKENS shows what came, then why it stopped.
    if (event.kind == AdkEventKind::error) report_agent_error(event);
}

// One clear message per failed turn: a stream may repeat its error (ADK sends SAFETY twice).
void Chat::report_agent_error(const AdkEvent& event) {
    std::string detail = event.error_code + (event.error.empty() || event.error_code.empty() ? "" : ": ") + event.error;
    state_.activity.push_back({"error", "agent", draft::truncated(detail, kDetailLimit)});
    close_reply();
    if (error_said_) return;
    error_said_ = true;
    if (int code = app_error_code(event)) {
        ApiFailure failure;
        failure.code = code;
        failure.message = event.error;
        failure.action = action_for(code, config_.registered);
        failure.data = event.state_delta.value("data", json());
        errors_.report(failure);
        if (!state_.errors.empty()) say(state_.errors.back().message);
        return;
    }
    say(plain_agent_error(event));
}

void Chat::append_partial(const std::string& text) {
    if (!reply_) {
        state_.messages.push_back({"agent", "", true, {}});
        reply_ = state_.messages.size() - 1;
    }
    state_.messages[*reply_].text += text;
}

void Chat::set_final(const std::string& text) {
    if (!reply_) {
        state_.messages.push_back({"agent", "", true, {}});
        reply_ = state_.messages.size() - 1;
    }
    state_.messages[*reply_].text = text;
    close_reply();
}

// Ends the reply being streamed, rewriting editor talk into this app's actions.
void Chat::close_reply() {
    if (!reply_) return;
    ChatMessage& message = state_.messages[*reply_];
    TranslatedReply translated = translate_gui_talk(message.text);
    message.text = std::move(translated.text);
    message.actions = std::move(translated.actions);
    message.streaming = false;
    if (!message.text.empty()) got_text_ = true;
    reply_.reset();
}

void Chat::on_stream_end() {
    parser_.finish();
    close_reply();
    check_result();
}

// Always re-reads the state so the timeline is current; when the agent said nothing, the
// difference is what the user is told.
void Chat::check_result() {
    set_phase(Phase::checking);
    std::uint64_t turn = turn_;
    sync_.fetch([this, turn](bool ok) {
        if (turn != turn_) return;
        if (!got_text_) {
            draft::Changes changes = changes_since_send();
            if (!ok) say("The agent finished, but the timeline could not be read. Ask for the status to see it.");
            else if (changes.empty() && error_said_) {}  // the error already told the outcome
            else if (changes.empty()) say("The agent finished without changing the timeline.");
            else say(summary_text(changes, false), {AppAction::show_timeline, AppAction::export_video});
        }
        set_phase(Phase::idle);
    });
}

void Chat::on_failure(const ApiFailure& failure) {
    close_reply();
    if (failure.code != codes::network) {
        errors_.report(failure);
        if (!state_.errors.empty()) say(state_.errors.back().message);
        set_phase(Phase::idle);
        return;
    }
    say("The connection dropped while the agent was working. The message is not sent again (that could "
        "charge twice); watching the timeline for the result instead.");
    watch_state();
}

void Chat::watch_state() {
    set_phase(Phase::watching);
    next_poll_ms_ = connection_.now();
    poll_in_flight_ = false;
    quiet_polls_ = 0;
    saw_change_ = false;
    last_seen_ = before_.original;
}

// Changed and then stable: report. Never changed for a while: say so and stop.
void Chat::on_polled(bool ok) {
    poll_in_flight_ = false;
    next_poll_ms_ = connection_.now() + state_poll_interval();
    if (ok && state_.draft.original != last_seen_) {
        last_seen_ = state_.draft.original;
        quiet_polls_ = 0;
        saw_change_ = saw_change_ || last_seen_ != before_.original;
        return;
    }
    ++quiet_polls_;
    if (saw_change_) {
        say(summary_text(changes_since_send(), true), {AppAction::show_timeline, AppAction::export_video});
        set_phase(Phase::idle);
    } else if (quiet_polls_ >= config_.state_settle_polls) {
        say("No change reached the timeline after the connection dropped. Ask for the status later, or send "
            "the request again if it is still needed.");
        set_phase(Phase::idle);
    }
}

bool Chat::update(std::int64_t now_ms) {
    if (phase_ == Phase::streaming) {
        if (now_ms - std::max(last_progress_ms_, last_notice_ms_) < config_.still_working_interval_ms) return false;
        show_still_working(now_ms);
        return true;
    }
    if (phase_ != Phase::watching || poll_in_flight_ || now_ms < next_poll_ms_) return false;
    poll_in_flight_ = true;
    std::uint64_t turn = turn_;
    sync_.fetch([this, turn](bool ok) {
        if (turn == turn_ && phase_ == Phase::watching) on_polled(ok);
    });
    return true;
}

void Chat::show_still_working(std::int64_t now_ms) {
    last_notice_ms_ = now_ms;
    std::int64_t minutes = std::max<std::int64_t>(1, (now_ms - started_ms_) / 60000);
    std::string text = "Still working on it (" + std::to_string(minutes) + " min so far)\xE2\x80\xA6";
    bool notice_is_last = working_notice_ && *working_notice_ + 1 == state_.messages.size();
    if (notice_is_last) {
        state_.messages[*working_notice_].text = text;
        return;
    }
    state_.messages.push_back({"notice", text, false, {}});
    working_notice_ = state_.messages.size() - 1;
}

draft::Changes Chat::changes_since_send() const {
    return draft::describe_changes(before_, state_.draft, draft::language_from_code(config_.language));
}

// Written in the language of the session, like the agent's own replies.
std::string Chat::summary_text(const draft::Changes& changes, bool after_broken_stream) const {
    draft::Language language = draft::language_from_code(config_.language);
    std::string list = draft::joined(changes, language);
    if (language == draft::Language::zh) return (after_broken_stream ? "修改已生效：" : "已完成：") + list + "。";
    return (after_broken_stream ? "The edit went through: " : "Done: ") + list + ".";
}

void Chat::say(const std::string& text, std::vector<AppAction> actions) {
    state_.messages.push_back({"notice", text, false, std::move(actions)});
}

void Chat::set_phase(Phase phase) {
    bool ended = phase == Phase::idle && phase_ != Phase::idle;
    phase_ = phase;
    if (ended && on_turn_end) on_turn_end();
    state_.turn_active = phase != Phase::idle;
    switch (phase) {
    case Phase::idle: state_.turn_phase.clear(); break;
    case Phase::streaming: state_.turn_phase = "streaming"; break;
    case Phase::checking: state_.turn_phase = "checking"; break;
    case Phase::watching: state_.turn_phase = "watching"; break;
    }
}

std::int64_t Chat::state_poll_interval() const {
    if (resolved_backend(config_) == BackendKind::hosted)
        return std::max(config_.state_poll_interval_ms, config_.hosted_poll_interval_ms);
    return config_.state_poll_interval_ms;
}

}  // namespace cw::core
