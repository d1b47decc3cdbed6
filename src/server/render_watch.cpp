#include "render_watch.hpp"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>

#include "draft/edit.hpp"
#include "draft/schema.hpp"

namespace cw::server {

Watchdog::Watchdog(std::chrono::seconds deadline, std::chrono::seconds stall, const std::atomic<bool>& shutdown,
                   std::function<std::string()> cancelled)
    : started_(std::chrono::steady_clock::now()), deadline_(deadline), stall_(stall), shutdown_(shutdown),
      cancelled_(std::move(cancelled)),
      thread_([this] { watch(); }) {}

void Watchdog::progressed(double value) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (value > last_progress_ + 1e-6) last_progress_ = value, last_change_ = std::chrono::steady_clock::now();
}

std::string Watchdog::finish() {
    done_ = true;
    if (thread_.joinable()) thread_.join();
    return reason_;
}

void Watchdog::watch() {
    while (!done_ && !stop) {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        const auto now = std::chrono::steady_clock::now();
        std::lock_guard<std::mutex> lock(mutex_);
        if (shutdown_) {
            stop = true;
        } else if (std::string why = cancelled_(); !why.empty()) {
            reason_ = why, stop = true;
        } else if (now - started_ > deadline_) {
            reason_ = "the render took longer than its limit of " + std::to_string(deadline_.count()) + " s and was stopped";
            stop = true;
        } else if (now - last_change_ > stall_) {
            reason_ = "the render made no progress for " + std::to_string(stall_.count()) + " s and was stopped";
            stop = true;
        }
    }
}

// ffmpeg renders 1080p at several times real time here; ten times the timeline plus a minute covers
// slow machines.
std::chrono::seconds render_deadline(const nlohmann::json& draft, const nlohmann::json& output) {
    const double length_s = static_cast<double>(draft::timeline_end(draft)) / 1000.0;
    const double width = std::max(320.0, draft::json_number(output, "width", 1920));
    const double size_factor = std::max(1.0, width / 1920.0);
    return std::chrono::seconds(static_cast<int64_t>(60 + 10 * length_s * size_factor));
}

void lower_thread_priority(int nice_value) {
    // Linux keeps the nice value per thread.
    setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), nice_value);
}

std::string without_paths(std::string message, const std::string& data_dir) {
    for (std::size_t at = message.find(data_dir); !data_dir.empty() && at != std::string::npos; at = message.find(data_dir, at))
        message.erase(at, data_dir.size());
    return message;
}

}  // namespace cw::server
