// Transport events into the client: the same for every platform.
#include "platform/platform.hpp"

namespace cw::platform {

void deliver(const core::TransportEvent& event, core::Client& client) {
    using Kind = core::TransportEvent::Kind;
    switch (event.kind) {
        case Kind::status: client.on_status(event.id, event.http_status, event.content_type); break;
        case Kind::chunk: client.on_chunk(event.id, event.data); break;
        case Kind::done: client.on_done(event.id); break;
        case Kind::error: client.on_error(event.id, event.data); break;
        case Kind::upload_progress: client.on_upload_progress(event.id, event.sent, event.total); break;
    }
}

}  // namespace cw::platform
