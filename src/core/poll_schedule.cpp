// A finished render should show its download within a second of finishing, and two requests a
// second is the most any client may send: polls half a second apart meet both. A render that
// reports steady progress is polled once a second until its last second.
#include "core/poll_schedule.hpp"

#include <algorithm>
#include <cmath>

namespace cw::core {

namespace {

constexpr std::int64_t kWindowMs = 1000;

}  // namespace

std::int64_t remaining_ms(const ProgressSample& first, const ProgressSample& last) {
    const double gained = last.progress - first.progress;
    const std::int64_t elapsed = last.at_ms - first.at_ms;
    if (gained <= 0 || elapsed <= 0 || last.progress >= 1.0) return -1;
    const double left = (1.0 - last.progress) / gained * static_cast<double>(elapsed);
    return std::isfinite(left) ? static_cast<std::int64_t>(std::min(left, 1e12)) : -1;
}

std::int64_t poll_delay_ms(const ClientConfig& config, std::int64_t remaining) {
    if (resolved_backend(config) == BackendKind::hosted) return config.hosted_poll_interval_ms;
    const bool may_end_soon = remaining < 0 || remaining <= config.local_poll_slow_ms;
    return may_end_soon ? config.local_poll_fast_ms : config.local_poll_slow_ms;
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
