// Test harness implementation: process control with fork/exec (never a shell), HTTP through
// httplib's client, ffmpeg/ffprobe through posix_spawnp.
#include "harness.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>
#include <thread>

#include <doctest/doctest.h>
#include <libpq-fe.h>

extern char** environ;

namespace cw::test {

namespace fs = std::filesystem;

namespace {

struct Spawned {
    pid_t pid = -1;
    int out_fd = -1;
};

Spawned spawn(const std::vector<std::string>& argv, bool capture, const std::vector<std::string>& environment = {}) {
    int fds[2] = {-1, -1};
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    if (capture) {
        if (pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe");
        posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    } else {
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    }
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    std::vector<std::string> env_strings;
    for (char** e = environ; *e; ++e) env_strings.emplace_back(*e);
    env_strings.insert(env_strings.end(), environment.begin(), environment.end());
    std::vector<char*> env;
    for (std::string& e : env_strings) env.push_back(e.data());
    env.push_back(nullptr);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    Spawned child;
    const int rc = posix_spawnp(&child.pid, args[0], &actions, nullptr, args.data(), env.data());
    posix_spawn_file_actions_destroy(&actions);
    if (capture) {
        close(fds[1]);
        child.out_fd = fds[0];
    }
    if (rc != 0) throw std::runtime_error("cannot start " + argv[0]);
    return child;
}

int wait_exit(pid_t pid) {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// Reads the child's first stdout line ("... listening on http://127.0.0.1:PORT/").
std::string read_line(int fd, int timeout_ms) {
    std::string line;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (line.find('\n') == std::string::npos) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) break;
        pollfd pfd{fd, POLLIN, 0};
        if (poll(&pfd, 1, int(left.count())) <= 0) continue;
        char c;
        if (read(fd, &c, 1) != 1) break;
        line += c;
    }
    return line;
}

Reply to_reply(const httplib::Result& result) {
    Reply reply;
    if (!result) return reply;
    reply.status = result->status;
    reply.raw = result->body;
    reply.content_type = result->get_header_value("Content-Type");
    reply.body = json::parse(result->body, nullptr, false);
    if (reply.body.is_discarded()) reply.body = nullptr;
    return reply;
}

}  // namespace

TempDir::TempDir() {
    std::string pattern = (fs::temp_directory_path() / "cw-server-test-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp");
    path = pattern;
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
}

std::string test_store_url(const std::string& data_dir) {
    const char* base = std::getenv("CW_TEST_POSTGRES");
    if (!base || !*base) return "";
    // One database per data folder: a restart on the same folder finds its store again.
    const std::string name = "cw_" + std::to_string(std::hash<std::string>{}(data_dir));
    const std::string url(base);
    const size_t query = url.find('?');
    PGconn* admin = PQconnectdb((url.substr(0, query) + "postgres" + url.substr(query)).c_str());
    REQUIRE_MESSAGE(PQstatus(admin) == CONNECTION_OK, PQerrorMessage(admin));
    PQclear(PQexec(admin, ("CREATE DATABASE " + name).c_str()));  // fails harmlessly when it exists
    PQfinish(admin);
    return url.substr(0, query) + name + url.substr(query);
}

ServerProcess::ServerProcess(const std::vector<std::string>& extra_args, const std::string& data,
                             const std::vector<std::string>& environment) {
    data_dir = data.empty() ? own_data_.path + "/data" : data;
    std::vector<std::string> argv = {CW_SERVER_BINARY, "--host", "127.0.0.1", "--port", "0", "--data", data_dir};
    if (const std::string store = test_store_url(data_dir); !store.empty()) argv.insert(argv.end(), {"--store", store});
    argv.insert(argv.end(), extra_args.begin(), extra_args.end());
    Spawned child = spawn(argv, true, environment);
    pid_ = child.pid;
    const std::string line = read_line(child.out_fd, 15000);
    close(child.out_fd);
    const size_t at = line.find("http://");
    REQUIRE_MESSAGE(at != std::string::npos, "server did not print its URL: '" << line << "'");
    url = line.substr(at, line.find_first_of("\r\n", at) - at);
    port = std::stoi(url.substr(url.rfind(':') + 1));
}

ServerProcess::~ServerProcess() {
    if (pid_ > 0) terminate();
}

int ServerProcess::terminate() {
    if (pid_ <= 0) return -1;
    kill(pid_, SIGTERM);
    const int code = wait_exit(pid_);
    pid_ = -1;
    return code;
}

void ServerProcess::kill_hard() {
    if (pid_ <= 0) return;
    kill(pid_, SIGKILL);
    wait_exit(pid_);
    pid_ = -1;
}

FrontProcess::FrontProcess(const ServerProcess& server) {
    Spawned child = spawn({"node", std::string(CW_SOURCE_DIR) + "/tests/adk/front.mjs", "--backend", server.url}, true);
    pid_ = child.pid;
    const std::string line = read_line(child.out_fd, 60000);
    close(child.out_fd);
    const size_t at = line.find("FRONT_PORT=");
    REQUIRE_MESSAGE(at != std::string::npos, "the ADK front did not start: '" << line << "'");
    port = std::stoi(line.substr(at + 11));
}

FrontProcess::~FrontProcess() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    wait_exit(pid_);
}

