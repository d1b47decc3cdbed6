// SQLite wrapper: errors become DbError, values are bound by position (never spliced into SQL).
#include "db.hpp"

#include <sqlite3.h>

namespace cw::server {

Statement::Statement(sqlite3* db, const std::string& sql, const std::vector<DbValue>& params) : db_(db) {
    if (sqlite3_prepare_v2(db_, sql.c_str(), int(sql.size()), &stmt_, nullptr) != SQLITE_OK) {
        throw DbError(std::string("prepare: ") + sqlite3_errmsg(db_) + " in " + sql);
    }
    for (size_t i = 0; i < params.size(); ++i) {
        const int index = int(i) + 1;
        const DbValue& value = params[i];
        int rc = SQLITE_OK;
        if (std::holds_alternative<std::nullptr_t>(value)) {
            rc = sqlite3_bind_null(stmt_, index);
        } else if (auto* n = std::get_if<int64_t>(&value)) {
            rc = sqlite3_bind_int64(stmt_, index, *n);
        } else if (auto* d = std::get_if<double>(&value)) {
            rc = sqlite3_bind_double(stmt_, index, *d);
        } else {
            const std::string& s = std::get<std::string>(value);
            rc = sqlite3_bind_text(stmt_, index, s.data(), int(s.size()), SQLITE_TRANSIENT);
        }
        if (rc != SQLITE_OK) {
            sqlite3_finalize(stmt_);
            throw DbError(std::string("bind: ") + sqlite3_errmsg(db_));
        }
    }
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

bool Statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw DbError(std::string("step: ") + sqlite3_errmsg(db_));
}

int64_t Statement::integer(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string Statement::text(int column) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    return p ? std::string(p, size_t(sqlite3_column_bytes(stmt_, column))) : std::string();
}

bool Statement::is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

Db::Db(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        nullptr) != SQLITE_OK) {
        const std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
        sqlite3_close(db_);
        throw DbError("open " + path + ": " + message);
    }
    sqlite3_busy_timeout(db_, 5000);
}

Db::~Db() { sqlite3_close(db_); }

void Db::exec(const std::string& sql, const std::vector<DbValue>& params) {
    Statement statement(db_, sql, params);
    while (statement.step()) {
    }
}

Statement Db::query(const std::string& sql, const std::vector<DbValue>& params) {
    return Statement(db_, sql, params);
}

std::optional<int64_t> Db::query_int(const std::string& sql, const std::vector<DbValue>& params) {
    Statement statement(db_, sql, params);
    if (!statement.step() || statement.is_null(0)) return std::nullopt;
    return statement.integer(0);
}

int64_t Db::changes() const { return sqlite3_changes(db_); }

Transaction::Transaction(Db& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
    if (!done_) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
    db_.exec("COMMIT");
    done_ = true;
}

}  // namespace cw::server
