// Test harness: starts clipwright-server as a child process, talks the API contract to it, parses
// its SSE streams, and makes small media files with ffmpeg.
#pragma once
#include <sys/types.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

namespace cw::test {

using nlohmann::json;

// A fresh folder under /tmp, removed with everything in it.
struct TempDir {
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    std::string path;
};

// With CW_TEST_POSTGRES set (tests/support/with_postgres.sh), the --store URL of a database of its
// own for the data folder, made when missing; otherwise "" (SQLite in the data folder).
std::string test_store_url(const std::string& data_dir);

// The real server binary on 127.0.0.1 with a free port; stopped with SIGTERM when destroyed.
class ServerProcess {
public:
    // Without data_dir the server gets a temporary one.
    explicit ServerProcess(const std::vector<std::string>& extra_args = {}, const std::string& data_dir = "",
                           const std::vector<std::string>& environment = {});
    ~ServerProcess();
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    int terminate();  // SIGTERM, then the exit code
    void kill_hard();  // SIGKILL, as a crash would
    pid_t pid() const { return pid_; }  // -1 once stopped

    int port = 0;
    std::string data_dir;
    std::string url;   // as printed by the server

private:
    TempDir own_data_;
    pid_t pid_ = -1;
};

// tests/adk/front.mjs over a running server: one origin where /run_sse reaches a real ADK API
// server with the scripted agent and everything else reaches the server; stopped when destroyed.
class FrontProcess {
public:
    explicit FrontProcess(const ServerProcess& server);
    ~FrontProcess();
    FrontProcess(const FrontProcess&) = delete;
    FrontProcess& operator=(const FrontProcess&) = delete;

    int port = 0;

private:
    pid_t pid_ = -1;
};

struct Reply {
    int status = 0;      // HTTP status, 0 when the request failed
    json body;           // parsed envelope (null when not JSON)
    std::string raw;
    std::string content_type;
    int code() const { return body.is_object() ? body.value("code", -1) : -1; }
    const json& data() const { return body["data"]; }
};

struct SseResult {
    int status = 0;
    std::string error;   // why the request or the stream broke; empty when it ended normally
    std::string content_type;
    std::string raw;
    double first_byte_ms = -1;
    std::vector<std::string> comments;
    std::vector<json> events;
    json envelope;       // when the server answered with JSON instead of a stream
    std::vector<std::string> texts(bool partial) const;
    std::vector<json> parts_with(const std::string& key) const;  // parts holding functionCall etc.
};

// Parses a WHATWG event stream: "data:" lines (joined with "\n"), ":" comments, CRLF or LF.
void parse_sse(const std::string& raw, std::vector<std::string>& comments, std::vector<json>& events);

class Api {
public:
    explicit Api(int port);

    Reply post(const std::string& path, const json& body, const httplib::Headers& extra = {});
    Reply get(const std::string& path);
    Reply upload(const std::string& session, const std::vector<std::pair<std::string, std::string>>& files);
    SseResult chat(const std::string& session, const std::string& message);  // fails the test when it breaks
    // POST /run_sse with any body, read as a stream (or an envelope when the server answers JSON).
    SseResult stream_run_sse(const json& body, const std::function<bool(const std::string&)>& on_bytes = {});
    // The same without asserting, for load and fault tests; `on_bytes` sees the raw stream so far
    // and may return false to hang up.
    SseResult stream_chat(const std::string& session, const std::string& message,
                          const std::function<bool(const std::string&)>& on_bytes = {});

    // Contract steps that must succeed; they fail the test otherwise.
    std::string sign_in(const std::string& client_id = "");
    std::string new_session(const std::string& language = "en");
    json state(const std::string& session);
    json upload_ok(const std::string& session, const std::vector<std::pair<std::string, std::string>>& files);
    json export_and_wait(const std::string& session, const json& output, int timeout_s = 240);
    json wait_for_render(const std::string& id, int timeout_s = 240);  // its status once completed or failed

    httplib::Headers headers() const;

    int port;
    std::string token;
    bool attribution = true;  // send the X-Skill-* headers
};

std::string unique_id(const std::string& prefix);

// Runs ffmpeg with the given arguments (after "-v error -y"); fails the test when it fails.
void ffmpeg(const std::vector<std::string>& args);
std::string make_clip(const std::string& dir, const std::string& name, int seconds, int width, int height,
                      bool with_audio = true);
std::string make_image(const std::string& dir, const std::string& name, int width, int height, const std::string& color);
std::string make_tone(const std::string& dir, const std::string& name, int seconds);
json ffprobe(const std::string& path);
double probe_duration_s(const json& info);

// GET an absolute URL with no headers at all; the body goes to `save_to` when given.
Reply fetch_plain(const std::string& url, const std::string& save_to = "");

size_t count_files(const std::string& dir);

// Peak resident memory of a live process (VmHWM from /proc/<pid>/status), in KB; -1 if unknown.
long peak_rss_kb(pid_t pid);

}  // namespace cw::test
