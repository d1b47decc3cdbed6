// One simulated user of the load tool: signs in, opens a session, uploads, chats, exports and checks
// after every step that nothing it was told succeeded has gone missing.
#pragma once
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "harness.hpp"

namespace cw::load {

using nlohmann::json;

// Everything the users of one run count, shared between their threads.
class Stats {
public:
    void request(int n = 1);
    void fail(const std::string& why);   // a request that should have succeeded, or a broken stream
    void lose(const std::string& why);   // an acknowledged edit, charge or file that is not there
    void first_event(double ms);
    void export_done(double ms);

    struct Figures {
        int64_t requests = 0, failures = 0, lost = 0;
        std::vector<double> first_event_ms, export_ms;
        std::vector<std::string> problems;  // the first few, for the report
    };
    Figures figures();

private:
    std::mutex mutex_;
    Figures figures_;
};

struct Scenario {
    std::vector<int> ports;  // the API servers; a user's requests take them in turn
    std::string clip_path;   // generated once, uploaded by every user
    bool exports = false;    // this user also renders and downloads
    bool gif = true;         // a GIF export, else a 360p MP4
    int initial_credits = 100;
    int edit_cost = 10;
};

// Runs the whole scenario once with a fresh token and session; problems go to `stats`.
void run_user(const Scenario& scenario, Stats& stats);

}  // namespace cw::load
