// How often jobs are polled: against the local backend every half second while a render may be
// about to finish and every second before that, judged by its progress; against the hosted one the
// advised interval; and never more than two requests per second whatever the number of jobs.
#pragma once
#include <cstddef>
#include <cstdint>
#include <deque>

#include "core/config.hpp"

namespace cw::core {

// A render's progress (0..1) as one poll saw it.
struct ProgressSample {
    std::int64_t at_ms = 0;
    double progress = 0.0;
};

// The time the render needs to finish at the pace seen from `first` to `last`; -1 while that pace
// is unknown (one sample, or no progress between them).
std::int64_t remaining_ms(const ProgressSample& first, const ProgressSample& last);

// Delay before the next poll of a render with `remaining` ms left (-1: unknown).
std::int64_t poll_delay_ms(const ClientConfig& config, std::int64_t remaining = -1);

class RequestRateLimit {
public:
    explicit RequestRateLimit(std::size_t per_second = 2) : per_second_(per_second) {}
    // Records a request at `now_ms` when the limit allows one; false otherwise.
    bool try_acquire(std::int64_t now_ms);
    // Records a request that is sent regardless (e.g. the export POST), so polls make room for it.
    void record(std::int64_t now_ms);

private:
    void forget_before(std::int64_t now_ms);

    std::size_t per_second_;
    std::deque<std::int64_t> recent_;
};

}  // namespace cw::core
