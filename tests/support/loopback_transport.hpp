// A Transport for tests that talks to a real server over loopback with cpp-httplib. Each request
// runs on its own thread; events queue up and pump() hands them to the Client on the caller's
// thread, as the browser does.
#pragma once
#include <atomic>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/client.hpp"
#include "core/transport.hpp"

namespace cw::test {

class LoopbackTransport : public core::Transport {
public:
    // `files` maps upload handles to paths on disk (the browser's File table, natively).
    LoopbackTransport(std::string host, int port, std::map<int, std::string> files);
    ~LoopbackTransport() override;

    void start(core::RequestId id, const core::HttpRequest& request) override;
    void start_upload(core::RequestId id, const core::UploadRequest& request) override;
    void cancel(core::RequestId id) override;

    // Delivers queued events; returns how many.
    std::size_t pump(core::Client& client);

private:
    void push(core::TransportEvent event);
    bool cancelled(core::RequestId id);
    void run_request(core::RequestId id, core::HttpRequest request);
    void run_upload(core::RequestId id, core::UploadRequest request);

    std::string host_;
    int port_;
    std::map<int, std::string> files_;
    std::mutex mutex_;
    std::deque<core::TransportEvent> events_;
    std::set<core::RequestId> cancelled_;
    std::vector<std::thread> threads_;
    std::atomic<bool> stopping_{false};
};

}  // namespace cw::test
