// cpp-httplib's response handler and content receiver map onto on_status and on_chunk.
#include "loopback_transport.hpp"

#include <fstream>
#include <sstream>

#include <httplib.h>

namespace cw::test {

using core::RequestId;
using core::TransportEvent;

namespace {

constexpr int kReadTimeoutSeconds = 900;  // a chat stream may stay open 15 minutes

TransportEvent event_of(TransportEvent::Kind kind, RequestId id) {
    TransportEvent event;
    event.kind = kind;
    event.id = id;
    return event;
}

httplib::Headers headers_of(const std::vector<core::Header>& headers) {
    httplib::Headers out;
    for (const auto& header : headers) out.emplace(header.name, header.value);
    return out;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

}  // namespace

LoopbackTransport::LoopbackTransport(std::string host, int port, std::map<int, std::string> files)
    : host_(std::move(host)), port_(port), files_(std::move(files)) {}

LoopbackTransport::~LoopbackTransport() {
    stopping_ = true;
    for (std::thread& thread : threads_) thread.join();
}

void LoopbackTransport::start(RequestId id, const core::HttpRequest& request) {
    threads_.emplace_back([this, id, request] { run_request(id, request); });
}

void LoopbackTransport::start_upload(RequestId id, const core::UploadRequest& request) {
    threads_.emplace_back([this, id, request] { run_upload(id, request); });
}

void LoopbackTransport::cancel(RequestId id) {
    std::lock_guard<std::mutex> lock(mutex_);
    cancelled_.insert(id);
}

std::size_t LoopbackTransport::pump(core::Client& client) {
    std::deque<TransportEvent> events;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        events.swap(events_);
    }
    for (const TransportEvent& event : events) {
        if (!cancelled(event.id)) client.deliver(event);
    }
    return events.size();
}

void LoopbackTransport::push(TransportEvent event) {
    std::lock_guard<std::mutex> lock(mutex_);
    events_.push_back(std::move(event));
}

bool LoopbackTransport::cancelled(RequestId id) {
    std::lock_guard<std::mutex> lock(mutex_);
    return cancelled_.count(id) > 0;
}

void LoopbackTransport::run_request(RequestId id, core::HttpRequest request) {
    httplib::Client http(host_, port_);
    http.set_read_timeout(kReadTimeoutSeconds, 0);
    httplib::Request req;
    req.method = request.method;
    req.path = request.url;
    req.headers = headers_of(request.headers);
    req.body = request.body;
    req.response_handler = [this, id](const httplib::Response& response) {
        TransportEvent status = event_of(TransportEvent::Kind::status, id);
        status.http_status = response.status;
        status.content_type = response.get_header_value("Content-Type");
        push(std::move(status));
        return !stopping_;
    };
    req.content_receiver = [this, id](const char* data, size_t length, uint64_t, uint64_t) {
        TransportEvent chunk = event_of(TransportEvent::Kind::chunk, id);
        chunk.data.assign(data, length);
        push(std::move(chunk));
        return !stopping_ && !cancelled(id);
    };
    httplib::Response response;
    httplib::Error error = httplib::Error::Success;
    bool sent = http.send(req, response, error);
    if (!sent) {
        TransportEvent failure = event_of(TransportEvent::Kind::error, id);
        failure.data = httplib::to_string(error);
        push(std::move(failure));
        return;
    }
    push(event_of(TransportEvent::Kind::done, id));
}

void LoopbackTransport::run_upload(RequestId id, core::UploadRequest request) {
    httplib::MultipartFormDataItems items;
    std::uint64_t total = 0;
    for (const core::FileRef& file : request.files) {
        std::string content = read_file(files_.at(file.handle));
        total += content.size();
        items.push_back({request.field, std::move(content), file.name, file.type.empty() ? "application/octet-stream" : file.type});
    }
    TransportEvent progress = event_of(TransportEvent::Kind::upload_progress, id);
    progress.total = total;
    push(progress);
    httplib::Client http(host_, port_);
    http.set_read_timeout(kReadTimeoutSeconds, 0);
    httplib::Result result = http.Post(request.url.c_str(), headers_of(request.headers), items);
    if (!result) {
        TransportEvent failure = event_of(TransportEvent::Kind::error, id);
        failure.data = httplib::to_string(result.error());
        push(std::move(failure));
        return;
    }
    progress.sent = total;
    push(progress);
    TransportEvent status = event_of(TransportEvent::Kind::status, id);
    status.http_status = result->status;
    status.content_type = result->get_header_value("Content-Type");
    push(std::move(status));
    TransportEvent body = event_of(TransportEvent::Kind::chunk, id);
    body.data = result->body;
    push(std::move(body));
    push(event_of(TransportEvent::Kind::done, id));
}

}  // namespace cw::test
