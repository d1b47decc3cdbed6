// The core's Transport in the browser: requests go out through the JS bridges; each frame pump()
// pulls what arrived (status, bytes, completion, upload progress) as TransportEvents.
#pragma once
#include <map>
#include <vector>

#include "core/transport.hpp"

namespace cw::platform {

class WebTransport : public core::Transport {
public:
    void start(core::RequestId id, const core::HttpRequest& request) override;
    void start_upload(core::RequestId id, const core::UploadRequest& request) override;
    void cancel(core::RequestId id) override;

    // Appends everything that arrived since the last call; finished requests are released.
    void pump(std::vector<core::TransportEvent>& events);
    bool busy() const { return !active_.empty(); }

private:
    struct Active {
        bool status_reported = false;
        bool upload = false;
        double last_sent = -1;
    };
    // Returns true when the request finished (done or failed).
    bool pump_one(core::RequestId id, Active& active, std::vector<core::TransportEvent>& events);

    std::map<core::RequestId, Active> active_;
};

}  // namespace cw::platform
