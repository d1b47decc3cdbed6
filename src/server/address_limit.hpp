// At most N events per client address in a sliding window: the token endpoint's limit, keyed on
// what a client cannot choose (its address) rather than on an id it makes up.
#pragma once
#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <string>

namespace cw::server {

class AddressLimit {
public:
    using Clock = std::chrono::steady_clock;

    AddressLimit(int per_window, std::chrono::seconds window) : per_window_(per_window), window_(window) {}

    // Counts the event and says whether it is within the limit; a refused one is not counted.
    bool allow(const std::string& address, Clock::time_point now = Clock::now());

    int per_window() const { return per_window_; }

private:
    void forget_before(Clock::time_point oldest);

    int per_window_;
    std::chrono::seconds window_;
    std::mutex mutex_;
    std::map<std::string, std::deque<Clock::time_point>> seen_;
};

}  // namespace cw::server
