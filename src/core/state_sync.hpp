// Reads the session state (contract §6) into the model: the draft, its summary, canvas and media.
// Requests made while one is running share its answer.
#pragma once
#include <functional>
#include <vector>

#include "core/client_state.hpp"
#include "core/connection.hpp"
#include "core/error_reporter.hpp"

namespace cw::core {

class StateSync {
public:
    StateSync(Connection& connection, ClientState& state, ErrorReporter& errors)
        : connection_(connection), state_(state), errors_(errors) {}

    // `done(ok)` runs once the state is in the model (or could not be read).
    void fetch(std::function<void(bool ok)> done = {});
    // A state response's `data` into the model, as fetch() does with the server's answer.
    void apply(const nlohmann::json& data);

private:
    void finish(bool ok);

    Connection& connection_;
    ClientState& state_;
    ErrorReporter& errors_;
    std::vector<std::function<void(bool)>> waiting_;
    bool running_ = false;
    std::size_t last_fingerprint_ = 0;  // of the last state applied, to see when the draft changed
};

}  // namespace cw::core
