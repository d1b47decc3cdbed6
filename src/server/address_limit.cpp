#include "address_limit.hpp"

namespace cw::server {

namespace {
constexpr std::size_t kAddressesBeforeSweep = 10000;  // bounds memory when many addresses pass by once
}

bool AddressLimit::allow(const std::string& address, Clock::time_point now) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (seen_.size() > kAddressesBeforeSweep) forget_before(now - window_);
    auto& times = seen_[address];
    while (!times.empty() && times.front() <= now - window_) times.pop_front();
    if (static_cast<int>(times.size()) >= per_window_) return false;
    times.push_back(now);
    return true;
}

void AddressLimit::forget_before(Clock::time_point oldest) {
    for (auto it = seen_.begin(); it != seen_.end();) {
        while (!it->second.empty() && it->second.front() <= oldest) it->second.pop_front();
        it = it->second.empty() ? seen_.erase(it) : std::next(it);
    }
}

}  // namespace cw::server
