// One chat turn: run the agent on the session's draft, apply its edit (or undo/redo) to the stored
// history, hold the turn's credits, and describe what to stream back.
#pragma once
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "agent.hpp"
#include "config.hpp"
#include "store.hpp"

namespace cw::server {

struct Turn {
    std::string invocation_id;
    std::string user_id;
    std::vector<ToolStep> steps;
    std::string reply;
    bool silent = false;        // an edit that ends with no text: the client reads the state instead
    int64_t frozen = 0;         // credits held by this turn, charged when its stream ends
    int64_t version = 0;        // the draft history entry after the turn
};

// A chat request that passed the cheap checks; the agent has not run yet.
struct TurnRequest {
    User user;
    Session session;
    std::string message;
    bool streaming = false;  // the body asked for partial text chunks, as ADK's "streaming": true does
};

class Chat {
public:
    Chat(Store& store, const Config& config);

    // `request` is the /run_sse body. Throws ApiError: 400 (no message), 1002.
    TurnRequest accept(const User& user, const nlohmann::json& request);

    // Whether the user could pay for an edit now; when not, the turn runs before the stream starts
    // so that 2001 comes back as a plain envelope.
    bool can_afford_edit(const User& user) const;

    // Runs the agent and stores its edit. Throws ApiError 2001 when an edit cannot be paid.
    Turn run_turn(const TurnRequest& request);

    // Called once the turn's stream ended, delivered or not: the edit is already stored.
    void finish(const Turn& turn);

private:
    std::shared_ptr<std::mutex> session_lock(const std::string& session_id);
    void apply_history(const Session& session, const DraftVersion& current, const AgentResult& result, Turn& turn);

    Store& store_;
    const Config& config_;
    std::mutex locks_mutex_;
    std::map<std::string, std::shared_ptr<std::mutex>> session_locks_;
};

}  // namespace cw::server
