// The upload queue: files are checked (type, size) before any byte is sent, then uploaded one at a
// time so each has its own progress; the results name the media the agent can use.
#pragma once
#include <cstdint>
#include <functional>

#include "core/client_state.hpp"
#include "core/config.hpp"
#include "core/connection.hpp"
#include "core/error_reporter.hpp"
#include "core/transport.hpp"

namespace cw::core {

class Uploads {
public:
    Uploads(Connection& connection, ClientState& state, ErrorReporter& errors, const ClientConfig& config)
        : connection_(connection), state_(state), errors_(errors), config_(config) {}

    // Queues the file, or records it as rejected when the checks fail. Returns the item's id.
    std::uint64_t add(const FileRef& file);
    // Queues media the server fetches from a web address, with the same progress, checks and errors.
    std::uint64_t add_link(const std::string& url);
    void cancel(std::uint64_t id);
    // Starts the next queued file when none is uploading.
    bool update();

    // Runs when the queue empties after at least one upload finished.
    std::function<void()> on_batch_done;

private:
    UploadItem* find(std::uint64_t id);
    void start(UploadItem& item);
    void finished(std::uint64_t id, const nlohmann::json& data);
    void failed(std::uint64_t id, const ApiFailure& failure);

    Connection& connection_;
    ClientState& state_;
    ErrorReporter& errors_;
    const ClientConfig& config_;
    std::uint64_t next_id_ = 1;
    std::uint64_t in_flight_ = 0;  // item id
    CallId call_ = 0;
    bool finished_any_ = false;
};

}  // namespace cw::core
