// Everything the server must not lose: users and their credits, tokens, sessions with their draft
// history, media records, render jobs and download links. In SQLite in the data folder by default
// (WAL, synchronous=FULL), or in PostgreSQL (`--store postgres://…`) for servers sharing one store.
#pragma once
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "db.hpp"
#include "media_info.hpp"

namespace cw::server {

struct User {
    std::string id;
    std::string bind_id;   // for the registration link "?bind=<id>"
    int64_t available = 0;
    int64_t frozen = 0;
};

struct IssuedToken {
    std::string token;
    int64_t credits = 0;
    int64_t expires_at = 0;
};

struct Session {
    std::string id;
    std::string user_id;
    std::string task_id;
    std::string language;
    int64_t head = 0;      // the draft history entry shown now; undo/redo move it
};

struct DraftVersion {
    nlohmann::json draft;
    nlohmann::json canvas;
    int64_t seq = 0;
    bool can_undo = false;
    bool can_redo = false;
};

struct MediaRecord {
    MediaInfo info;
    std::string session_id;
    std::string file;       // path relative to the data folder
    std::string mime;
};

// What one user may keep, across all their sessions.
struct MediaQuota {
    int64_t files = 0;
    int64_t bytes = 0;
};

struct JobRecord {
    std::string key;        // internal, unique across users
    std::string id;         // the client's render id, unique per user
    std::string user_id;
    std::string session_id;
    std::string status;     // pending | processing | completed | failed
    nlohmann::json draft;
    nlohmann::json canvas;
    nlohmann::json output;  // the request's "output" object
    std::string format;
    std::string error;
    std::string file;       // relative to the data folder, once completed
    int64_t size = 0;
    int64_t attempts = 0;
    double progress = 0;    // of a processing job, as its worker last reported it
};

// What a worker learns when it renews its hold on a job.
struct Lease {
    bool held = false;       // false: the lease ran out and the job went back to the queue
    bool cancel = false;     // its user asked to stop it
};

struct JobEnd {
    bool completed = false;
    std::string file;        // when completed
    int64_t size = 0;
    std::string error;       // when failed
};

struct DownloadLink {
    std::string file;       // relative to the data folder
    std::string format;
    std::string name;
};

class Store {
public:
    // An empty store_url keeps the store in SQLite in the data folder.
    Store(const std::string& data_dir, const std::string& store_url = "");

    const std::string& data_dir() const { return data_dir_; }
    std::string absolute(const std::string& relative) const { return data_dir_ + "/" + relative; }

    // [SECTION] users, tokens, credits
    IssuedToken issue_token(const std::string& client_id, int64_t ttl_s, int64_t initial_credits);
    User user_for_token(const std::string& token);  // throws ApiError 1001
    User user(const std::string& user_id);
    void settle_frozen(const std::string& user_id, int64_t amount);
    void settle_all_frozen();  // at start: turns cut short by a crash had already committed their edit

    // [SECTION] sessions and draft history
    Session create_session(const std::string& user_id, const std::string& language, const nlohmann::json& canvas);
    Session session(const std::string& user_id, const std::string& session_id);  // throws ApiError 1002
    DraftVersion draft(const Session& session);
    std::optional<DraftVersion> draft_at(const Session& session, int64_t seq);
    // Stores a new head after the current one (dropping any redo branch) and freezes `cost` credits,
    // in one transaction. Throws ApiError 2001 when the user cannot pay.
    int64_t commit_edit(const Session& session, const nlohmann::json& draft, const nlohmann::json& canvas,
                        int64_t cost);
    void move_head(const Session& session, int64_t seq);

    // [SECTION] media
    // All of them or none: over the user's quota it throws 4002 naming the limit, and keeps nothing.
    void add_media(const std::vector<MediaRecord>& records, const MediaQuota& quota);
    std::vector<MediaRecord> session_media(const std::string& session_id);
    std::optional<MediaRecord> media(const std::string& media_id);
    std::vector<std::string> media_files();

    // [SECTION] render jobs and download links
    std::optional<JobRecord> job(const std::string& user_id, const std::string& id);
    bool insert_job(const JobRecord& job);  // false when the user already has a job with this id
    // The queue every worker on the store shares. A worker claims the next job in fair order under a
    // lease, renews it while it renders, and ends it; a job whose lease runs out waits again.
    std::optional<JobRecord> claim_job(const std::string& worker, int64_t lease_ms);
    Lease renew_lease(const std::string& key, const std::string& worker, int64_t lease_ms, double progress);
    void release_job(const std::string& key, const std::string& worker);  // a clean stop; not an attempt
    bool finish_job(const std::string& key, const std::string& worker, const JobEnd& end);  // false: not held
    // A waiting job fails at once; a running one is asked to stop.
    void cancel_job(const std::string& key, const std::string& reason);
    int64_t waiting_jobs(const std::string& user_id);
    void requeue_unfinished_jobs();  // at the start of a server on its own
    // Wakes a waiting worker when jobs change on a shared store; nothing on an embedded one.
    std::unique_ptr<Wakeups> job_wakeups() const;
    std::vector<JobRecord> session_renders(const std::string& session_id);
    std::string download_token(const std::string& job_key, int64_t ttl_s);
    std::optional<DownloadLink> download(const std::string& token);
    std::vector<std::string> render_files();

private:
    void migrate();
    void hash_plain_tokens();
    void notify_workers();
    void check_quota(const std::vector<MediaRecord>& records, const MediaQuota& quota);
    static JobRecord read_job(Statement& row);

    std::string data_dir_;
    std::string store_url_;
    std::mutex mutex_;  // one connection per process, used by one call at a time
    std::unique_ptr<Db> db_;
};

}  // namespace cw::server
