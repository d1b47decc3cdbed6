// Doubling from 250 ms reaches the local cap within a few polls, so a short render is seen finish
// quickly without hammering the server during a long one.
#include "core/poll_schedule.hpp"

#include <algorithm>

namespace cw::core {

namespace {

constexpr std::int64_t kFirstLocalDelayMs = 250;
constexpr std::int64_t kWindowMs = 1000;

}  // namespace

std::int64_t poll_delay_ms(int index, const ClientConfig& config) {
    if (resolved_backend(config) == BackendKind::hosted) return config.hosted_poll_interval_ms;
    std::int64_t delay = kFirstLocalDelayMs;
    for (int i = 0; i < index && delay < config.local_poll_cap_ms; ++i) delay *= 2;
    return std::min(delay, config.local_poll_cap_ms);
}

bool RequestRateLimit::try_acquire(std::int64_t now_ms) {
    forget_before(now_ms);
    if (recent_.size() >= per_second_) return false;
    recent_.push_back(now_ms);
    return true;
}

void RequestRateLimit::record(std::int64_t now_ms) {
    forget_before(now_ms);
    recent_.push_back(now_ms);
}

void RequestRateLimit::forget_before(std::int64_t now_ms) {
    while (!recent_.empty() && recent_.front() <= now_ms - kWindowMs) recent_.pop_front();
}

}  // namespace cw::core
