// The core's Client over the loopback Transport, driven by wall-clock time as the page drives it.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <thread>

#include "core/client.hpp"
#include "loopback_transport.hpp"

namespace cw::test {

inline std::int64_t wall_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

struct LoopbackClient {
    LoopbackClient(int port, std::map<int, std::string> files = {}, core::ClientConfig config = {})
        : transport("127.0.0.1", port, std::move(files)), client(transport, storage, seeded(std::move(config))) {
        client.update(wall_ms());
    }

    bool run_until(const std::function<bool()>& done, int seconds) {
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
        while (std::chrono::steady_clock::now() < deadline) {
            transport.pump(client);
            client.update(wall_ms());
            if (done()) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return false;
    }

    const core::ClientState& state() const { return client.state(); }

    // Messages, errors and jobs, one per line, for failure reports.
    std::string transcript() const {
        std::string text;
        for (const auto& message : state().messages) text += "[" + message.role + "] " + message.text + "\n";
        for (const auto& error : state().errors) text += "[error " + std::to_string(error.code) + "] " + error.message + "\n";
        for (const auto& job : state().jobs)
            text += "[job " + job.id + "] " + to_string(job.status) + " " + std::to_string(job.progress) + " " + job.error + "\n";
        return text;
    }

    static core::ClientConfig seeded(core::ClientConfig config) {
        config.random_seed = static_cast<std::uint64_t>(wall_ms());
        return config;
    }

    LoopbackTransport transport;
    core::MemoryStorage storage;
    core::Client client;
};

}  // namespace cw::test
