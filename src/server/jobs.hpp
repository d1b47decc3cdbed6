// The export queue: render jobs run in FIFO order on a bounded number of workers; state lives in the
// store, so a job survives a restart (an interrupted render is queued again).
#pragma once
#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "config.hpp"
#include "store.hpp"

namespace cw::server {

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
    std::deque<std::string> queue_;
    std::map<std::string, double> progress_;  // of processing jobs
    bool stopping_ = false;
    std::atomic<bool> cancel_{false};
    std::vector<std::thread> workers_;
};

}  // namespace cw::server
