// localStorage through clipwright_storage.js.
#include "platform/web_storage.hpp"

#include "platform/bridge_string.hpp"
#include "platform/bridges.hpp"

namespace cw::platform {

std::optional<std::string> WebStorage::get(const std::string& key) const {
    return read_bridge_string([&](char* buf, int cap) { return cw_storage_get(key.c_str(), buf, cap); });
}

void WebStorage::set(const std::string& key, const std::string& value) { cw_storage_set(key.c_str(), value.c_str()); }

void WebStorage::remove(const std::string& key) { cw_storage_remove(key.c_str()); }

}  // namespace cw::platform
