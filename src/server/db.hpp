// One small database interface with two engines behind it: SQLite in the data folder (the embedded
// default) and PostgreSQL through libpq (`--store postgres://…`), for servers that share one store.
// The store writes its SQL once, in the dialect both accept; values are always bound, never spliced.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

namespace cw::server {

struct DbError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

using DbValue = std::variant<std::nullptr_t, int64_t, double, std::string>;

// The rows of one query, read forward once.
class Rows {
public:
    virtual ~Rows() = default;
    virtual bool step() = 0;  // true while a row is available
    virtual int64_t integer(int column) const = 0;
    virtual std::string text(int column) const = 0;
    virtual bool is_null(int column) const = 0;
};

class Statement {
public:
    explicit Statement(std::unique_ptr<Rows> rows) : rows_(std::move(rows)) {}

    bool step() { return rows_->step(); }
    int64_t integer(int column) const { return rows_->integer(column); }
    std::string text(int column) const { return rows_->text(column); }
    bool is_null(int column) const { return rows_->is_null(column); }

private:
    std::unique_ptr<Rows> rows_;
};

enum class Dialect { sqlite, postgres };

class Db {
public:
    virtual ~Db() = default;

    virtual Dialect dialect() const = 0;
    virtual Statement query(const std::string& sql, const std::vector<DbValue>& params = {}) = 0;
    virtual int64_t changes() const = 0;  // rows changed by the last statement

    void exec(const std::string& sql, const std::vector<DbValue>& params = {});
    std::optional<int64_t> query_int(const std::string& sql, const std::vector<DbValue>& params = {});

    // A write transaction excludes every other writer until it ends, in this process and in every
    // other one on the same store: the store's read-check-write steps (credits, quotas, history)
    // rely on it.
    virtual void begin_writing() = 0;
    virtual void commit() = 0;
    virtual void rollback() noexcept = 0;
};

// Notifications on one channel, on a connection of their own (PostgreSQL's LISTEN).
class Wakeups {
public:
    virtual ~Wakeups() = default;
    // True when a notification came within `timeout_ms`; any that queued up are all taken.
    virtual bool wait(int timeout_ms) = 0;
};

std::unique_ptr<Wakeups> open_wakeups(const std::string& url, const std::string& channel);

// An empty `url` opens `<data_dir>/clipwright.db`; postgres:// and postgresql:// URLs open PostgreSQL.
std::unique_ptr<Db> open_db(const std::string& data_dir, const std::string& url);
std::unique_ptr<Db> open_sqlite(const std::string& path);
std::unique_ptr<Db> open_postgres(const std::string& url);

// Commits on commit(), rolls back when left early (an exception or an early return).
class Transaction {
public:
    explicit Transaction(Db& db) : db_(db) { db_.begin_writing(); }
    ~Transaction() {
        if (!done_) db_.rollback();
    }
    void commit() {
        db_.commit();
        done_ = true;
    }

private:
    Db& db_;
    bool done_ = false;
};

}  // namespace cw::server
