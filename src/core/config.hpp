// Settings of the client core: where the backend is, how it identifies itself, and its timing policy.
#pragma once
#include <cstdint>
#include <string>

#include "draft/media_types.hpp"

namespace cw::core {

// The hosted service asks for slow polling; the local backend allows fast polling.
enum class BackendKind { automatic, local, hosted };

struct ClientConfig {
    std::string base_url;                 // "" = the page's own origin (relative URLs)
    std::string app_id = "clipwright";    // X-Skill-Source
    std::string platform = "web";         // X-Skill-Platform
    std::string language = "en";          // language of new sessions
    BackendKind backend = BackendKind::automatic;
    std::int64_t max_upload_bytes = draft::kDefaultMaxUploadBytes;
    std::int64_t hosted_poll_interval_ms = 30000;
    // Local renders: polled this often while they may end soon (or report no pace yet)…
    std::int64_t local_poll_fast_ms = 500;
    // …and this often while their progress says more than that much time is left.
    std::int64_t local_poll_slow_ms = 1000;
    std::int64_t still_working_interval_ms = 60000;
    std::int64_t state_poll_interval_ms = 3000;
    int state_settle_polls = 5;           // unchanged polls after a broken stream before giving up
    std::string register_url;             // "" = base_url + "/register"
    bool registered = false;              // registered users top up instead of binding
    std::uint64_t random_seed = 1;        // the platform passes real entropy; tests pass a constant
};

// The project version (X-Skill-Version), fixed at build time.
const char* project_version();

// Local or hosted, resolving `automatic` from the base URL: same origin or a loopback host is local.
BackendKind resolved_backend(const ClientConfig& config);

std::string registration_url(const ClientConfig& config);

}  // namespace cw::core
