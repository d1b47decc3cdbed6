// Export jobs: validation at submit time (so bad requests fail at once, with a reason), then a
// worker renders through the engine. Workers run at a lower CPU priority, which their ffmpeg
// children inherit, so chat and uploads stay quick while exports run.
#include "jobs.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <iostream>
#include <regex>
#include <mutex>
#include <set>
#include <thread>

#include "api_error.hpp"
#include "builtin_music.hpp"
#include "render_watch.hpp"
#include "renderer.hpp"
#include "draft/edit.hpp"
#include "util.hpp"
#include "views.hpp"

namespace cw::server {

namespace fs = std::filesystem;
using namespace cw::draft;
using nlohmann::json;

namespace {

const char* const kCancelled = "cancelled: you stopped this export";

constexpr int64_t max_attempts = 3;  // a render that keeps taking the server down is failed, not retried forever
constexpr std::size_t kMaxWaitingPerUser = 8;  // exports one user may have waiting at once
// Documented limits of one export: each segment is an ffmpeg input (the count bounds the render's
// memory and open files; the graph itself is a file, so it no longer bounds the command line); the
// length matches the renderer's own limit.
constexpr size_t max_export_segments = kMaxExportSegments;
constexpr int64_t max_export_ms = 60 * 60 * 1000;

// Every video or audio segment that lasts names one of the session's media (audio may also use the
// built-in music): the renderer opens files only through these ids, never through a path in the draft.
void validate_sources(const json& draft, const std::vector<MediaRecord>& media) {
    std::set<std::string> known;
    for (const MediaRecord& r : media) known.insert(r.info.id);
    for (const json& track : tracks_of(draft)) {
        const int type = track_type(track);
        for (const json& segment : segments_of(track)) {
            if (type == kVideoTrack && is_card(segment)) continue;  // made with no media
            const json& meta = meta_of(segment);
            const auto src = meta.find("src");
            if (src == meta.end() || !src->is_string()) {
                if ((type == kVideoTrack || type == kAudioTrack) && segment_duration(segment) > 0) {
                    throw ApiError(codes::bad_request, "a video or audio segment has no media: each needs 'm.src', the id of a file uploaded to this session");
                }
                continue;
            }
            const std::string id = src->get<std::string>();
            if (known.count(id) || (type == kAudioTrack && id == kBuiltinMusic)) continue;
            throw ApiError(codes::bad_request, "the draft uses media '" + id.substr(0, 64) + "' that is not in this session");
        }
    }
}

void validate_draft(const json& draft, const std::vector<MediaRecord>& media) {
    const size_t segments = segment_count(draft);
    if (segments == 0) {
        throw ApiError(codes::bad_request, "nothing to export: the timeline is empty; upload media and describe the video first");
    }
    if (segments > max_export_segments) {
        throw ApiError(codes::bad_request, "the timeline has " + std::to_string(segments) + " segments; an export takes at most " +
                                               std::to_string(max_export_segments) + ", so export it in parts");
    }
    const int64_t length_ms = timeline_end(draft);
    if (length_ms <= 0) {
        throw ApiError(codes::bad_request, "nothing to export: the timeline is empty (every segment lasts 0 ms or less)");
    }
    if (length_ms > max_export_ms) {
        char minutes[32];  // rounded up to a tenth, so 60 min 20 s never reads "60 minutes … at most 60"
        std::snprintf(minutes, sizeof minutes, "%.1f", std::ceil(static_cast<double>(length_ms) / 6000.0) / 10.0);
        throw ApiError(codes::bad_request, std::string("the timeline is ") + minutes + " minutes long; an export can be at most 60 minutes");
    }
    validate_sources(draft, media);
}

// The format the agent set up (e.g. a GIF), for a request that names none.
std::string suggested_format(const json& draft) {
    const json* preferences = field(meta_of(draft), "export");
    return preferences && preferences->is_object() ? ExportOptions::read(*preferences).format : "mp4";
}

// The request's "output", with the agent's suggested format when it names none.
json read_output(const json& body, const json& draft) {
    json output = body.value("output", json::object());
    if (output.is_null()) output = json::object();
    if (output.is_object() && !output.contains("format")) output["format"] = suggested_format(draft);
    return output;
}

ExportOptions checked_options(const json& output) {
    try {
        return ExportOptions::from_json(output);
    } catch (const std::invalid_argument& e) {
        throw ApiError(codes::bad_request, e.what());
    }
}

}  // namespace

Jobs::Jobs(Store& store, const Config& config)
    : store_(store), config_(config), process_name_(config.node_name + "-" + random_hex(6)) {
    fs::create_directories(store_.absolute("renders"));
    fs::create_directories(store_.absolute("work"));
}

Jobs::~Jobs() { stop(); }

void Jobs::start() {
    if (!config_.renders()) return;
    if (config_.alone()) store_.requeue_unfinished_jobs();
    wakeups_ = store_.job_wakeups();
    // Each render thread holds its jobs under a name of its own.
    for (int i = 0; i < config_.render_workers; ++i)
        workers_.emplace_back([this, i] { worker_loop(process_name_ + "." + std::to_string(i)); });
}

void Jobs::stop() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    cancel_ = true;
    wake_.notify_all();
    for (std::thread& worker : workers_) worker.join();
    workers_.clear();
}

