// JSON view of the model; segment lists are left out so a huge draft does not flood the hook.
#include "core/client_state.hpp"

namespace cw::core {

using nlohmann::json;

const char* to_string(ConnectionStatus status) {
    switch (status) {
    case ConnectionStatus::connecting: return "connecting";
    case ConnectionStatus::online: return "online";
    case ConnectionStatus::offline: return "offline";
    }
    return "offline";
}

const char* to_string(UploadStatus status) {
    switch (status) {
    case UploadStatus::queued: return "queued";
    case UploadStatus::uploading: return "uploading";
    case UploadStatus::done: return "done";
    case UploadStatus::rejected: return "rejected";
    case UploadStatus::failed: return "failed";
    }
    return "failed";
}

const char* to_string(PreviewState::Status status) {
    switch (status) {
        case PreviewState::Status::none: return "none";
        case PreviewState::Status::unsupported: return "unsupported";
        case PreviewState::Status::empty: return "empty";
        case PreviewState::Status::rendering: return "rendering";
        case PreviewState::Status::ready: return "ready";
        case PreviewState::Status::failed: return "failed";
    }
    return "none";
}

const char* to_string(JobStatus status) {
    switch (status) {
    case JobStatus::preparing: return "preparing";
    case JobStatus::pending: return "pending";
    case JobStatus::processing: return "processing";
    case JobStatus::completed: return "completed";
    case JobStatus::failed: return "failed";
    }
    return "failed";
}

namespace {

json message_json(const ChatMessage& message) {
    json actions = json::array();
    for (AppAction action : message.actions) actions.push_back(to_string(action));
    return {{"role", message.role}, {"text", message.text}, {"streaming", message.streaming}, {"actions", actions},
            {"job_id", message.job_id}};
}

json upload_json(const UploadItem& item) {
    return {{"id", item.id},         {"name", item.name},         {"size", item.size},
            {"status", to_string(item.status)}, {"progress", item.progress()}, {"error", item.error},
            {"media_id", item.media_id}, {"media_type", item.media_type}};
}

json job_json(const ExportJob& job) {
    return {{"id", job.id},         {"first_id", job.first_id}, {"format", job.options.format},
            {"status", to_string(job.status)}, {"progress", job.progress}, {"url", job.url},
            {"size", job.size},     {"error", job.error},       {"retried", job.retried},
            {"cancelled", job.cancelled}};
}

json tracks_json(const Draft& draft) {
    json tracks = json::array();
    for (const Track& track : draft.tracks)
        tracks.push_back({{"name", track.name}, {"kind", to_string(track.kind)}, {"segments", track.segments.size()},
                          {"end_ms", track.end_ms}});
    return tracks;
}

}  // namespace

json to_json(const ClientState& state) {
    json out;
    out["connection"] = to_string(state.connection);
    out["next_retry_ms"] = state.next_retry_ms;
    out["session_id"] = state.session_id;
    out["client_id"] = state.client_id;
    out["messages"] = json::array();
    for (const ChatMessage& message : state.messages) out["messages"].push_back(message_json(message));
    out["activity"] = json::array();
    for (const ActivityItem& item : state.activity)
        out["activity"].push_back({{"kind", item.kind}, {"name", item.name}, {"detail", item.detail}});
    out["turn"] = {{"active", state.turn_active}, {"phase", state.turn_phase}};
    out["timeline"] = {{"summary", state.summary},
                       {"duration_ms", state.draft.duration_ms},
                       {"segments", state.draft.segment_count},
                       {"tracks", tracks_json(state.draft)},
                       {"canvas", state.canvas}};
    out["uploads"] = json::array();
    for (const UploadItem& item : state.uploads) out["uploads"].push_back(upload_json(item));
    out["preview"] = {{"status", to_string(state.preview.status)}, {"url", state.preview.url},
                      {"updating", state.preview.updating}, {"error", state.preview.error},
                      {"width", state.preview.width}, {"height", state.preview.height}, {"fps", state.preview.fps},
                      {"draft_revision", state.draft_revision}};
    out["jobs"] = json::array();
    for (const ExportJob& job : state.jobs) out["jobs"].push_back(job_json(job));
    out["credits"] = {{"known", state.credits.known},
                      {"available", state.credits.available},
                      {"frozen", state.credits.frozen},
                      {"total", state.credits.total}};
    out["errors"] = json::array();
    for (const ErrorEntry& error : state.errors)
        out["errors"].push_back({{"code", error.code}, {"action", error.action}, {"message", error.message}, {"link", error.link}});
    out["revision"] = state.revision;
    return out;
}

}  // namespace cw::core
