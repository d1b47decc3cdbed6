// The in-memory Storage: the default for tests and for pages without localStorage.
#include "core/storage.hpp"

namespace cw::core {

std::optional<std::string> MemoryStorage::get(const std::string& key) const {
    auto found = values_.find(key);
    if (found == values_.end()) return std::nullopt;
    return found->second;
}

void MemoryStorage::set(const std::string& key, const std::string& value) { values_[key] = value; }

void MemoryStorage::remove(const std::string& key) { values_.erase(key); }

}  // namespace cw::core