JobRecord Jobs::submit(const User& user, const json& body) {
    static const std::regex id_pattern("^[A-Za-z0-9_.\\-]{1,128}$");
    const std::string id = body.value("id", json()).is_string() ? body["id"].get<std::string>() : std::string();
    if (!std::regex_match(id, id_pattern)) {
        throw ApiError(codes::bad_request, "'id' must be 1-128 letters, digits, '_', '-' or '.' (e.g. render_<ms>)");
    }
    if (auto existing = store_.job(user.id, id)) return *existing;

    const json session_id = body.value("sessionId", json());
    const Session session = store_.session(user.id, session_id.is_string() ? session_id.get<std::string>() : "");
    const DraftVersion current = store_.draft(session);
    const json draft_in = body.value("draft", json());
    if (!draft_in.is_null() && !draft_in.is_object()) throw ApiError(codes::bad_request, "'draft' must be an object");
    const json draft = normalized(draft_in.is_null() ? current.draft : draft_in);
    const json output = read_output(body, draft);
    const ExportOptions options = checked_options(output);
    validate_draft(draft, store_.session_media(session.id));

    JobRecord job;
    job.key = random_hex();
    job.id = id;
    job.user_id = user.id;
    job.session_id = session.id;
    job.status = "pending";
    job.draft = draft;
    job.canvas = current.canvas;
    job.output = output;
    job.format = options.format;
    if (store_.waiting_jobs(user.id) >= int64_t(kMaxWaitingPerUser))
        throw ApiError(codes::rate_limited, "you already have " + std::to_string(kMaxWaitingPerUser) +
                                                " exports waiting; export again once one has finished");
    if (!store_.insert_job(job)) return *store_.job(user.id, id);  // the same id sent twice at once
    wake_workers();
    return job;
}

void Jobs::wake_workers() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        ++generation_;
    }
    wake_.notify_all();
}

// How often a worker looks again when nothing woke it: a lease that ran out wakes no one.
constexpr auto kPollInterval = std::chrono::seconds(1);

void Jobs::worker_loop(const std::string& worker) {
    lower_thread_priority(config_.render_nice);
    for (;;) {
        uint64_t seen = 0;  // wake-ups from here on mean there may be work this claim did not see
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (stopping_) return;
            seen = generation_;
        }
        std::optional<JobRecord> job;
        bool store_failed = false;
        try {
            job = store_.claim_job(worker, config_.lease_s * 1000);
            if (job) run(*job, worker);
        } catch (const std::exception& e) {
            // The store failed (disk full, or the database gone): the job stays as stored, and its
            // lease brings it back.
            std::cerr << "clipwright-server: render " << (job ? job->key : "claim") << " stopped: " << e.what() << std::endl;
            store_failed = true;
        }
        if (job) wake_workers();  // that user's next job may go now, to whichever worker is free
        else wait_for_work(seen, store_failed);
    }
}

void Jobs::wait_for_work(uint64_t seen, bool retry_soon) {
    if (wakeups_) {
        // One worker at a time listens on the store's connection and wakes the others.
        std::unique_lock<std::mutex> listening(listening_, std::try_to_lock);
        if (listening.owns_lock()) {
            if (wakeups_->wait(int(std::chrono::milliseconds(kPollInterval).count()))) wake_workers();
            return;
        }
    }
    std::unique_lock<std::mutex> lock(mutex_);
    const auto woken = [this, seen] { return stopping_ || generation_ != seen; };
    // Alone, every new job and every freed user comes through wake_workers(). A shared store's
    // leases run out with no one calling, and a store that failed is tried again a second later.
    if (config_.alone() && !wakeups_ && !retry_soon) wake_.wait(lock, woken);
    else wake_.wait_for(lock, kPollInterval, woken);
}

namespace {

// Files an earlier attempt at this job left, when its worker died with it.
void remove_earlier_attempts(const Store& store, const std::string& key) {
    std::error_code ec;
    for (const char* folder : {"renders", "work"}) {
        for (const auto& entry : fs::directory_iterator(store.absolute(folder), ec))
            if (entry.path().filename().string().rfind(key + "-", 0) == 0) fs::remove_all(entry.path(), ec);
    }
}

// A worker's hold on its job while it renders: renewed about once a second with the progress, and
// the way a cancel request from any API server reaches the render.
class LeaseKeeper {
public:
    LeaseKeeper(Store& store, const std::string& key, const std::string& worker, int lease_s)
        : store_(store), key_(key), worker_(worker), lease_ms_(int64_t(lease_s) * 1000),
          interval_(std::min<int64_t>(1000, lease_ms_ / 3)) {}

    // The watchdog asks five times a second; "" to render on, or why to stop.
    std::string check() {
        const auto now = std::chrono::steady_clock::now();
        if (now - last_renewal_ < interval_) return "";
        last_renewal_ = now;
        Lease lease{true, false};
        try {
            lease = store_.renew_lease(key_, worker_, lease_ms_, progress);
        } catch (const std::exception&) {
            // The store can't be written (a full disk): render on; the next renewal tells if it held.
        }
        lost = !lease.held;
        if (lost) return "the render's lease ran out";
        return lease.cancel ? kCancelled : "";
    }

