// PostgreSQL through libpq, for any number of servers on one store. The store's SQL uses `?`
// placeholders; they become $1, $2… here. A write transaction takes one advisory lock, so writers
// follow each other as they do on SQLite, across every server and worker on the store.
#include <libpq-fe.h>
#include <poll.h>

#include "db.hpp"

namespace cw::server {

namespace {

constexpr Oid kInt8 = 20, kFloat8 = 701;
constexpr int64_t kWriteLock = 0x436c6970;  // any number, the same in every process on the store

// `?` outside quotes becomes $n, in order.
std::string numbered_placeholders(const std::string& sql) {
    std::string out;
    bool quoted = false;
    int next = 1;
    for (char c : sql) {
        if (c == '\'') quoted = !quoted;
        if (c == '?' && !quoted) out += "$" + std::to_string(next++);
        else out += c;
    }
    return out;
}

class PostgresRows : public Rows {
public:
    explicit PostgresRows(PGresult* result) : result_(result), count_(PQntuples(result)) {}
    ~PostgresRows() override { PQclear(result_); }

    bool step() override { return ++row_ < count_; }
    int64_t integer(int column) const override {
        return is_null(column) ? 0 : std::stoll(PQgetvalue(result_, row_, column));
    }
    std::string text(int column) const override {
        return std::string(PQgetvalue(result_, row_, column), size_t(PQgetlength(result_, row_, column)));
    }
    bool is_null(int column) const override { return PQgetisnull(result_, row_, column) != 0; }

private:
    PGresult* result_;
    int count_;
    int row_ = -1;
};

class PostgresDb : public Db {
public:
    explicit PostgresDb(const std::string& url) : conn_(PQconnectdb(url.c_str())) {
        if (PQstatus(conn_) != CONNECTION_OK) {
            const std::string message = conn_ ? PQerrorMessage(conn_) : "out of memory";
            PQfinish(conn_);
            throw DbError("connect to the PostgreSQL store: " + message);
        }
        exec("SET client_min_messages = warning");  // "relation already exists, skipping" is not news
    }
    ~PostgresDb() override { PQfinish(conn_); }

    Dialect dialect() const override { return Dialect::postgres; }

    Statement query(const std::string& sql, const std::vector<DbValue>& params) override {
        reconnect_if_lost();
        std::vector<std::string> texts(params.size());
        std::vector<const char*> values(params.size(), nullptr);
        std::vector<Oid> types(params.size(), 0);
        for (size_t i = 0; i < params.size(); ++i) {
            if (auto* n = std::get_if<int64_t>(&params[i])) texts[i] = std::to_string(*n), types[i] = kInt8;
            else if (auto* d = std::get_if<double>(&params[i])) texts[i] = std::to_string(*d), types[i] = kFloat8;
            else if (auto* s = std::get_if<std::string>(&params[i])) texts[i] = *s;
            if (!std::holds_alternative<std::nullptr_t>(params[i])) values[i] = texts[i].c_str();
        }
        PGresult* result = PQexecParams(conn_, numbered_placeholders(sql).c_str(), int(params.size()), types.data(),
                                        values.data(), nullptr, nullptr, 0);
        const ExecStatusType status = PQresultStatus(result);
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
            const std::string message = PQresultErrorMessage(result);
            PQclear(result);
            throw DbError("PostgreSQL: " + message + " in " + sql);
        }
        const char* changed = PQcmdTuples(result);
        changes_ = *changed ? std::stoll(changed) : 0;
        return Statement(std::make_unique<PostgresRows>(result));
    }

    int64_t changes() const override { return changes_; }

    void begin_writing() override {
        exec("BEGIN");
        exec("SELECT pg_advisory_xact_lock(?)", {kWriteLock});
    }
    void commit() override { exec("COMMIT"); }
    void rollback() noexcept override { PQclear(PQexec(conn_, "ROLLBACK")); }

    PGconn* connection() {
        reconnect_if_lost();
        return conn_;
    }

private:
    // A store restarted under a running server: the next call connects again instead of failing for ever.
    void reconnect_if_lost() {
        if (PQstatus(conn_) == CONNECTION_BAD) PQreset(conn_);
    }

    PGconn* conn_;
    int64_t changes_ = 0;
};

class PostgresWakeups : public Wakeups {
public:
    PostgresWakeups(const std::string& url, const std::string& channel) : db_(url) {
        db_.exec("LISTEN " + channel);
    }

    bool wait(int timeout_ms) override {
        PGconn* conn = db_.connection();
        if (take_all(conn)) return true;
        pollfd fd{PQsocket(conn), POLLIN, 0};
        if (fd.fd < 0 || poll(&fd, 1, timeout_ms) <= 0) return false;
        PQconsumeInput(conn);
        return take_all(conn);
    }

private:
    static bool take_all(PGconn* conn) {
        bool any = false;
        while (PGnotify* note = PQnotifies(conn)) PQfreemem(note), any = true;
        return any;
    }

    PostgresDb db_;
};

}  // namespace

std::unique_ptr<Wakeups> open_wakeups(const std::string& url, const std::string& channel) {
    return std::make_unique<PostgresWakeups>(url, channel);
}

std::unique_ptr<Db> open_postgres(const std::string& url) { return std::make_unique<PostgresDb>(url); }

}  // namespace cw::server
