// How often jobs are polled: fast at first against the local backend, the advised interval against
// the hosted one, and never more than two requests per second whatever the number of jobs.
#pragma once
#include <cstddef>
#include <cstdint>
#include <deque>

#include "core/config.hpp"

namespace cw::core {

// Delay before poll number `index` (0 = the first poll after the job was created).
std::int64_t poll_delay_ms(int index, const ClientConfig& config);

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
