// A thin RAII layer over SQLite: one connection, prepared statements with bound values, transactions.
#pragma once
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace cw::server {

struct DbError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

using DbValue = std::variant<std::nullptr_t, int64_t, double, std::string>;

class Statement {
public:
    Statement(sqlite3* db, const std::string& sql, const std::vector<DbValue>& params);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    bool step();  // true while a row is available
    int64_t integer(int column) const;
    std::string text(int column) const;
    bool is_null(int column) const;

private:
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

class Db {
public:
    explicit Db(const std::string& path);
    ~Db();
    Db(const Db&) = delete;
    Db& operator=(const Db&) = delete;

    void exec(const std::string& sql, const std::vector<DbValue>& params = {});
    Statement query(const std::string& sql, const std::vector<DbValue>& params = {});
    std::optional<int64_t> query_int(const std::string& sql, const std::vector<DbValue>& params = {});
    int64_t changes() const;

    sqlite3* handle() { return db_; }

private:
    sqlite3* db_ = nullptr;
};

// Commits on commit(), rolls back when left early (an exception or an early return).
class Transaction {
public:
    explicit Transaction(Db& db);
    ~Transaction();
    void commit();

private:
    Db& db_;
    bool done_ = false;
};

}  // namespace cw::server