std::vector<std::string> SseResult::texts(bool partial) const {
    std::vector<std::string> out;
    for (const json& e : events) {
        if (e.value("partial", false) != partial) continue;
        for (const json& part : e["content"]["parts"]) {
            if (part.contains("text")) out.push_back(part["text"].get<std::string>());
        }
    }
    return out;
}

std::vector<json> SseResult::parts_with(const std::string& key) const {
    std::vector<json> out;
    for (const json& e : events) {
        for (const json& part : e["content"]["parts"]) {
            if (part.contains(key)) out.push_back(part[key]);
        }
    }
    return out;
}

void parse_sse(const std::string& raw, std::vector<std::string>& comments, std::vector<json>& events) {
    std::string data;
    bool has_data = false;
    size_t start = 0;
    while (start < raw.size()) {
        size_t end = raw.find('\n', start);
        if (end == std::string::npos) end = raw.size();
        std::string line = raw.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        start = end + 1;
        if (line.empty()) {
            if (has_data && !data.empty()) events.push_back(json::parse(data));
            data.clear();
            has_data = false;
        } else if (line[0] == ':') {
            comments.push_back(line.substr(1));
        } else if (line.rfind("data:", 0) == 0) {
            std::string value = line.substr(5);
            if (!value.empty() && value[0] == ' ') value.erase(0, 1);
            data += (has_data ? "\n" : "") + value;
            has_data = true;
        }
    }
}

Api::Api(int port) : port(port) {}

httplib::Headers Api::headers() const {
    httplib::Headers h;
    if (!token.empty()) h.emplace("Authorization", "Bearer " + token);
    if (attribution) {
        h.emplace("X-Skill-Source", "clipwright-tests");
        h.emplace("X-Skill-Version", "0.1.0");
        h.emplace("X-Skill-Platform", "web");
    }
    return h;
}

Reply Api::post(const std::string& path, const json& body, const httplib::Headers& extra) {
    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(60);
    httplib::Headers h = headers();
    for (const auto& kv : extra) h.emplace(kv.first, kv.second);
    return to_reply(client.Post(path.c_str(), h, body.dump(), "application/json"));
}

Reply Api::get(const std::string& path) {
    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(60);
    return to_reply(client.Get(path.c_str(), headers()));
}

