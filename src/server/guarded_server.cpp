#include "guarded_server.hpp"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <string_view>

#include "api_error.hpp"

namespace cw::server {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr size_t kMaxHeaderBytes = 64 * 1024;

bool wait_for(socket_t sock, short events, Clock::duration timeout) {
    const auto until = Clock::now() + timeout;
    for (;;) {
        const auto left = std::chrono::duration_cast<milliseconds>(until - Clock::now()).count();
        pollfd entry{sock, events, 0};
        const int ready = poll(&entry, 1, int(std::max<long long>(0, left)));
        if (ready >= 0 || errno != EINTR) return ready > 0;
    }
}

// The peer has not closed its side: what httplib checks before each write of a stream.
bool peer_open(socket_t sock) {
    if (!wait_for(sock, POLLIN, Clock::duration::zero())) return true;
    char byte = 0;
    return recv(sock, &byte, 1, MSG_PEEK | MSG_DONTWAIT) > 0;
}

void numeric_name(const sockaddr_storage& address, socklen_t length, std::string& ip, int& port) {
    char host[NI_MAXHOST] = "";
    char service[NI_MAXSERV] = "0";
    getnameinfo(reinterpret_cast<const sockaddr*>(&address), length, host, sizeof host, service, sizeof service,
                NI_NUMERICHOST | NI_NUMERICSERV);
    ip = host;
    port = std::atoi(service);
}

std::string peer_address(socket_t sock) {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    std::string ip;
    int port = 0;
    if (getpeername(sock, reinterpret_cast<sockaddr*>(&address), &length) == 0) numeric_name(address, length, ip, port);
    return ip;
}

// A socket whose next request may already sit in a buffer: the header block is read here against a
// deadline, and httplib then parses it from the buffer before reading on from the socket.
class BufferedStream final : public httplib::Stream {
public:
    enum class Header { ready, idle, too_slow, too_large };

    BufferedStream(socket_t sock, std::chrono::seconds read_timeout, std::chrono::seconds write_timeout)
        : sock_(sock), read_timeout_(read_timeout), write_timeout_(write_timeout) {}

    bool has_buffered() const { return pos_ < buffer_.size(); }

    // The next request's header block, as the client sent it (call after read_header_block).
    std::string_view header_block() const {
        const std::string_view rest = std::string_view(buffer_).substr(pos_);
        return rest.substr(0, rest.find("\r\n\r\n"));
    }

    Header read_header_block(Clock::time_point deadline) {
        while (!header_complete()) {
            if (buffer_.size() - pos_ > kMaxHeaderBytes) return Header::too_large;
            if (!wait_for(sock_, POLLIN, deadline - Clock::now())) return has_buffered() ? Header::too_slow : Header::idle;
            char chunk[4096];
            const ssize_t n = recv(sock_, chunk, sizeof chunk, 0);
            if (n <= 0) return Header::idle;
            buffer_.append(chunk, size_t(n));
        }
        return Header::ready;
    }

    bool is_readable() const override { return has_buffered() || wait_for(sock_, POLLIN, read_timeout_); }
    bool is_writable() const override { return wait_for(sock_, POLLOUT, write_timeout_) && peer_open(sock_); }

    ssize_t read(char* ptr, size_t size) override {
        if (has_buffered()) return take_buffered(ptr, size);
        if (!is_readable()) return -1;
        ssize_t n;
        do n = recv(sock_, ptr, size, 0);
        while (n < 0 && errno == EINTR);
        return n;
    }

    ssize_t write(const char* ptr, size_t size) override {
        if (!is_writable()) return -1;
        ssize_t n;
        do n = send(sock_, ptr, size, MSG_NOSIGNAL);
        while (n < 0 && errno == EINTR);
        return n;
    }

    void get_remote_ip_and_port(std::string& ip, int& port) const override {
        name_of(getpeername, ip, port);
    }
    void get_local_ip_and_port(std::string& ip, int& port) const override { name_of(getsockname, ip, port); }
    socket_t socket() const override { return sock_; }

private:
    bool header_complete() const {
        return buffer_.find("\r\n\r\n", pos_) != std::string::npos || buffer_.find("\n\n", pos_) != std::string::npos;
    }

    ssize_t take_buffered(char* ptr, size_t size) {
        const size_t n = std::min(size, buffer_.size() - pos_);
        std::memcpy(ptr, buffer_.data() + pos_, n);
        pos_ += n;
        if (pos_ == buffer_.size()) {
            buffer_.clear();
            pos_ = 0;
        }
        return ssize_t(n);
    }

    template <class Query>
    void name_of(Query query, std::string& ip, int& port) const {
        sockaddr_storage address{};
        socklen_t length = sizeof address;
        if (query(sock_, reinterpret_cast<sockaddr*>(&address), &length) == 0) numeric_name(address, length, ip, port);
    }

