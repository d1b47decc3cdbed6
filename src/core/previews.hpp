// The player's preview, from the local backend's preview extension: asked for whenever the draft
// changes and polled while it is made. The last ready preview stays in the model meanwhile, so the
// player keeps showing it with an "updating" mark. A backend without the extension answers 404:
// the model then says so, and the player offers an ordinary low-quality export instead.
#pragma once
#include <cstdint>

#include <nlohmann/json.hpp>

#include "core/client_state.hpp"
#include "core/connection.hpp"

namespace cw::core {

class Previews {
public:
    static constexpr std::int64_t kPollMs = 300;
    static constexpr std::int64_t kRetryMs = 3000;  // after a failed request

    Previews(Connection& connection, ClientState& state) : connection_(connection), state_(state) {}

    bool update(std::int64_t now_ms);
    // INT64_MAX when nothing is being waited for.
    std::int64_t next_poll_due_ms() const { return next_poll_ms_; }

private:
    void ask();
    void on_answer(const nlohmann::json& data);
    void on_failure(const ApiFailure& failure);

    Connection& connection_;
    ClientState& state_;
    std::uint64_t asked_draft_revision_ = 0;
    std::int64_t next_poll_ms_ = INT64_MAX;
    std::int64_t now_ms_ = 0;
    bool in_flight_ = false;
    bool changed_ = false;
};

}  // namespace cw::core
