// What every render of the server runs under, exports and previews alike: a deadline for its length
// and size, a watchdog for stalls, a lower CPU priority, and errors without the server's folders.
#pragma once
#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

namespace cw::server {

// Stops a render that runs past its deadline or stops making progress, that its owner cancels, or
// when the server stops; says why, unless the reason was the server stopping. `cancelled` is asked
// five times a second and returns its reason, or "" to go on.
class Watchdog {
public:
    Watchdog(std::chrono::seconds deadline, std::chrono::seconds stall, const std::atomic<bool>& shutdown,
             std::function<std::string()> cancelled);
    ~Watchdog() { finish(); }

    void progressed(double value);
    std::string finish();  // the reason it stopped the render, "" if it did not

    std::atomic<bool> stop{false};

private:
    void watch();

    std::chrono::steady_clock::time_point started_;
    std::chrono::steady_clock::time_point last_change_ = std::chrono::steady_clock::now();
    std::chrono::seconds deadline_;
    std::chrono::seconds stall_;
    const std::atomic<bool>& shutdown_;
    std::function<std::string()> cancelled_;
    std::mutex mutex_;
    double last_progress_ = -1;
    std::string reason_;
    std::atomic<bool> done_{false};
    std::thread thread_;
};

// What a render may take: generous for its length and size, never unbounded.
std::chrono::seconds render_deadline(const nlohmann::json& draft, const nlohmann::json& output);

// Renders yield the CPU to chat and uploads; ffmpeg children started from this thread inherit it.
void lower_thread_priority(int nice_value);

// Failure messages are for users: the server's own folders are no business of theirs.
std::string without_paths(std::string message, const std::string& data_dir);

}  // namespace cw::server
