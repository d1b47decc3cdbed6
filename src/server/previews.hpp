// Extension of the local backend: the player's preview of a session's current draft version. It is
// the export's render graph at a small size and frame rate with the fastest encoder, made by one
// worker. A newer version of a session stops its older one's render at once. Previews are free, are
// not exports, and live only as long as this run; a session keeps its last few, so undo is instant.
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "config.hpp"
#include "store.hpp"

namespace cw::server {

class Previews {
public:
    static constexpr int kMaxSide = 640;  // long side of a preview, in pixels
    static constexpr int kMaxFps = 15;

    Previews(Store& store, const Config& config);
    ~Previews();

    void start();
    void stop();
    void remove_leftovers();  // previews of earlier runs

    // {"version", "state": ready|rendering|failed|empty, and "url", "width", "height", "fps" when
    // ready or "error" when failed}. Asking for a version that has no preview yet starts one.
    nlohmann::json latest(const Session& session, const std::string& origin);

    // The file behind a preview URL's name, while it is kept.
    std::optional<std::string> file(const std::string& name);

private:
    struct Wanted {
        std::string key;  // the draft version: its history position and its content
        int64_t seq = 0;
        nlohmann::json draft;
        nlohmann::json canvas;
    };
    struct Made {
        std::string key;
        std::string name;  // the file's unguessable name, "" when failed
        std::string error;
        int width = 0, height = 0, fps = 0;
    };

    void worker_loop();
    void make(const std::string& session_id, const Wanted& wanted);
    void keep(const std::string& session_id, Made made);
    std::string superseded(const std::string& session_id, const std::string& key);
    nlohmann::json reply(const Made& made, int64_t seq, const std::string& origin) const;

    Store& store_;
    const Config& config_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::map<std::string, Wanted> wanted_;            // by session: the newest version asked for
    std::map<std::string, std::deque<Made>> made_;    // by session, newest last
    std::map<std::string, std::string> files_;        // name → path
    std::string running_session_, running_key_;
    std::atomic<bool> stopping_{false};
    std::thread worker_;
};

}  // namespace cw::server
