// A job keeps its first id for display while its current id changes on the retry; Storage holds
// only what resuming needs, never the draft (localStorage is small).
#include "core/exports.hpp"

#include <algorithm>
#include <limits>

#include "core/ids.hpp"

namespace cw::core {

using nlohmann::json;

namespace {

std::string string_at(const json& object, const char* key) {
    auto found = object.is_object() ? object.find(key) : object.end();
    return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

// Stored and received values may have any type; a wrong one reads as 0.
std::int64_t number_at(const json& object, const char* key) {
    auto found = object.is_object() ? object.find(key) : object.end();
    if (found == object.end() || !found->is_number()) return 0;
    double value = found->get<double>();
    return value > 0 && value < 9.0e15 ? static_cast<std::int64_t>(value) : 0;
}

JobStatus status_from(const std::string& text, JobStatus fallback) {
    if (text == "pending" || text == "queued") return JobStatus::pending;
    if (text == "processing" || text == "rendering" || text == "running") return JobStatus::processing;
    if (text == "completed" || text == "done" || text == "succeeded") return JobStatus::completed;
    if (text == "failed" || text == "error") return JobStatus::failed;
    return fallback;
}

bool unfinished(JobStatus status) { return status != JobStatus::completed && status != JobStatus::failed; }

}  // namespace

ExportOptions export_defaults(const Draft& draft) { return draft.export_settings.value_or(ExportOptions{}); }

json export_request_body(const std::string& id, const std::string& session_id, const json& draft, const ExportOptions& options) {
    return {{"id", id}, {"sessionId", session_id}, {"draft", draft}, {"output", options.to_json()}};
}

std::string Exports::unique_id() {
    std::int64_t ms = std::max(connection_.now(), last_id_ms_ + 1);
    last_id_ms_ = ms;
    return render_id(ms);
}

std::string Exports::start(const ExportOptions& options) {
    ExportJob job;
    job.id = job.first_id = unique_id();
    job.session_id = connection_.session_id();
    job.options = options;
    state_.jobs.push_back(job);
    tracking_[job.id] = Tracking{};
    post_with_current_draft(job.id);
    return job.id;
}

// The draft sent is the one the server has now, not a copy that may be a turn behind.
void Exports::post_with_current_draft(const std::string& id) {
    sync_.fetch([this, id](bool ok) {
        ExportJob* job = find(id);
        if (!job) return;
        if (!ok) return fail(*job, "the timeline could not be read");
        if (state_.draft.empty()) return fail(*job, "the timeline is empty; add media or describe a video first");
        post(id, export_request_body(id, connection_.session_id(), state_.draft.original, job->options));
    });
}

void Exports::cancel(const std::string& id) {
    ExportJob* job = find(id);
    if (!job || job->cancelled || job->status == JobStatus::completed || job->status == JobStatus::failed) return;
    job->cancelled = true;
    ApiCall call;
    call.method = "POST";
    call.path = "/api/render/proxy/lambda/" + id + "/cancel";
    call.body = json::object();
    CallHandlers handlers;
    handlers.on_success = [this, id](const json& data) { on_status(id, data); };
    handlers.on_failure = [this, id](const ApiFailure& failure) {
        if (ExportJob* asked = find(id)) asked->cancelled = false;  // it goes on; the error says why
        errors_.report(failure);
    };
    connection_.submit(std::move(call), std::move(handlers));
}

void Exports::post(const std::string& id, json body) {
    ExportJob* job = find(id);
    if (!job) return;
    job->session_id = string_at(body, "sessionId");
    tracking_[id].body = body;
    rate_limit_.record(connection_.now());
    ApiCall call;
    call.method = "POST";
    call.path = "/api/render/proxy/lambda";
    call.body = std::move(body);
    CallHandlers handlers;
    handlers.on_success = [this, id](const json& data) {
        ExportJob* posted = find(id);
        if (!posted) return;
        posted->status = JobStatus::pending;
        on_status(id, data);
    };
    handlers.on_failure = [this, id](const ApiFailure& failure) {
        ExportJob* posted = find(id);
        if (!posted) return;
        errors_.report(failure);
        fail(*posted, state_.errors.empty() ? failure.message : state_.errors.back().message);
    };
    connection_.submit(std::move(call), std::move(handlers));
    save();
}

void Exports::resume() {
    std::optional<std::string> saved = storage_.get(storage_keys::renders);
    if (!saved) return;
    json list = json::parse(*saved, nullptr, false);
    if (!list.is_array()) return;
    for (const json& entry : list) {
        if (!entry.is_object() || string_at(entry, "id").empty() || find(string_at(entry, "id"))) continue;
        ExportJob job;
        job.id = string_at(entry, "id");
        job.first_id = string_at(entry, "first_id").empty() ? job.id : string_at(entry, "first_id");
        job.session_id = string_at(entry, "session_id");
        job.options = ExportOptions::read(entry.contains("output") ? entry["output"] : json());
        job.status = status_from(string_at(entry, "status"), JobStatus::pending);
        if (job.status == JobStatus::preparing) job.status = JobStatus::pending;
        job.url = string_at(entry, "url");
        job.error = string_at(entry, "error");
        job.retried = entry.contains("retried") && entry["retried"].is_boolean() && entry["retried"].get<bool>();
        if (unfinished(job.status)) tracking_[job.id] = Tracking{json(), connection_.now(), false};
        state_.jobs.push_back(std::move(job));
    }
}

bool Exports::update(std::int64_t now_ms) {
    bool changed = false;
    for (ExportJob& job : state_.jobs) {
        const Tracking* tracking = waiting_to_poll(job);
        if (!tracking || now_ms < tracking->next_poll_ms) continue;
        if (!rate_limit_.try_acquire(now_ms)) break;
        poll(job);
        changed = true;
    }
    return changed;
}

std::int64_t Exports::next_poll_due_ms() const {
    std::int64_t due = std::numeric_limits<std::int64_t>::max();
    for (const ExportJob& job : state_.jobs) {
        if (const Tracking* tracking = waiting_to_poll(job)) due = std::min(due, tracking->next_poll_ms);
    }
    return due;
}

const Exports::Tracking* Exports::waiting_to_poll(const ExportJob& job) const {
    if (job.status != JobStatus::pending && job.status != JobStatus::processing) return nullptr;
    const auto tracking = tracking_.find(job.id);
    return tracking == tracking_.end() || tracking->second.in_flight ? nullptr : &tracking->second;
}

void Exports::poll(ExportJob& job) {
    tracking_[job.id].in_flight = true;
    ApiCall call;
    call.path = "/api/render/proxy/lambda/" + job.id;
    std::string id = job.id;
    CallHandlers handlers;
    handlers.on_success = [this, id](const json& data) {
        tracking_[id].in_flight = false;
        on_status(id, data);
    };
    handlers.on_failure = [this, id](const ApiFailure& failure) {
        tracking_[id].in_flight = false;
        on_poll_failure(id, failure);
    };
    connection_.submit(std::move(call), std::move(handlers));
}

void Exports::on_status(const std::string& id, const json& data) {
    ExportJob* job = find(id);
    // A finished job stays finished: a poll answered after the cancel's answer is stale.
    if (!job || job->status == JobStatus::completed || job->status == JobStatus::failed) return;
    job->status = status_from(string_at(data, "status"), job->status);
    auto progress = data.is_object() ? data.find("progress") : data.end();
    if (progress != data.end() && progress->is_number()) {
        job->progress = std::clamp(progress->get<double>(), 0.0, 1.0);
        note_progress(id, job->progress);
    }
    if (job->status == JobStatus::completed) {
        const json output = data.is_object() && data.contains("output") ? data["output"] : json();
        job->url = string_at(output, "url");
        job->size = number_at(output, "size");
        job->progress = 1.0;
        tracking_.erase(id);
        save();
        if (on_finished) on_finished(*job);
        return;
    }
    if (job->status == JobStatus::failed) {
        std::string error = string_at(data, "error");
        if (job->cancelled) return fail(*job, error.empty() ? "cancelled" : error);
        return retry_or_fail(*job, error.empty() ? "the render failed" : error);
    }
    schedule_poll(*job);
    save();
}

// Network trouble: keep the schedule (the server may be back soon). The server not knowing the
// job: it is gone, say so.
void Exports::on_poll_failure(const std::string& id, const ApiFailure& failure) {
    ExportJob* job = find(id);
    if (!job) return;
    if (failure.code == codes::network) {
        schedule_poll(*job);
        return;
    }
    errors_.report(failure);
    fail(*job, failure.message.empty() ? "the server no longer knows this render" : failure.message);
}

void Exports::note_progress(const std::string& id, double progress) {
    Tracking& tracking = tracking_[id];
    tracking.last_progress = {connection_.now(), progress};
    if (!tracking.first_progress && progress > 0) tracking.first_progress = tracking.last_progress;
}

void Exports::schedule_poll(ExportJob& job) {
    Tracking& tracking = tracking_[job.id];
    const std::int64_t left =
        tracking.first_progress ? remaining_ms(*tracking.first_progress, tracking.last_progress) : -1;
    tracking.next_poll_ms = connection_.now() + poll_delay_ms(config_, left);
}

void Exports::retry_or_fail(ExportJob& job, const std::string& error) {
    if (job.retried) return fail(job, error);
    Tracking previous = std::move(tracking_[job.id]);
    tracking_.erase(job.id);
    job.retried = true;
    job.id = unique_id();
    job.status = JobStatus::preparing;
    job.progress = 0;
    job.error.clear();
    tracking_[job.id] = Tracking{};
    if (previous.body.is_object()) {
        previous.body["id"] = job.id;
        post(job.id, std::move(previous.body));
    } else {
        post_with_current_draft(job.id);
    }
}

void Exports::fail(ExportJob& job, const std::string& error) {
    job.status = JobStatus::failed;
    job.error = error;
    tracking_.erase(job.id);
    save();
    if (on_finished) on_finished(job);
}

ExportJob* Exports::find(const std::string& id) {
    for (ExportJob& job : state_.jobs)
        if (job.id == id) return &job;
    return nullptr;
}

void Exports::save() const {
    json list = json::array();
    std::size_t first = state_.jobs.size() > max_jobs_kept ? state_.jobs.size() - max_jobs_kept : 0;
    for (std::size_t i = first; i < state_.jobs.size(); ++i) {
        const ExportJob& job = state_.jobs[i];
        list.push_back({{"id", job.id},
                        {"first_id", job.first_id},
                        {"session_id", job.session_id},
                        {"status", to_string(job.status)},
                        {"url", job.url},
                        {"error", job.error},
                        {"retried", job.retried},
                        {"output", job.options.to_json()}});
    }
    storage_.set(storage_keys::renders, list.dump());
}

}  // namespace cw::core
