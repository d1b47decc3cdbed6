// Export jobs (contract §7): the request body, polling on the schedule of poll_schedule.hpp, one
// retry with a new id when a render fails, and render ids kept in Storage so a reload resumes them.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/client_state.hpp"
#include "core/config.hpp"
#include "core/connection.hpp"
#include "core/error_reporter.hpp"
#include "core/poll_schedule.hpp"
#include "core/state_sync.hpp"
#include "core/storage.hpp"

namespace cw::core {

// {"id", "sessionId", "draft", "output": {...}}; gif/webm-only fields appear only when set.
nlohmann::json export_request_body(const std::string& id, const std::string& session_id, const nlohmann::json& draft,
                                   const ExportOptions& options);

// The output the agent prepared in the draft (`m.export`, e.g. a GIF's width, fps and palette),
// or the contract's default (mp4, high) when there is none.
ExportOptions export_defaults(const Draft& draft);

class Exports {
public:
    Exports(Connection& connection, ClientState& state, StateSync& sync, ErrorReporter& errors, Storage& storage,
            const ClientConfig& config)
        : connection_(connection), state_(state), sync_(sync), errors_(errors), storage_(storage), config_(config) {}

    // Reads the current draft, then posts the render. Returns the job's id.
    std::string start(const ExportOptions& options);
    // Asks the server to stop an unfinished job (the local backend's cancel extension); the job
    // then ends failed and is not retried. A server without the extension says so as an error.
    void cancel(const std::string& id);
    // Loads the jobs a previous page left in Storage and polls the unfinished ones again.
    void resume();
    bool update(std::int64_t now_ms);
    // The earliest poll due among unfinished jobs not waiting for an answer; INT64_MAX when none.
    std::int64_t next_poll_due_ms() const;

    // Runs when a job completes or finally fails.
    std::function<void(const ExportJob& job)> on_finished;

private:
    struct Tracking {
        nlohmann::json body;  // kept for the one retry; empty after a reload
        std::int64_t next_poll_ms = 0;
        bool in_flight = false;
        // The first poll that saw progress and the latest one: the render's pace.
        std::optional<ProgressSample> first_progress;
        ProgressSample last_progress;
    };

    std::string unique_id();
    ExportJob* find(const std::string& id);
    void post(const std::string& id, nlohmann::json body);
    void post_with_current_draft(const std::string& id);
    // The job's tracking when it is unfinished and no poll of it is awaiting an answer.
    const Tracking* waiting_to_poll(const ExportJob& job) const;
    void poll(ExportJob& job);
    void on_status(const std::string& id, const nlohmann::json& data);
    void on_poll_failure(const std::string& id, const ApiFailure& failure);
    void note_progress(const std::string& id, double progress);
    void schedule_poll(ExportJob& job);
    void retry_or_fail(ExportJob& job, const std::string& error);
    void fail(ExportJob& job, const std::string& error);
    void save() const;

    Connection& connection_;
    ClientState& state_;
    StateSync& sync_;
    ErrorReporter& errors_;
    Storage& storage_;
    const ClientConfig& config_;
    std::map<std::string, Tracking> tracking_;
    RequestRateLimit rate_limit_;
    std::int64_t last_id_ms_ = 0;
};

inline constexpr std::size_t max_jobs_kept = 20;

}  // namespace cw::core
