// Turns failures into the error list the status bar shows, with each code's documented advice
// (the registration link for 2001, the accepted formats for 4001, the limit for 4002…).
#pragma once
#include <string>

#include "core/client_state.hpp"
#include "core/config.hpp"
#include "core/connection.hpp"

namespace cw::core {

class ErrorReporter {
public:
    ErrorReporter(ClientState& state, const ClientConfig& config, const Connection& connection)
        : state_(state), config_(config), connection_(connection) {}

    void report(const ApiFailure& failure, const std::string& file_name = {});
    // A bind id seen in a state response; preferred over the session's.
    void note_bind_id(std::string id) { state_bind_id_ = std::move(id); }
    std::string bind_link(const ApiFailure* failure = nullptr) const;

private:
    void add(ErrorEntry entry);

    ClientState& state_;
    const ClientConfig& config_;
    const Connection& connection_;
    std::string state_bind_id_;
};

inline constexpr std::size_t max_errors_kept = 20;

}  // namespace cw::core
