// The HTTP server with the two guards httplib lacks: a deadline for each request's header block,
// and a cap on open connections per client address. httplib reads headers with a timeout per read
// only, so a client sending one byte every few seconds could hold a request thread for ever.
#pragma once
#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include <httplib.h>

namespace cw::server {

// Open connections per client address; a slot is taken for a connection's whole life.
class ConnectionCount {
public:
    explicit ConnectionCount(int per_address) : per_address_(per_address) {}

    bool take(const std::string& address);  // false when the address already holds its share
    void give_back(const std::string& address);
    int per_address() const { return per_address_; }

private:
    int per_address_;
    std::mutex mutex_;
    std::map<std::string, int> open_;
};

class GuardedServer : public httplib::Server {
public:
    static constexpr std::chrono::seconds kHeaderDeadline{10};

    explicit GuardedServer(int connections_per_address) : connections_(connections_per_address) {}

    // httplib listens with a backlog of 5; twenty clients connecting at once would see dropped SYNs
    // and one-second retries. Listening again on the bound socket widens the queue.
    void widen_backlog();

private:
    bool process_and_close_socket(socket_t sock) override;
    void serve_connection(socket_t sock);

    ConnectionCount connections_;
};

}  // namespace cw::server