    socket_t sock_;
    Clock::duration read_timeout_;
    Clock::duration write_timeout_;
    std::string buffer_;
    size_t pos_ = 0;
};

// Waits for the first byte of the next request in short steps, so that stopping the server does not
// wait out every idle keep-alive connection.
bool wait_for_request(const BufferedStream& stream, const httplib::Server& server, std::chrono::seconds idle) {
    const auto give_up = Clock::now() + idle;
    while (!stream.has_buffered() && !wait_for(stream.socket(), POLLIN, milliseconds(100))) {
        if (!server.is_running() || Clock::now() >= give_up) return false;
    }
    return true;
}

// httplib percent-decodes header values before any handler runs, so "%34…" would read as "4…": a
// token is accepted only as issued, so an Authorization header with an escape is refused here.
bool escaped_authorization(std::string_view block) {
    for (std::size_t line = 0; line < block.size();) {
        const std::size_t end = std::min(block.find("\r\n", line), block.size());
        const std::string_view text = block.substr(line, end - line);
        constexpr std::string_view kName = "authorization:";
        const bool is_authorization =
            text.size() >= kName.size() && std::equal(kName.begin(), kName.end(), text.begin(), [](char a, char b) {
                return a == std::tolower(static_cast<unsigned char>(b));
            });
        if (is_authorization && text.find('%') != std::string_view::npos) return true;
        line = end + 2;
    }
    return false;
}

const char* reason_for(int status) {
    switch (status) {
        case 401: return "Unauthorized";
        case 408: return "Request Timeout";
        case 429: return "Too Many Requests";
        default: return "Request Header Fields Too Large";
    }
}

// Answers without reading the request, then drains briefly: closing with unread bytes would send a
// reset that can destroy the answer before the client reads it.
void refuse(socket_t sock, int status, const std::string& message, int code = 0) {
    const std::string body = envelope(code ? code : status, message).dump();
    const std::string reply = "HTTP/1.1 " + std::to_string(status) + " " + reason_for(status) +
                              "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
                              "\r\nConnection: close\r\nRetry-After: 1\r\n\r\n" + body;
    if (send(sock, reply.data(), reply.size(), MSG_NOSIGNAL) < 0) return;
    shutdown(sock, SHUT_WR);
    char sink[4096];
    const auto until = Clock::now() + milliseconds(500);
    while (wait_for(sock, POLLIN, until - Clock::now()) && recv(sock, sink, sizeof sink, 0) > 0) {
    }
}

}  // namespace

bool ConnectionCount::take(const std::string& address) {
    std::lock_guard lock(mutex_);
    int& open = open_[address];
    if (open >= per_address_) return false;
    ++open;
    return true;
}

void ConnectionCount::give_back(const std::string& address) {
    std::lock_guard lock(mutex_);
    if (--open_[address] <= 0) open_.erase(address);
}

void GuardedServer::widen_backlog() { ::listen(svr_sock_, 512); }

bool GuardedServer::process_and_close_socket(socket_t sock) {
    const std::string address = peer_address(sock);
    if (connections_.take(address)) {
        serve_connection(sock);
        connections_.give_back(address);
    } else {
        refuse(sock, 429, "One address may keep at most " + std::to_string(connections_.per_address()) +
                              " connections open at once. Close one and try again.");
    }
    shutdown(sock, SHUT_RDWR);
    close(sock);
    return true;
}

void GuardedServer::serve_connection(socket_t sock) {
    BufferedStream stream(sock, std::chrono::seconds(read_timeout_sec_), std::chrono::seconds(write_timeout_sec_));
    for (size_t left = keep_alive_max_count_; left > 0; --left) {
        if (!wait_for_request(stream, *this, std::chrono::seconds(keep_alive_timeout_sec_))) return;
        switch (stream.read_header_block(Clock::now() + kHeaderDeadline)) {
            case BufferedStream::Header::ready: break;
            case BufferedStream::Header::idle: return;
            case BufferedStream::Header::too_slow:
                return refuse(sock, 408, "The request's headers took longer than " +
                                             std::to_string(kHeaderDeadline.count()) + " seconds to arrive.");
            case BufferedStream::Header::too_large:
                return refuse(sock, 431, "The request's headers are larger than 64 KB.");
        }
        if (escaped_authorization(stream.header_block()))
            return refuse(sock, http_status_for(codes::bad_token),
                          "the token is not valid; request a new one at /api/auth/anonymous-token", codes::bad_token);
        bool closed = false;
        if (!process_request(stream, left == 1 || !is_running(), closed, nullptr) || closed) return;
    }
}

}  // namespace cw::server
