// Small shared helpers: random ids, clocks, hashing, display-name cleaning, durable file writes.
#pragma once
#include <chrono>
#include <cstdint>
#include <string>

namespace cw::server {

// 32 hex digits from the kernel's random source: unguessable ids, tokens and links.
std::string random_hex(size_t bytes = 16);

// SHA-256 of a text, in hex: tokens are stored this way, so a copy of the database signs no one in.
std::string sha256_hex(const std::string& text);

int64_t now_s();
int64_t now_ms();  // wall clock, shared by every node on a store
double now_s_precise();

// Stable across runs and platforms (unlike std::hash), for deterministic per-message choices.
uint64_t fnv1a(const std::string& text);

// A user-supplied file name made safe to show: no folders, no control or bidi-override characters,
// valid UTF-8 (other bytes become U+FFFD), at most 200 bytes.
std::string clean_display_name(const std::string& name);

// A transfer that must keep moving, so a peer that trickles cannot hold a thread: it must end within
// `deadline`, and past `grace` its average rate must stay at or above `floor_bytes_per_s`.
class Pace {
public:
    Pace(std::chrono::seconds grace, double floor_bytes_per_s, std::chrono::seconds deadline)
        : started_(std::chrono::steady_clock::now()), grace_(grace), floor_(floor_bytes_per_s), deadline_(deadline) {}

    bool keeps_up(int64_t bytes_so_far) const {
        const auto elapsed = std::chrono::steady_clock::now() - started_;
        const double seconds = std::chrono::duration<double>(elapsed).count();
        return elapsed <= deadline_ && (elapsed <= grace_ || double(bytes_so_far) / seconds >= floor_);
    }

private:
    std::chrono::steady_clock::time_point started_;
    std::chrono::seconds grace_;
    double floor_;
    std::chrono::seconds deadline_;
};

// Flushes a file's (or a folder's) contents to disk so a crash right after cannot lose it.
void fsync_path(const std::string& path);

}  // namespace cw::server
