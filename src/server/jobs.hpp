// The export queue lives in the store, shared by every worker on it: users take turns, one render per
// user at a time, so one user's long export never holds back another's. A worker holds a job under a
// lease it renews while rendering; a worker that dies loses it, and the job waits for the next one.
// A job survives a restart (an interrupted render is queued again).
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "config.hpp"
#include "renderer.hpp"
#include "store.hpp"

namespace cw::server {

class Jobs {
public:
    Jobs(Store& store, const Config& config);
    ~Jobs();

    // Starts the render workers (none when this server only answers the API). A server on its own
    // queues the unfinished jobs of its last run again first; in a cluster their leases do it.
    void start();
    // Stops the workers; a render cut short stays queued for the next start.
    void stop();

    // `body` is the export request. Throws ApiError (400 for a bad draft or options, 1002).
    // Asking again with the same id returns the existing job.
    JobRecord submit(const User& user, const nlohmann::json& body);

    // Extension of the local backend: a waiting job fails at once, a running render is stopped
    // within a second; both read "cancelled". A finished job is left as it is. Returns the job now.
    JobRecord cancel(const User& user, const std::string& id);

    // The contract's status object; `origin` makes the download URL absolute.
    nlohmann::json status_json(const JobRecord& job, const std::string& origin);

    // The session's finished renders, for the state's generated_media.
    nlohmann::json generated_media(const std::string& session_id, const std::string& origin);

    // At start: scratch folders and unfinished outputs of renders a crash interrupted.
    void remove_leftovers();

private:
    void worker_loop(const std::string& worker);
    void wait_for_work(uint64_t seen, bool retry_soon);
    void run(const JobRecord& job, const std::string& worker);
    void end_render(const std::string& key, const std::string& worker, const std::string& out_path,
                    const RenderResult& result);
    void wake_workers();
    std::string download_url(const JobRecord& job, const std::string& origin);

    Store& store_;
    const Config& config_;
    const std::string process_name_;  // its render threads name the jobs they hold after it
    std::unique_ptr<Wakeups> wakeups_;
    std::mutex listening_;  // held by the one worker waiting on wakeups_
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    uint64_t generation_ = 0;  // counts wake-ups, so a worker that was busy misses none
    std::atomic<bool> cancel_{false};
    std::vector<std::thread> workers_;
};

}  // namespace cw::server
