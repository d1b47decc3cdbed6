#include "core/previews.hpp"

#include <climits>

namespace cw::core {

using nlohmann::json;

bool Previews::update(std::int64_t now_ms) {
    now_ms_ = now_ms;
    const bool draft_changed = state_.draft_revision != asked_draft_revision_;
    const bool poll_due = now_ms >= next_poll_ms_;
    if (!in_flight_ && state_.preview.status != PreviewState::Status::unsupported && (draft_changed || poll_due)) {
        ask();
    }
    const bool changed = changed_;
    changed_ = false;
    return changed;
}

void Previews::ask() {
    if (state_.session_id.empty()) return;
    asked_draft_revision_ = state_.draft_revision;
    in_flight_ = true;
    next_poll_ms_ = INT64_MAX;
    if (!state_.preview.url.empty()) state_.preview.updating = true;
    ApiCall call;
    call.path = "/api/preview/nemo_agent/me/{sid}/latest";
    call.needs_session = true;
    CallHandlers handlers;
    handlers.on_success = [this](const json& data) { on_answer(data); };
    handlers.on_failure = [this](const ApiFailure& failure) { on_failure(failure); };
    connection_.submit(std::move(call), std::move(handlers));
}

void Previews::on_answer(const json& data) {
    in_flight_ = false;
    changed_ = true;
    PreviewState& p = state_.preview;
    const std::string status = data.is_object() ? data.value("state", "") : "";
    p.updating = false;
    p.error.clear();
    if (status == "ready") {
        p.status = PreviewState::Status::ready;
        p.url = data.value("url", "");
        p.width = data.value("width", 0);
        p.height = data.value("height", 0);
        p.fps = data.value("fps", 0);
    } else if (status == "rendering") {
        p.status = PreviewState::Status::rendering;
        p.updating = !p.url.empty();
        next_poll_ms_ = now_ms_ + kPollMs;
    } else if (status == "empty") {
        p = PreviewState{};
        p.status = PreviewState::Status::empty;
    } else {
        p.status = PreviewState::Status::failed;
        p.error = data.is_object() ? data.value("error", "the preview could not be made") : "the preview could not be made";
    }
}

void Previews::on_failure(const ApiFailure& failure) {
    in_flight_ = false;
    changed_ = true;
    state_.preview.updating = false;
    if (failure.http_status == 404 && failure.code != codes::session_not_found) {
        state_.preview.status = PreviewState::Status::unsupported;  // a backend without the extension
        return;
    }
    next_poll_ms_ = now_ms_ + kRetryMs;
}

}  // namespace cw::core
