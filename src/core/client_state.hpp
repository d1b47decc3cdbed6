// The read-only model the panels draw: connection, chat, activity, timeline, uploads, exports,
// credits, errors. Changed only by the Client; `revision` moves on every change.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/draft_types.hpp"
#include "draft/export_options.hpp"
#include "core/gui_talk.hpp"

namespace cw::core {

enum class ConnectionStatus { connecting, online, offline };
const char* to_string(ConnectionStatus status);

struct ChatMessage {
    std::string role;  // "user" | "agent" | "notice"
    std::string text;
    bool streaming = false;          // partial text still arriving
    std::vector<AppAction> actions;  // offered as buttons under the message
    std::string job_id;              // the render that download and preview actions act on
};

// The agent's inner steps (tool calls and results) and stream problems, shown apart from chat.
struct ActivityItem {
    std::string kind;  // "call" | "result" | "error"
    std::string name;
    std::string detail;
};

enum class UploadStatus { queued, uploading, done, rejected, failed };
const char* to_string(UploadStatus status);

struct UploadItem {
    std::uint64_t id = 0;
    int handle = 0;
    std::string link;  // media fetched by the server from this address instead of a file
    std::string name;
    std::uint64_t size = 0;
    std::string type;
    UploadStatus status = UploadStatus::queued;
    std::uint64_t sent = 0;
    std::uint64_t total = 0;
    std::string error;
    std::string media_id;  // from the server once done
    std::string media_url;
    std::string media_type;

    double progress() const { return total > 0 ? static_cast<double>(sent) / static_cast<double>(total) : 0.0; }
};

using draft::ExportOptions;

enum class JobStatus { preparing, pending, processing, completed, failed };
const char* to_string(JobStatus status);

struct ExportJob {
    std::string id;
    std::string first_id;  // the id before a retry, so the UI can keep one row
    std::string session_id;
    ExportOptions options;
    JobStatus status = JobStatus::preparing;
    double progress = 0.0;
    std::string url;
    std::int64_t size = 0;
    std::string error;
    bool retried = false;
    bool cancelled = false;  // the user asked to stop it: its failure is not retried
};

struct Credits {
    bool known = false;
    double available = 0;
    double frozen = 0;
    double total = 0;
};

struct ErrorEntry {
    int code = 0;
    std::string action;   // to_string(ErrorAction)
    std::string message;  // what the user reads
    std::string link;     // e.g. the registration link for 2001
};

// The player's preview of the current draft (see previews.hpp).
struct PreviewState {
    enum class Status { none, unsupported, empty, rendering, ready, failed };
    Status status = Status::none;
    std::string url;  // the newest ready preview, kept while a newer one is made
    int width = 0, height = 0, fps = 0;
    bool updating = false;  // a newer version is being made; `url` shows the one before
    std::string error;
};
const char* to_string(PreviewState::Status status);

struct ClientState {
    ConnectionStatus connection = ConnectionStatus::connecting;
    std::int64_t next_retry_ms = 0;  // when offline: the next reconnect attempt
    std::string client_id;
    std::string session_id;

    std::vector<ChatMessage> messages;
    std::vector<ActivityItem> activity;
    bool turn_active = false;
    std::string turn_phase;  // "", "streaming", "checking", "watching"

    Draft draft;
    std::uint64_t draft_revision = 0;  // bumped whenever the server's draft or canvas changes
    std::string summary;  // summarize_draft(draft)
    nlohmann::json canvas = nlohmann::json::object();
    nlohmann::json media = nlohmann::json::array();  // the state's video_infos

    std::vector<UploadItem> uploads;
    std::vector<ExportJob> jobs;
    PreviewState preview;
    Credits credits;
    std::vector<ErrorEntry> errors;  // notices to the user are chat messages with role "notice"

    std::uint64_t revision = 0;
};

// For the browser test hook: everything but the draft's segments (counts and the summary instead).
nlohmann::json to_json(const ClientState& state);

}  // namespace cw::core
