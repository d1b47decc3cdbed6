// Pull side of the HTTP and upload bridges.
#include "platform/web_transport.hpp"

#include <string>

#include <nlohmann/json.hpp>

#include "platform/bridge_string.hpp"
#include "platform/bridges.hpp"

namespace cw::platform {
namespace {

constexpr int kReadChunk = 64 * 1024;

std::string headers_json(const std::vector<core::Header>& headers) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& h : headers) out[h.name] = h.value;
    return out.dump();
}

core::TransportEvent event(core::TransportEvent::Kind kind, core::RequestId id) {
    core::TransportEvent e;
    e.kind = kind;
    e.id = id;
    return e;
}

}  // namespace

void WebTransport::start(core::RequestId id, const core::HttpRequest& request) {
    active_[id] = Active{};
    cw_http_start(static_cast<int>(id), request.method.c_str(), request.url.c_str(), headers_json(request.headers).c_str(),
                  request.body.data(), static_cast<int>(request.body.size()));
}

void WebTransport::start_upload(core::RequestId id, const core::UploadRequest& request) {
    Active active;
    active.upload = true;
    active_[id] = active;
    nlohmann::json handles = nlohmann::json::array();
    for (const auto& f : request.files) handles.push_back(f.handle);
    cw_upload_start(static_cast<int>(id), request.url.c_str(), headers_json(request.headers).c_str(),
                    handles.dump().c_str(), request.field.c_str());
}

void WebTransport::cancel(core::RequestId id) {
    cw_http_cancel(static_cast<int>(id));
    active_.erase(id);
}

void WebTransport::pump(std::vector<core::TransportEvent>& events) {
    for (auto it = active_.begin(); it != active_.end();) {
        if (pump_one(it->first, it->second, events)) {
            cw_http_release(static_cast<int>(it->first));
            it = active_.erase(it);
        } else {
            ++it;
        }
    }
}

bool WebTransport::pump_one(core::RequestId id, Active& active, std::vector<core::TransportEvent>& events) {
    const int handle = static_cast<int>(id);
    if (active.upload) {
        double sent = 0, total = 0;
        if (cw_upload_progress(handle, &sent, &total) && sent != active.last_sent) {
            active.last_sent = sent;
            auto e = event(core::TransportEvent::Kind::upload_progress, id);
            e.sent = static_cast<std::uint64_t>(sent);
            e.total = static_cast<std::uint64_t>(total);
            events.push_back(e);
        }
    }
    const int status = cw_http_status(handle);
    if (!active.status_reported && status > 0) {
        active.status_reported = true;
        auto e = event(core::TransportEvent::Kind::status, id);
        e.http_status = status;
        e.content_type =
            read_bridge_string([&](char* buf, int cap) { return cw_http_content_type(handle, buf, cap); }).value_or("");
        events.push_back(e);
    }
    std::string bytes(kReadChunk, '\0');
    for (int n; (n = cw_http_read(handle, bytes.data(), kReadChunk)) > 0;) {
        auto e = event(core::TransportEvent::Kind::chunk, id);
        e.data.assign(bytes.data(), static_cast<size_t>(n));
        events.push_back(std::move(e));
    }
    const int phase = cw_http_phase(handle);
    if (phase == 1) {
        events.push_back(event(core::TransportEvent::Kind::done, id));
        return true;
    }
    if (phase == 2) {
        auto e = event(core::TransportEvent::Kind::error, id);
        e.data = read_bridge_string([&](char* buf, int cap) { return cw_http_error(handle, buf, cap); }).value_or("");
        events.push_back(std::move(e));
        return true;
    }
    return false;
}

}  // namespace cw::platform
