// The state response is read leniently: a missing draft is an empty timeline, not an error.
#include "core/state_sync.hpp"

#include "core/draft_summary.hpp"

namespace cw::core {

using nlohmann::json;

void StateSync::fetch(std::function<void(bool ok)> done) {
    if (done) waiting_.push_back(std::move(done));
    if (running_) return;
    running_ = true;
    ApiCall call;
    call.path = "/api/state/nemo_agent/me/{sid}/latest";
    call.needs_session = true;
    CallHandlers handlers;
    handlers.on_success = [this](const json& data) {
        apply(data);
        finish(true);
    };
    handlers.on_failure = [this](const ApiFailure& failure) {
        if (failure.code != codes::network) errors_.report(failure);
        finish(false);
    };
    connection_.submit(std::move(call), std::move(handlers));
}

void StateSync::apply(const json& data) {
    static const json empty = json::object();
    const json& state = data.is_object() && data.contains("state") && data["state"].is_object() ? data["state"] : empty;
    const std::size_t fingerprint =
        std::hash<std::string>()(state.value("draft", json()).dump() + state.value("canvas_config", json()).dump());
    if (fingerprint != last_fingerprint_) ++state_.draft_revision;
    last_fingerprint_ = fingerprint;
    state_.canvas = state.contains("canvas_config") && state["canvas_config"].is_object() ? state["canvas_config"] : json::object();
    state_.draft = parse_draft(state.contains("draft") ? state["draft"] : json::object(), state_.canvas);
    state_.summary = summarize_draft(state_.draft);
    state_.media = state.contains("video_infos") && state["video_infos"].is_array() ? state["video_infos"] : json::array();
    for (const json* source : {&data, &state}) {
        auto bind = source->is_object() ? source->find("bind_id") : source->end();
        if (bind != source->end() && bind->is_string()) errors_.note_bind_id(bind->get<std::string>());
    }
}

void StateSync::finish(bool ok) {
    running_ = false;
    std::vector<std::function<void(bool)>> done;
    done.swap(waiting_);
    for (auto& callback : done) callback(ok);
}

}  // namespace cw::core