Reply Api::upload(const std::string& session, const std::vector<std::pair<std::string, std::string>>& files) {
    httplib::MultipartFormDataItems items;
    for (const auto& [path, name] : files) {
        std::ifstream in(path, std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        items.push_back({"files", bytes, name, "application/octet-stream"});
    }
    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(120);
    client.set_write_timeout(120);
    return to_reply(client.Post(("/api/upload-video/nemo_agent/me/" + session).c_str(), headers(), items));
}

SseResult Api::chat(const std::string& session, const std::string& message) {
    SseResult result = stream_chat(session, message);
    REQUIRE_MESSAGE(result.error.empty(), "chat request failed: " << result.error);
    return result;
}

SseResult Api::stream_chat(const std::string& session, const std::string& message,
                           const std::function<bool(const std::string&)>& on_bytes) {
    return stream_run_sse({{"appName", "nemo_agent"},
                           {"userId", "me"},
                           {"sessionId", session},
                           {"newMessage", {{"role", "user"}, {"parts", {{{"text", message}}}}}},
                           {"streaming", true}},
                          on_bytes);
}

SseResult Api::stream_run_sse(const json& body, const std::function<bool(const std::string&)>& on_bytes) {
    httplib::Request req;
    req.method = "POST";
    req.path = "/run_sse";
    req.headers = headers();
    req.headers.emplace("Accept", "text/event-stream");
    req.headers.emplace("Content-Type", "application/json");
    req.body = body.dump();
    SseResult result;
    const auto started = std::chrono::steady_clock::now();
    req.response_handler = [&](const httplib::Response& r) {
        result.status = r.status;
        result.content_type = r.get_header_value("Content-Type");
        return true;
    };
    req.content_receiver = [&](const char* data, size_t n, uint64_t, uint64_t) {
        if (result.first_byte_ms < 0) {
            result.first_byte_ms =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
        }
        result.raw.append(data, n);
        return !on_bytes || on_bytes(result.raw);
    };
    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(120);
    auto sent = client.send(req);
    if (!sent) result.error = httplib::to_string(sent.error());
    const bool stream = result.content_type.rfind("text/event-stream", 0) == 0;
    if (stream) {
        try {
            parse_sse(result.raw, result.comments, result.events);
        } catch (const json::exception& e) {
            result.error = std::string("bad event: ") + e.what();
        }
        // A stream that stops inside an event is a broken one, even when the connection closed cleanly.
        const auto ends_with = [&](const std::string& tail) {
            return result.raw.size() >= tail.size() && result.raw.compare(result.raw.size() - tail.size(), tail.size(), tail) == 0;
        };
        if (result.error.empty() && !ends_with("\n\n") && !ends_with("\r\n\r\n")) result.error = "the stream ended mid-event";
    } else {
        result.envelope = json::parse(result.raw, nullptr, false);
    }
    return result;
}

std::string Api::sign_in(const std::string& client_id) {
    httplib::Client client("127.0.0.1", port);
    httplib::Headers h = {{"X-Client-Id", client_id.empty() ? unique_id("client") : client_id}};
    const Reply reply = to_reply(client.Post("/api/auth/anonymous-token", h, "", "application/json"));
    REQUIRE(reply.code() == 0);
    token = reply.data()["token"].get<std::string>();
    return token;
}

std::string Api::new_session(const std::string& language) {
    const Reply reply = post("/api/tasks/me/with-session/nemo_agent", {{"task_name", "project"}, {"language", language}});
    REQUIRE_MESSAGE(reply.code() == 0, reply.raw);
    return reply.data()["session_id"].get<std::string>();
}

json Api::state(const std::string& session) {
    const Reply reply = get("/api/state/nemo_agent/me/" + session + "/latest");
    REQUIRE_MESSAGE(reply.code() == 0, reply.raw);
    return reply.data()["state"];
}

json Api::upload_ok(const std::string& session, const std::vector<std::pair<std::string, std::string>>& files) {
    const Reply reply = upload(session, files);
    REQUIRE_MESSAGE(reply.code() == 0, reply.raw);
    return reply.data()["files"];
}

json Api::export_and_wait(const std::string& session, const json& output, int timeout_s) {
    const std::string id = unique_id("render");
    const Reply submitted = post("/api/render/proxy/lambda", {{"id", id}, {"sessionId", session},
                                                               {"draft", state(session)["draft"]}, {"output", output}});
    REQUIRE_MESSAGE(submitted.code() == 0, submitted.raw);
    return wait_for_render(id, timeout_s);
}

json Api::wait_for_render(const std::string& id, int timeout_s) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
    while (std::chrono::steady_clock::now() < deadline) {
        const Reply status = get("/api/render/proxy/lambda/" + id);
        REQUIRE_MESSAGE(status.code() == 0, status.raw);
        const std::string s = status.data()["status"];
        if (s == "completed" || s == "failed") return status.data();
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    FAIL("render " << id << " did not finish in " << timeout_s << " s");
    return {};
}

std::string unique_id(const std::string& prefix) {
    thread_local std::mt19937_64 rng(std::random_device{}());  // load tests call this from many threads
    return prefix + "_" + std::to_string(rng() % 1000000000000ull);
}

void ffmpeg(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {"ffmpeg", "-nostdin", "-v", "error", "-y"};
    argv.insert(argv.end(), args.begin(), args.end());
    const Spawned child = spawn(argv, false);
    REQUIRE_MESSAGE(wait_exit(child.pid) == 0, "ffmpeg failed");
}

std::string make_clip(const std::string& dir, const std::string& name, int seconds, int width, int height,
                      bool with_audio) {
    const std::string path = dir + "/" + name;
    const std::string size = std::to_string(width) + "x" + std::to_string(height);
    std::vector<std::string> args = {"-f", "lavfi", "-i", "testsrc2=s=" + size + ":r=25:d=" + std::to_string(seconds)};
    if (with_audio) {
        args.insert(args.end(), {"-f", "lavfi", "-i", "sine=frequency=440:d=" + std::to_string(seconds), "-shortest"});
    }
    args.insert(args.end(), {"-pix_fmt", "yuv420p", "-c:v", "libx264", "-preset", "ultrafast", path});
    ffmpeg(args);
    return path;
}

std::string make_image(const std::string& dir, const std::string& name, int width, int height, const std::string& color) {
    const std::string path = dir + "/" + name;
    ffmpeg({"-f", "lavfi", "-i", "color=c=" + color + ":s=" + std::to_string(width) + "x" + std::to_string(height),
            "-frames:v", "1", path});
    return path;
}

std::string make_tone(const std::string& dir, const std::string& name, int seconds) {
    const std::string path = dir + "/" + name;
    ffmpeg({"-f", "lavfi", "-i", "sine=frequency=330:d=" + std::to_string(seconds), path});
    return path;
}

json ffprobe(const std::string& path) {
    const Spawned child =
        spawn({"ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams", path}, true);
    std::string out;
    char buffer[4096];
    ssize_t n;
    while ((n = read(child.out_fd, buffer, sizeof buffer)) > 0) out.append(buffer, size_t(n));
    close(child.out_fd);
    const int code = wait_exit(child.pid);
    if (code != 0) return nullptr;
    return json::parse(out, nullptr, false);
}

double probe_duration_s(const json& info) {
    return std::stod(info["format"].value("duration", "0"));
}

Reply fetch_plain(const std::string& url, const std::string& save_to) {
    const size_t scheme_end = url.find("://");
    const size_t path_start = url.find('/', scheme_end + 3);
    httplib::Client client(url.substr(0, path_start));
    client.set_read_timeout(60);
    Reply reply = to_reply(client.Get(url.substr(path_start).c_str()));
    if (!save_to.empty()) {
        std::ofstream out(save_to, std::ios::binary);
        out << reply.raw;
    }
    return reply;
}

size_t count_files(const std::string& dir) {
    std::error_code ec;
    size_t n = 0;
    for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator(); ++it) ++n;
    return n;
}

long peak_rss_kb(pid_t pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
    }
    return -1;
}

}  // namespace cw::test
