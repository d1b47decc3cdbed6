// The export queue: jobs wait per user and users take turns on a bounded number of workers, one
// render per user at a time, so one user's long export never holds back another's; state lives in
// the store, so a job survives a restart (an interrupted render is queued again).
#pragma once
#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "config.hpp"
#include "store.hpp"

namespace cw::server {

// Waiting jobs by user; the next job is the oldest of the first user in turn who has none running.
class FairQueue {
public:
    void push(const std::string& user, const std::string& key);
    // Empty when every waiting user already has a render running.
    std::optional<std::pair<std::string, std::string>> pop(const std::set<std::string>& running);
    std::size_t waiting(const std::string& user) const;
    bool remove(const std::string& user, const std::string& key);  // false when it was not waiting

private:
    std::map<std::string, std::deque<std::string>> jobs_;
    std::deque<std::string> turns_;  // users with waiting jobs, the next in turn first
};

class Jobs {
public:
    Jobs(Store& store, const Config& config);
    ~Jobs();

    // Queues the unfinished jobs of the last run, then starts the workers.
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
    void worker_loop();
    void run(const std::string& key);
    void set_progress(const std::string& key, double value);
    std::string download_url(const JobRecord& job, const std::string& origin);

    Store& store_;
    const Config& config_;
    std::mutex mutex_;
    std::condition_variable wake_;
    FairQueue queue_;
    std::set<std::string> running_users_;
    std::map<std::string, double> progress_;  // of processing jobs
    std::set<std::string> cancelled_;         // processing jobs their user cancelled
    bool stopping_ = false;
    std::atomic<bool> cancel_{false};
    std::vector<std::thread> workers_;
};

}  // namespace cw::server
