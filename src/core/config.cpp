// Build-time version and the policies derived from the configured base URL.
#include "core/config.hpp"

#ifndef CW_PROJECT_VERSION
#define CW_PROJECT_VERSION "0.0.0"
#endif

namespace cw::core {

const char* project_version() { return CW_PROJECT_VERSION; }

namespace {

bool contains(const std::string& text, const char* needle) { return text.find(needle) != std::string::npos; }

}  // namespace

BackendKind resolved_backend(const ClientConfig& config) {
    if (config.backend != BackendKind::automatic) return config.backend;
    const std::string& url = config.base_url;
    if (url.empty() || url[0] == '/') return BackendKind::local;
    if (contains(url, "://127.0.0.1") || contains(url, "://localhost") || contains(url, "://[::1]"))
        return BackendKind::local;
    return BackendKind::hosted;
}

std::string registration_url(const ClientConfig& config) {
    if (!config.register_url.empty()) return config.register_url;
    return config.base_url + "/register";
}

}  // namespace cw::core