    std::atomic<double> progress{0.0};
    bool lost = false;  // the job waits for, or belongs to, another worker now

private:
    Store& store_;
    const std::string key_, worker_;
    const int64_t lease_ms_;
    const std::chrono::milliseconds interval_;
    std::chrono::steady_clock::time_point last_renewal_ = std::chrono::steady_clock::now();
};

}  // namespace

void Jobs::run(const JobRecord& job, const std::string& worker) {
    if (job.attempts > max_attempts) {
        store_.finish_job(job.key, worker, {false, "", 0, "the render was interrupted " + std::to_string(job.attempts - 1) +
                                                              " times; export again to retry"});
        return;
    }
    remove_earlier_attempts(store_, job.key);
    const std::string attempt = job.key + "-" + std::to_string(job.attempts);
    RenderJob render_job;
    render_job.draft = job.draft;
    render_job.canvas = job.canvas;
    for (const MediaRecord& r : store_.session_media(job.session_id)) render_job.media[r.info.id] = r.info;
    render_job.out_path = store_.absolute("renders/" + attempt + "." + job.format);
    render_job.work_dir = store_.absolute("work/" + attempt);

    LeaseKeeper lease(store_, job.key, worker, config_.lease_s);
    Watchdog watchdog(render_deadline(job.draft, job.output), std::chrono::seconds(config_.render_stall_s), cancel_,
                      [&lease] { return lease.check(); });
    RenderResult result;
    try {
        render_job.options = ExportOptions::from_json(job.output);
        result = render(render_job, [&](double p) { lease.progress = p, watchdog.progressed(p); }, watchdog.stop);
    } catch (const std::exception& e) {
        result.ok = false;
        result.error = std::string("render failed: ") + e.what();
    }
    const std::string stopped_because = watchdog.finish();
    std::error_code ec;
    fs::remove_all(render_job.work_dir, ec);
    if (lease.lost) {
        fs::remove(render_job.out_path, ec);
    } else if (!stopped_because.empty()) {
        // Not queued again: the same render would stop the same way, holding every export behind it.
        fs::remove(render_job.out_path, ec);
        store_.finish_job(job.key, worker, {false, "", 0, stopped_because});
    } else if (cancel_) {
        fs::remove(render_job.out_path, ec);
        store_.release_job(job.key, worker);
    } else {
        end_render(job.key, worker, render_job.out_path, result);
    }
}

void Jobs::end_render(const std::string& key, const std::string& worker, const std::string& out_path,
                      const RenderResult& result) {
    std::error_code ec;
    if (!result.ok) {
        const std::string error = without_paths(result.error.empty() ? "render failed" : result.error, store_.absolute(""));
        store_.finish_job(key, worker, {false, "", 0, error});
        return;
    }
    fsync_path(out_path);
    fsync_path(store_.absolute("renders"));
    const std::string file = "renders/" + fs::path(out_path).filename().string();
    if (!store_.finish_job(key, worker, {true, file, int64_t(fs::file_size(out_path, ec)), ""})) fs::remove(out_path, ec);
}

JobRecord Jobs::cancel(const User& user, const std::string& id) {
    const auto job = store_.job(user.id, id);
    if (!job) throw ApiError(codes::not_found, "no render with this id");
    store_.cancel_job(job->key, kCancelled);
    return *store_.job(user.id, id);
}

std::string Jobs::download_url(const JobRecord& job, const std::string& origin) {
    const std::string token = store_.download_token(job.key, config_.link_ttl_s);
    return origin + "/download/" + token + "/" + job.id + "." + job.format;
}

json Jobs::status_json(const JobRecord& job, const std::string& origin) {
    json out = {{"id", job.id}, {"status", job.status}, {"progress", 0.0}};
    if (job.status == "processing") {
        out["progress"] = job.progress;
    } else if (job.status == "completed") {
        out["progress"] = 1.0;
        out["output"] = {{"url", download_url(job, origin)}, {"size", job.size}, {"format", job.format}};
    } else if (job.status == "failed") {
        out["error"] = job.error;
    }
    return out;
}

json Jobs::generated_media(const std::string& session_id, const std::string& origin) {
    json out = json::array();
    for (const JobRecord& job : store_.session_renders(session_id)) {
        out.push_back({{"id", job.id}, {"type", job.format == "gif" ? "image" : "video"}, {"format", job.format},
                       {"url", download_url(job, origin)}, {"size", job.size}});
    }
    return out;
}

void Jobs::remove_leftovers() {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(store_.absolute("work"), ec)) fs::remove_all(entry.path(), ec);
    const auto known = store_.render_files();
    const std::set<std::string> referenced(known.begin(), known.end());
    for (const auto& entry : fs::directory_iterator(store_.absolute("renders"), ec)) {
        if (!referenced.count("renders/" + entry.path().filename().string())) fs::remove_all(entry.path(), ec);
    }
}

}  // namespace cw::server
