// The store, on SQLite or PostgreSQL. Every public call takes the lock, so a call is atomic with
// respect to others in this process; calls that change several rows do it in one write transaction,
// which also excludes every other process on the same store, so a crash keeps all or none of it.
#include "store.hpp"

#include <algorithm>

#include "api_error.hpp"
#include "draft/edit.hpp"
#include "util.hpp"

namespace cw::server {

namespace {

using nlohmann::json;
using Lock = std::lock_guard<std::mutex>;

constexpr int64_t history_limit = 200;  // undo steps kept per session

// Versioned migrations, applied in order once each; both engines read the same statements. BIGINT is
// SQLite's INTEGER and PostgreSQL's 64-bit integer. `ord` keeps insertion order on both engines.
const std::vector<std::string> migrations = {
    R"sql(
CREATE TABLE IF NOT EXISTS users(
  id TEXT PRIMARY KEY, client_id TEXT UNIQUE NOT NULL, bind_id TEXT NOT NULL,
  available BIGINT NOT NULL, frozen BIGINT NOT NULL DEFAULT 0,
  last_token_at BIGINT NOT NULL, created_at BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS tokens(
  token TEXT PRIMARY KEY, user_id TEXT NOT NULL, expires_at BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS sessions(
  id TEXT PRIMARY KEY, user_id TEXT NOT NULL, task_id TEXT NOT NULL, language TEXT NOT NULL,
  head BIGINT NOT NULL DEFAULT 0, created_at BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS drafts(
  session_id TEXT NOT NULL, seq BIGINT NOT NULL, draft TEXT NOT NULL, canvas TEXT NOT NULL,
  PRIMARY KEY(session_id, seq));
CREATE TABLE IF NOT EXISTS media(
  id TEXT PRIMARY KEY, session_id TEXT NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL,
  file TEXT NOT NULL, mime TEXT NOT NULL, size BIGINT NOT NULL, duration_ms BIGINT NOT NULL,
  width BIGINT NOT NULL, height BIGINT NOT NULL, has_audio BIGINT NOT NULL, created_at BIGINT NOT NULL);
CREATE INDEX IF NOT EXISTS media_session ON media(session_id);
CREATE TABLE IF NOT EXISTS jobs(
  key TEXT PRIMARY KEY, id TEXT NOT NULL, user_id TEXT NOT NULL, session_id TEXT NOT NULL,
  status TEXT NOT NULL, draft TEXT NOT NULL, canvas TEXT NOT NULL, output TEXT NOT NULL,
  format TEXT NOT NULL, error TEXT NOT NULL DEFAULT '', file TEXT NOT NULL DEFAULT '',
  size BIGINT NOT NULL DEFAULT 0, attempts BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL, UNIQUE(user_id, id));
CREATE INDEX IF NOT EXISTS jobs_session ON jobs(session_id);
CREATE TABLE IF NOT EXISTS links(
  token TEXT PRIMARY KEY, job_key TEXT NOT NULL, expires_at BIGINT NOT NULL);
)sql",
    // Tokens stored before they were hashed are hashed in place (Store::hash_plain_tokens).
    "",
    R"sql(
ALTER TABLE media ADD COLUMN ord BIGINT NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN ord BIGINT NOT NULL DEFAULT 0;
)sql",
    // The queue shared by every worker on the store: who holds a job and until when (ms), its
    // progress and a cancel request any server can set; users take turns by their last render.
    R"sql(
ALTER TABLE jobs ADD COLUMN worker TEXT NOT NULL DEFAULT '';
ALTER TABLE jobs ADD COLUMN lease_until BIGINT NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN progress DOUBLE PRECISION NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN cancel_requested BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN last_render_at BIGINT NOT NULL DEFAULT 0;
CREATE INDEX IF NOT EXISTS jobs_status ON jobs(status, ord);
)sql",
};

// What SQLite kept in rowid before `ord` existed.
const char* const sqlite_order_backfill = "UPDATE media SET ord = rowid; UPDATE jobs SET ord = rowid;";

void exec_script(Db& target, const std::string& script) {
    for (size_t start = 0, end; (end = script.find(';', start)) != std::string::npos; start = end + 1) {
        const std::string statement = script.substr(start, end - start);
        if (statement.find_first_not_of(" \n") != std::string::npos) target.exec(statement);
    }
}

const char* const job_columns =
    "key, id, user_id, session_id, status, draft, canvas, output, format, error, file, size, attempts, progress";

const char* const kJobsChannel = "clipwright_jobs";

MediaRecord read_media(Statement& row, const std::string& data_dir) {
    MediaRecord record;
    record.info.id = row.text(0);
    record.session_id = row.text(1);
    record.info.name = row.text(2);
    record.info.type = row.text(3);
    record.file = row.text(4);
    record.mime = row.text(5);
    record.info.size = row.integer(6);
    record.info.duration_ms = row.integer(7);
    record.info.width = int(row.integer(8));
    record.info.height = int(row.integer(9));
    record.info.has_audio = row.integer(10) != 0;
    record.info.path = data_dir + "/" + record.file;
    record.info.url = "/media/" + record.file.substr(record.file.find('/') + 1);
    return record;
}

constexpr std::size_t kTokenBytes = 24;

const char* const media_columns =
    "id, session_id, name, type, file, mime, size, duration_ms, width, height, has_audio";

}  // namespace

Store::Store(const std::string& data_dir, const std::string& store_url)
    : data_dir_(data_dir), store_url_(store_url), db_(open_db(data_dir, store_url)) {
    migrate();
}

// Every server and worker on a store runs this at start; the write lock lets one of them do each step.
void Store::migrate() {
    Lock lock(mutex_);
    Transaction tx(*db_);
    db_->exec("CREATE TABLE IF NOT EXISTS schema_version(version BIGINT NOT NULL)");
    const int64_t done = db_->query_int("SELECT MAX(version) FROM schema_version").value_or(0);
    for (int64_t version = done + 1; version <= int64_t(migrations.size()); ++version) {
        if (version == 2) hash_plain_tokens();
        else exec_script(*db_, migrations[size_t(version - 1)]);
        if (version == 3 && db_->dialect() == Dialect::sqlite) exec_script(*db_, sqlite_order_backfill);
        db_->exec("INSERT INTO schema_version(version) VALUES(?)", {version});
    }
    tx.commit();
}

// A hash is 64 digits, a token 48.
void Store::hash_plain_tokens() {
    std::vector<std::string> plain;
    for (Statement row = db_->query("SELECT token FROM tokens WHERE length(token) = ?", {int64_t(kTokenBytes * 2)}); row.step();)
        plain.push_back(row.text(0));
    for (const std::string& token : plain) db_->exec("UPDATE tokens SET token = ? WHERE token = ?", {sha256_hex(token), token});
}

// [SECTION] users, tokens, credits

IssuedToken Store::issue_token(const std::string& client_id, int64_t ttl_s, int64_t initial_credits) {
    Lock lock(mutex_);
    Transaction tx(*db_);
    const int64_t now = now_s();
    std::string user_id;
    {
        Statement row = db_->query("SELECT id, last_token_at FROM users WHERE client_id = ?", {client_id});
        if (row.step()) {
            if (now < row.integer(1) + ttl_s) {
                throw ApiError(codes::rate_limited, "one anonymous token per client id per " +
                                                        std::to_string(ttl_s) + " s; wait and retry");
            }
            user_id = row.text(0);
        }
    }
    if (user_id.empty()) {
        user_id = random_hex();
        db_->exec("INSERT INTO users(id, client_id, bind_id, available, frozen, last_token_at, created_at) "
                 "VALUES(?, ?, ?, ?, 0, ?, ?)",
                 {user_id, client_id, random_hex(8), initial_credits, now, now});
    } else {
        db_->exec("UPDATE users SET last_token_at = ?, available = CASE WHEN available < ? THEN ? ELSE available END "
                "WHERE id = ?",
                {now, initial_credits, initial_credits, user_id});
    }
    IssuedToken issued{random_hex(kTokenBytes), 0, now + ttl_s};
    db_->exec("INSERT INTO tokens(token, user_id, expires_at) VALUES(?, ?, ?)",
             {sha256_hex(issued.token), user_id, issued.expires_at});
    issued.credits = db_->query_int("SELECT available FROM users WHERE id = ?", {user_id}).value_or(0);
    tx.commit();
    return issued;
}

namespace {

// Exactly the token that was issued: 48 lower-case hex digits, nothing before or after (a NUL, "%00",
// percent-encoding or trailing junk never reach the lookup).
bool token_shape(const std::string& token) {
    return token.size() == kTokenBytes * 2 &&
           std::all_of(token.begin(), token.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

}  // namespace

User Store::user_for_token(const std::string& token) {
    std::string user_id;
    {
        Lock lock(mutex_);
        if (!token_shape(token)) throw ApiError(codes::bad_token, "the token is not valid; request a new one at /api/auth/anonymous-token");
        Statement row = db_->query("SELECT user_id, expires_at FROM tokens WHERE token = ?", {sha256_hex(token)});
        if (!row.step()) {
            throw ApiError(codes::bad_token, "the token is not valid; request a new one at /api/auth/anonymous-token");
        }
        if (row.integer(1) <= now_s()) {
            throw ApiError(codes::bad_token, "the token expired; request a new one at /api/auth/anonymous-token");
        }
        user_id = row.text(0);
    }
    return user(user_id);
}

User Store::user(const std::string& user_id) {
    Lock lock(mutex_);
    Statement row = db_->query("SELECT id, bind_id, available, frozen FROM users WHERE id = ?", {user_id});
    if (!row.step()) throw ApiError(codes::bad_token, "unknown user");
    return User{row.text(0), row.text(1), row.integer(2), row.integer(3)};
}

void Store::settle_frozen(const std::string& user_id, int64_t amount) {
    Lock lock(mutex_);
    db_->exec("UPDATE users SET frozen = CASE WHEN frozen > ? THEN frozen - ? ELSE 0 END WHERE id = ?",
            {amount, amount, user_id});
}

void Store::settle_all_frozen() {
    Lock lock(mutex_);
    db_->exec("UPDATE users SET frozen = 0 WHERE frozen != 0");
}

// [SECTION] sessions and draft history

Session Store::create_session(const std::string& user_id, const std::string& language, const json& canvas) {
    Lock lock(mutex_);
    Transaction tx(*db_);
    Session session{random_hex(), user_id, random_hex(), language, 0};
    db_->exec("INSERT INTO sessions(id, user_id, task_id, language, head, created_at) VALUES(?, ?, ?, ?, 0, ?)",
             {session.id, user_id, session.task_id, language, now_s()});
    db_->exec("INSERT INTO drafts(session_id, seq, draft, canvas) VALUES(?, 0, ?, ?)",
             {session.id, draft::empty_draft().dump(), canvas.dump()});
    tx.commit();
    return session;
}

Session Store::session(const std::string& user_id, const std::string& session_id) {
    Lock lock(mutex_);
    Statement row = db_->query("SELECT id, user_id, task_id, language, head FROM sessions WHERE id = ? AND user_id = ?",
                              {session_id, user_id});
    // Someone else's session reads exactly like a missing one.
    if (!row.step()) throw ApiError(codes::session_not_found, "session not found");
    return Session{row.text(0), row.text(1), row.text(2), row.text(3), row.integer(4)};
}

DraftVersion Store::draft(const Session& session) {
    Lock lock(mutex_);
    const int64_t head = db_->query_int("SELECT head FROM sessions WHERE id = ?", {session.id}).value_or(0);
    Statement row = db_->query("SELECT draft, canvas FROM drafts WHERE session_id = ? AND seq = ?", {session.id, head});
    if (!row.step()) throw DbError("draft missing for session " + session.id);
    DraftVersion version{json::parse(row.text(0)), json::parse(row.text(1)), head, false, false};
    version.can_undo = db_->query_int("SELECT 1 FROM drafts WHERE session_id = ? AND seq < ? LIMIT 1",
                                     {session.id, head}).has_value();
    version.can_redo = db_->query_int("SELECT 1 FROM drafts WHERE session_id = ? AND seq > ? LIMIT 1",
                                     {session.id, head}).has_value();
    return version;
}

std::optional<DraftVersion> Store::draft_at(const Session& session, int64_t seq) {
    Lock lock(mutex_);
    Statement row = db_->query("SELECT draft, canvas FROM drafts WHERE session_id = ? AND seq = ?", {session.id, seq});
    if (!row.step()) return std::nullopt;
    return DraftVersion{json::parse(row.text(0)), json::parse(row.text(1)), seq, false, false};
}

int64_t Store::commit_edit(const Session& session, const json& draft, const json& canvas, int64_t cost) {
    Lock lock(mutex_);
    Transaction tx(*db_);
    int64_t available = 0;
    std::string bind_id;
    {
        Statement row = db_->query("SELECT available, bind_id FROM users WHERE id = ?", {session.user_id});
        if (!row.step()) throw ApiError(codes::bad_token, "unknown user");
        available = row.integer(0);
        bind_id = row.text(1);
    }
    if (available < cost) {
        throw ApiError(codes::no_credits, "no credits left for this edit",
                       {{"bind_id", bind_id}, {"available", available}, {"cost", cost}});
    }
    const int64_t head = db_->query_int("SELECT head FROM sessions WHERE id = ?", {session.id}).value_or(0);
    const int64_t seq = head + 1;
    db_->exec("DELETE FROM drafts WHERE session_id = ? AND seq > ?", {session.id, head});
    db_->exec("INSERT INTO drafts(session_id, seq, draft, canvas) VALUES(?, ?, ?, ?)",
             {session.id, seq, draft.dump(), canvas.dump()});
    db_->exec("DELETE FROM drafts WHERE session_id = ? AND seq <= ?", {session.id, seq - history_limit});
    db_->exec("UPDATE sessions SET head = ? WHERE id = ?", {seq, session.id});
    db_->exec("UPDATE users SET available = available - ?, frozen = frozen + ? WHERE id = ?",
             {cost, cost, session.user_id});
    tx.commit();
    return seq;
}

void Store::move_head(const Session& session, int64_t seq) {
    Lock lock(mutex_);
    db_->exec("UPDATE sessions SET head = ? WHERE id = ?", {seq, session.id});
}

// [SECTION] media

namespace {

std::string mebibytes(int64_t bytes) { return std::to_string((bytes + (1 << 20) - 1) >> 20) + " MB"; }

}  // namespace

void Store::add_media(const std::vector<MediaRecord>& records, const MediaQuota& quota) {
    Lock lock(mutex_);
    Transaction tx(*db_);
    if (!records.empty()) check_quota(records, quota);
    for (const MediaRecord& r : records) {
        db_->exec("INSERT INTO media(id, session_id, name, type, file, mime, size, duration_ms, width, height, "
                 "has_audio, created_at, ord) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                "(SELECT COALESCE(MAX(ord), 0) + 1 FROM media))",
                 {r.info.id, r.session_id, r.info.name, r.info.type, r.file, r.mime, r.info.size,
                  r.info.duration_ms, int64_t(r.info.width), int64_t(r.info.height), int64_t(r.info.has_audio),
                  now_s()});
    }
    tx.commit();
}

// Called under the lock, inside add_media's transaction, so two uploads at once can't both fit.
void Store::check_quota(const std::vector<MediaRecord>& records, const MediaQuota& quota) {
    Statement kept = db_->query("SELECT COUNT(media.id), COALESCE(SUM(media.size), 0) FROM media "
                               "JOIN sessions ON media.session_id = sessions.id WHERE sessions.user_id = "
                               "(SELECT user_id FROM sessions WHERE id = ?)",
                               {records.front().session_id});
    kept.step();
    int64_t incoming = 0;
    for (const MediaRecord& r : records) incoming += r.info.size;
    const int64_t files = kept.integer(0), bytes = kept.integer(1);
    if (files + int64_t(records.size()) > quota.files)
        throw ApiError(codes::too_large, "you can keep at most " + std::to_string(quota.files) + " files; you have " +
                                             std::to_string(files) + ", so these " + std::to_string(records.size()) +
                                             " were not kept",
                       {{"limit_files", quota.files}, {"used_files", files}});
    if (bytes + incoming > quota.bytes)
        throw ApiError(codes::too_large, "you can keep at most " + mebibytes(quota.bytes) + " of media; you have " +
                                             mebibytes(bytes) + ", so these " + mebibytes(incoming) + " were not kept",
                       {{"limit_bytes", quota.bytes}, {"used_bytes", bytes}});
}

std::vector<MediaRecord> Store::session_media(const std::string& session_id) {
    Lock lock(mutex_);
    Statement row = db_->query(std::string("SELECT ") + media_columns + " FROM media WHERE session_id = ? ORDER BY ord",
                              {session_id});
    std::vector<MediaRecord> out;
    while (row.step()) out.push_back(read_media(row, data_dir_));
    return out;
}

std::optional<MediaRecord> Store::media(const std::string& media_id) {
    Lock lock(mutex_);
    Statement row = db_->query(std::string("SELECT ") + media_columns + " FROM media WHERE id = ?", {media_id});
    if (!row.step()) return std::nullopt;
    return read_media(row, data_dir_);
}

std::vector<std::string> Store::media_files() {
    Lock lock(mutex_);
    Statement row = db_->query("SELECT file FROM media");
    std::vector<std::string> out;
    while (row.step()) out.push_back(row.text(0));
    return out;
}

// [SECTION] render jobs and download links

JobRecord Store::read_job(Statement& row) {
    JobRecord job;
    job.key = row.text(0);
    job.id = row.text(1);
    job.user_id = row.text(2);
    job.session_id = row.text(3);
    job.status = row.text(4);
    job.draft = json::parse(row.text(5));
    job.canvas = json::parse(row.text(6));
    job.output = json::parse(row.text(7));
    job.format = row.text(8);
    job.error = row.text(9);
    job.file = row.text(10);
    job.size = row.integer(11);
    job.attempts = row.integer(12);
    job.progress = std::stod(row.text(13).empty() ? "0" : row.text(13));
    return job;
}

std::optional<JobRecord> Store::job(const std::string& user_id, const std::string& id) {
    Lock lock(mutex_);
    Statement row = db_->query(std::string("SELECT ") + job_columns + " FROM jobs WHERE user_id = ? AND id = ?",
                              {user_id, id});
    if (!row.step()) return std::nullopt;
    return read_job(row);
}

bool Store::insert_job(const JobRecord& job) {
    Lock lock(mutex_);
    Transaction tx(*db_);  // `ord` is read and written under the write lock
    db_->exec("INSERT INTO jobs(key, id, user_id, session_id, status, draft, canvas, output, format, created_at, ord) "
              "VALUES(?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(ord), 0) + 1 FROM jobs)) "
              "ON CONFLICT DO NOTHING",
              {job.key, job.id, job.user_id, job.session_id, job.draft.dump(), job.canvas.dump(), job.output.dump(),
               job.format, now_s()});
    const bool inserted = db_->changes() > 0;
    if (inserted) notify_workers();
    tx.commit();
    return inserted;
}

std::optional<JobRecord> Store::claim_job(const std::string& worker, int64_t lease_ms) {
    Lock lock(mutex_);
    Transaction tx(*db_);
    const int64_t now = now_ms();
    // Leases that ran out belong to workers that died: their jobs wait again (the attempt counts).
    db_->exec("UPDATE jobs SET status = 'pending', worker = '' WHERE status = 'processing' AND lease_until < ?", {now});
    // The oldest waiting job of the user whose last render started longest ago, among users with
    // nothing rendering: one render per user, users in turn.
    std::string sql = std::string("SELECT ") + job_columns +
                      " FROM jobs WHERE status = 'pending' AND NOT EXISTS (SELECT 1 FROM jobs AS running "
                      "WHERE running.user_id = jobs.user_id AND running.status = 'processing') "
                      "ORDER BY (SELECT last_render_at FROM users WHERE users.id = jobs.user_id), ord LIMIT 1";
    if (db_->dialect() == Dialect::postgres) sql += " FOR UPDATE SKIP LOCKED";
    std::optional<JobRecord> job;
    {
        Statement row = db_->query(sql);
        if (row.step()) job = read_job(row);
    }
    if (!job) return std::nullopt;
    db_->exec("UPDATE jobs SET status = 'processing', attempts = attempts + 1, worker = ?, lease_until = ?, progress = 0, "
              "cancel_requested = 0 WHERE key = ?",
              {worker, now + lease_ms, job->key});
    db_->exec("UPDATE users SET last_render_at = ? WHERE id = ?", {now, job->user_id});
    tx.commit();
    job->status = "processing";
    job->attempts += 1;
    job->progress = 0;
    return job;
}

Lease Store::renew_lease(const std::string& key, const std::string& worker, int64_t lease_ms, double progress) {
    Lock lock(mutex_);
    Statement row = db_->query("UPDATE jobs SET lease_until = ?, progress = ? WHERE key = ? AND worker = ? "
                               "AND status = 'processing' RETURNING cancel_requested",
                               {now_ms() + lease_ms, progress, key, worker});
    if (!row.step()) return Lease{false, false};
    return Lease{true, row.integer(0) != 0};
}

void Store::release_job(const std::string& key, const std::string& worker) {
    Lock lock(mutex_);
    Transaction tx(*db_);
    db_->exec("UPDATE jobs SET status = 'pending', worker = '', attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END "
              "WHERE key = ? AND worker = ? AND status = 'processing'",
              {key, worker});
    notify_workers();
    tx.commit();
}

bool Store::finish_job(const std::string& key, const std::string& worker, const JobEnd& end) {
    Lock lock(mutex_);
    Transaction tx(*db_);
    db_->exec("UPDATE jobs SET status = ?, file = ?, size = ?, error = ?, worker = '' "
              "WHERE key = ? AND worker = ? AND status = 'processing'",
              {std::string(end.completed ? "completed" : "failed"), end.file, end.size, end.error, key, worker});
    const bool held = db_->changes() > 0;
    notify_workers();  // the user's next job may go now
    tx.commit();
    return held;
}

void Store::cancel_job(const std::string& key, const std::string& reason) {
    Lock lock(mutex_);
    Transaction tx(*db_);
    db_->exec("UPDATE jobs SET status = 'failed', error = ? WHERE key = ? AND status = 'pending'", {reason, key});
    if (db_->changes() == 0) db_->exec("UPDATE jobs SET cancel_requested = 1 WHERE key = ? AND status = 'processing'", {key});
    tx.commit();
}

int64_t Store::waiting_jobs(const std::string& user_id) {
    Lock lock(mutex_);
    return db_->query_int("SELECT COUNT(*) FROM jobs WHERE user_id = ? AND status = 'pending'", {user_id}).value_or(0);
}

void Store::requeue_unfinished_jobs() {
    Lock lock(mutex_);
    db_->exec("UPDATE jobs SET status = 'pending', worker = '' WHERE status = 'processing'");
}

// Wakes the workers that LISTEN on a shared store; delivered when the transaction commits.
void Store::notify_workers() {
    if (db_->dialect() == Dialect::postgres) db_->exec(std::string("NOTIFY ") + kJobsChannel);
}

std::unique_ptr<Wakeups> Store::job_wakeups() const {
    return db_->dialect() == Dialect::postgres ? open_wakeups(store_url_, kJobsChannel) : nullptr;
}

std::vector<JobRecord> Store::session_renders(const std::string& session_id) {
    Lock lock(mutex_);
    Statement row = db_->query(std::string("SELECT ") + job_columns +
                                  " FROM jobs WHERE session_id = ? AND status = 'completed' ORDER BY ord",
                              {session_id});
    std::vector<JobRecord> out;
    while (row.step()) out.push_back(read_job(row));
    return out;
}

std::string Store::download_token(const std::string& job_key, int64_t ttl_s) {
    Lock lock(mutex_);
    const int64_t now = now_s();
    // Reuse a link with at least half its life left, so repeated polls hand out one stable URL.
    Statement row = db_->query("SELECT token FROM links WHERE job_key = ? AND expires_at > ? ORDER BY expires_at DESC",
                              {job_key, now + ttl_s / 2});
    if (row.step()) return row.text(0);
    const std::string token = random_hex(24);
    db_->exec("DELETE FROM links WHERE expires_at <= ?", {now});
    db_->exec("INSERT INTO links(token, job_key, expires_at) VALUES(?, ?, ?)", {token, job_key, now + ttl_s});
    return token;
}

std::optional<DownloadLink> Store::download(const std::string& token) {
    Lock lock(mutex_);
    Statement row = db_->query("SELECT jobs.file, jobs.format, jobs.id FROM links JOIN jobs ON jobs.key = links.job_key "
                              "WHERE links.token = ? AND links.expires_at > ? AND jobs.status = 'completed'",
                              {token, now_s()});
    if (!row.step()) return std::nullopt;
    return DownloadLink{row.text(0), row.text(1), row.text(2)};
}

std::vector<std::string> Store::render_files() {
    Lock lock(mutex_);
    Statement row = db_->query("SELECT file FROM jobs WHERE file != ''");
    std::vector<std::string> out;
    while (row.step()) out.push_back(row.text(0));
    return out;
}

}  // namespace cw::server
