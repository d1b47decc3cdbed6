// Chat turns. Turns of one session run one at a time so each plans on the latest draft; the edit is
// committed before anything is streamed, so a broken stream never loses it (the client then polls
// the state, as the contract asks, instead of sending the message again).
#include "chat.hpp"

#include "api_error.hpp"
#include "draft/change.hpp"
#include "draft/edit.hpp"
#include "intent.hpp"
#include "util.hpp"
#include "views.hpp"

namespace cw::server {

using nlohmann::json;

namespace {

std::string nothing_to(HistoryOp op, const std::string& language) {
    const bool zh = language.rfind("zh", 0) == 0;
    if (op == HistoryOp::undo) return zh ? "没有可以撤销的修改。" : "There is nothing to undo.";
    return zh ? "没有可以重做的修改。" : "There is nothing to redo.";
}

}  // namespace

Chat::Chat(Store& store, const Config& config) : store_(store), config_(config) {}

std::shared_ptr<std::mutex> Chat::session_lock(const std::string& session_id) {
    std::lock_guard<std::mutex> lock(locks_mutex_);
    auto& entry = session_locks_[session_id];
    if (!entry) entry = std::make_shared<std::mutex>();
    return entry;
}

TurnRequest Chat::accept(const User& user, const json& request) {
    const json& session_field = request_field(request, "sessionId", "session_id");
    const std::string session_id = session_field.is_string() ? session_field.get<std::string>() : std::string();
    const json& streaming = request_field(request, "streaming", "streaming");
    TurnRequest accepted{user, store_.session(user.id, session_id), request_message(request),
                         streaming.is_boolean() && streaming.get<bool>()};
    if (accepted.message.empty()) throw ApiError(codes::bad_request, "newMessage has no text part");
    if (accepted.message.size() > kMaxInstructionBytes) {
        throw ApiError(codes::bad_request, "the message is too long: at most " + std::to_string(kMaxInstructionBytes) +
                                               " bytes; shorten it or send it in parts",
                       {{"limit_bytes", kMaxInstructionBytes}});
    }
    return accepted;
}

bool Chat::can_afford_edit(const User& user) const { return user.available >= config_.edit_cost; }

Turn Chat::run_turn(const TurnRequest& request) {
    const User& user = request.user;
    const Session& session = request.session;
    const std::string& message = request.message;
    const auto lock_holder = session_lock(session.id);
    std::lock_guard<std::mutex> lock(*lock_holder);
    const DraftVersion current = store_.draft(session);

    AgentInput input;
    input.draft = current.draft;
    input.canvas = current.canvas;
    for (const MediaRecord& record : store_.session_media(session.id)) input.media.push_back(record.info);
    input.message = message;
    input.language = session.language;
    input.can_undo = current.can_undo;
    input.can_redo = current.can_redo;
    const AgentResult result = make_rule_planner()->plan(input);

    Turn turn;
    turn.invocation_id = "e-" + random_hex(12);
    turn.user_id = user.id;
    turn.steps = result.steps;
    turn.reply = result.reply;
    turn.version = current.seq;
    bool changed = false;
    if (result.history != HistoryOp::none) {
        apply_history(session, current, result, turn);
        changed = turn.version != current.seq;
    } else if (result.changed) {
        const int64_t cost = config_.edit_cost;
        turn.version = store_.commit_edit(session, draft::normalized(result.draft), result.canvas, cost);
        turn.frozen = cost;
        changed = true;
    }
    const uint64_t roll = fnv1a(session.id + "\x1f" + message) % 100;
    turn.silent = changed && roll < uint64_t(config_.silent_percent);
    return turn;
}

void Chat::apply_history(const Session& session, const DraftVersion& current, const AgentResult& result,
                         Turn& turn) {
    const int64_t target = current.seq + (result.history == HistoryOp::undo ? -1 : 1);
    const auto version = store_.draft_at(session, target);
    if (!version) {
        turn.reply = nothing_to(result.history, session.language);
        return;
    }
    store_.move_head(session, target);
    turn.version = target;
    const std::string change = draft::describe_change(draft::parse_draft(current.draft, current.canvas),
                                                      draft::parse_draft(version->draft, version->canvas),
                                                      draft::language_from_code(session.language));
    turn.reply = turn.reply.empty() ? change : turn.reply + " " + change;
}

void Chat::finish(const Turn& turn) {
    if (turn.frozen > 0) store_.settle_frozen(turn.user_id, turn.frozen);
}

}  // namespace cw::server
