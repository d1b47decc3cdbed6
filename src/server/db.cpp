// What both engines share: running a statement for its effect, reading one number, choosing the engine.
#include "db.hpp"

namespace cw::server {

void Db::exec(const std::string& sql, const std::vector<DbValue>& params) {
    Statement statement = query(sql, params);
    while (statement.step()) {
    }
}

std::optional<int64_t> Db::query_int(const std::string& sql, const std::vector<DbValue>& params) {
    Statement statement = query(sql, params);
    if (!statement.step() || statement.is_null(0)) return std::nullopt;
    return statement.integer(0);
}

std::unique_ptr<Db> open_db(const std::string& data_dir, const std::string& url) {
    if (url.empty()) return open_sqlite(data_dir + "/clipwright.db");
    if (url.rfind("postgres://", 0) == 0 || url.rfind("postgresql://", 0) == 0) return open_postgres(url);
    throw DbError("--store takes a postgres:// URL; without it the store is SQLite in the data folder");
}

}  // namespace cw::server
