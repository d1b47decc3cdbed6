// The embedded engine: one SQLite connection in WAL mode with synchronous=FULL, so an acknowledged
// write survives power loss, not only a crash. BEGIN IMMEDIATE takes the one write lock.
#include <sqlite3.h>

#include "db.hpp"

namespace cw::server {

namespace {

class SqliteRows : public Rows {
public:
    SqliteRows(sqlite3* db, const std::string& sql, const std::vector<DbValue>& params) : db_(db) {
        if (sqlite3_prepare_v2(db_, sql.c_str(), int(sql.size()), &stmt_, nullptr) != SQLITE_OK)
            throw DbError(std::string("prepare: ") + sqlite3_errmsg(db_) + " in " + sql);
        for (size_t i = 0; i < params.size(); ++i) {
            if (bind(int(i) + 1, params[i]) != SQLITE_OK) {
                sqlite3_finalize(stmt_);
                throw DbError(std::string("bind: ") + sqlite3_errmsg(db_));
            }
        }
    }
    ~SqliteRows() override { sqlite3_finalize(stmt_); }

    bool step() override {
        const int rc = sqlite3_step(stmt_);
        if (rc == SQLITE_ROW) return true;
        if (rc == SQLITE_DONE) return false;
        throw DbError(std::string("step: ") + sqlite3_errmsg(db_));
    }
    int64_t integer(int column) const override { return sqlite3_column_int64(stmt_, column); }
    std::string text(int column) const override {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
        return p ? std::string(p, size_t(sqlite3_column_bytes(stmt_, column))) : std::string();
    }
    bool is_null(int column) const override { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

private:
    int bind(int index, const DbValue& value) {
        if (std::holds_alternative<std::nullptr_t>(value)) return sqlite3_bind_null(stmt_, index);
        if (auto* n = std::get_if<int64_t>(&value)) return sqlite3_bind_int64(stmt_, index, *n);
        if (auto* d = std::get_if<double>(&value)) return sqlite3_bind_double(stmt_, index, *d);
        const std::string& s = std::get<std::string>(value);
        return sqlite3_bind_text(stmt_, index, s.data(), int(s.size()), SQLITE_TRANSIENT);
    }

    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

class SqliteDb : public Db {
public:
    explicit SqliteDb(const std::string& path) {
        if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                            nullptr) != SQLITE_OK) {
            const std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
            sqlite3_close(db_);
            throw DbError("open " + path + ": " + message);
        }
        sqlite3_busy_timeout(db_, 5000);
        exec("PRAGMA journal_mode=WAL");
        exec("PRAGMA synchronous=FULL");
        exec("PRAGMA foreign_keys=ON");
    }
    ~SqliteDb() override { sqlite3_close(db_); }

    Dialect dialect() const override { return Dialect::sqlite; }
    Statement query(const std::string& sql, const std::vector<DbValue>& params) override {
        return Statement(std::make_unique<SqliteRows>(db_, sql, params));
    }
    int64_t changes() const override { return sqlite3_changes(db_); }
    void begin_writing() override { exec("BEGIN IMMEDIATE"); }
    void commit() override { exec("COMMIT"); }
    void rollback() noexcept override { sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr); }

private:
    sqlite3* db_ = nullptr;
};

}  // namespace

std::unique_ptr<Db> open_sqlite(const std::string& path) { return std::make_unique<SqliteDb>(path); }

}  // namespace cw::server
