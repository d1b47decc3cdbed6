// Key/value persistence across reloads (localStorage in the browser), plus an in-memory version.
#pragma once
#include <map>
#include <optional>
#include <string>

namespace cw::core {

class Storage {
public:
    virtual ~Storage() = default;
    virtual std::optional<std::string> get(const std::string& key) const = 0;
    virtual void set(const std::string& key, const std::string& value) = 0;
    virtual void remove(const std::string& key) = 0;
};

class MemoryStorage : public Storage {
public:
    std::optional<std::string> get(const std::string& key) const override;
    void set(const std::string& key, const std::string& value) override;
    void remove(const std::string& key) override;

private:
    std::map<std::string, std::string> values_;
};

// The keys the core uses, in one place so a reload finds what the previous page wrote.
namespace storage_keys {
inline constexpr const char* client_id = "cw.client_id";
inline constexpr const char* token = "cw.token";
inline constexpr const char* token_expires_at = "cw.token_expires_at";
inline constexpr const char* session_id = "cw.session_id";
inline constexpr const char* bind_id = "cw.bind_id";
inline constexpr const char* renders = "cw.renders";
inline constexpr const char* history = "cw.history";
}  // namespace storage_keys

}  // namespace cw::core
