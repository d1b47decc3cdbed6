// A full quick-edit turn against the real local backend on 127.0.0.1: token, session, upload of a
// generated clip, one chat instruction, the state, and a GIF export downloaded from its plain link.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <regex>
#include <string>
#include <thread>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <httplib.h>

#include "core/client.hpp"
#include "loopback_transport.hpp"

using namespace cw::core;
namespace fs = std::filesystem;

namespace {

std::int64_t wall_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// The server binary, started with --port 0; its port is read from the "listening on" line.
class ServerProcess {
public:
    ServerProcess(const std::string& binary, const fs::path& data_dir) {
        int out[2];
        REQUIRE(pipe(out) == 0);
        pid_ = fork();
        REQUIRE(pid_ >= 0);
        if (pid_ == 0) {
            dup2(out[1], STDOUT_FILENO);
            dup2(out[1], STDERR_FILENO);
            close(out[0]);
            std::string data = data_dir.string();
            execl(binary.c_str(), binary.c_str(), "--host", "127.0.0.1", "--port", "0", "--data", data.c_str(),
                  static_cast<char*>(nullptr));
            _exit(127);
        }
        close(out[1]);
        output_ = fdopen(out[0], "r");
        std::regex listening(R"(listening on http://127\.0\.0\.1:(\d+)/)");
        char line[1024];
        while (port_ == 0 && std::fgets(line, sizeof line, output_)) {
            std::cmatch match;
            if (std::regex_search(line, match, listening)) port_ = std::stoi(match[1]);
        }
        // Keep draining the server's output so it never blocks on a full pipe.
        drain_ = std::thread([this] {
            char rest[1024];
            while (std::fgets(rest, sizeof rest, output_)) {
            }
        });
    }

    ~ServerProcess() {
        if (pid_ > 0) {
            kill(pid_, SIGTERM);
            waitpid(pid_, nullptr, 0);
        }
        if (drain_.joinable()) drain_.join();
        if (output_) std::fclose(output_);
    }

    int port() const { return port_; }

private:
    pid_t pid_ = -1;
    int port_ = 0;
    FILE* output_ = nullptr;
    std::thread drain_;
};

bool run_until(cw::test::LoopbackTransport& transport, Client& client, const std::function<bool()>& done, int seconds) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (std::chrono::steady_clock::now() < deadline) {
        transport.pump(client);
        client.update(wall_ms());
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
}

std::string transcript(const ClientState& state) {
    std::string text;
    for (const auto& message : state.messages) text += "[" + message.role + "] " + message.text + "\n";
    for (const auto& error : state.errors) text += "[error " + std::to_string(error.code) + "] " + error.message + "\n";
    for (const auto& job : state.jobs)
        text += "[job " + job.id + "] " + to_string(job.status) + " " + std::to_string(job.progress) + " " + job.error + "\n";
    return text;
}

}  // namespace

TEST_CASE("a quick edit against the real local backend") {
    const char* binary = std::getenv("CW_SERVER_BIN");
    if (!binary || !fs::exists(binary)) {
        MESSAGE("CW_SERVER_BIN is not set to the clipwright-server binary; skipped");
        return;
    }
    fs::path work = fs::temp_directory_path() / ("cw-core-loopback-" + std::to_string(getpid()));
    fs::create_directories(work / "data");
    fs::path clip = work / "clip.mp4";
    std::string make_clip = "ffmpeg -v error -y -f lavfi -i testsrc=duration=2:size=320x240:rate=15 -pix_fmt yuv420p '" +
                            clip.string() + "'";
    REQUIRE(std::system(make_clip.c_str()) == 0);

    {
        ServerProcess server(binary, work / "data");
        REQUIRE(server.port() > 0);
        cw::test::LoopbackTransport transport("127.0.0.1", server.port(), {{1, clip.string()}});
        MemoryStorage storage;
        ClientConfig config;
        config.random_seed = static_cast<std::uint64_t>(wall_ms());
        Client client(transport, storage, config);

        client.update(wall_ms());
        client.connect();
        REQUIRE(run_until(transport, client, [&] { return client.state().credits.known; }, 30));
        const ClientState& state = client.state();
        CHECK(state.connection == ConnectionStatus::online);
        CHECK_FALSE(state.session_id.empty());
        CHECK(state.credits.available > 0);

        client.add_upload(1, "clip.mp4", fs::file_size(clip), "video/mp4");
        REQUIRE(run_until(transport, client, [&] { return state.uploads[0].status != UploadStatus::queued &&
                                                          state.uploads[0].status != UploadStatus::uploading; }, 60));
        CAPTURE(transcript(state));
        REQUIRE(state.uploads[0].status == UploadStatus::done);
        CHECK_FALSE(state.uploads[0].media_id.empty());

        REQUIRE(client.send_message("convert this clip into a looping GIF with auto-optimized colors"));
        REQUIRE(run_until(transport, client, [&] { return !state.turn_active; }, 180));
        CAPTURE(transcript(state));
        CHECK(state.errors.empty());
        CHECK(state.messages.size() >= 2);  // the instruction, then the reply or the change notice
        CHECK(state.messages.back().role != "user");
        CHECK_FALSE(state.draft.empty());
        CHECK(state.summary.rfind("Timeline (", 0) == 0);

        // "export" is routed locally and uses the GIF output the agent prepared in the draft.
        REQUIRE(client.send_message("export"));
        REQUIRE(run_until(transport, client, [&] {
            return !state.jobs.empty() && (state.jobs[0].status == JobStatus::completed || state.jobs[0].status == JobStatus::failed);
        }, 180));
        CAPTURE(transcript(state));
        REQUIRE(state.jobs[0].status == JobStatus::completed);
        REQUIRE_FALSE(state.jobs[0].url.empty());

        // The download link works as a plain link: no token, no headers.
        httplib::Client plain("127.0.0.1", server.port());
        std::string url = state.jobs[0].url;
        std::string prefix = "http://127.0.0.1:" + std::to_string(server.port());
        if (url.rfind(prefix, 0) == 0) url = url.substr(prefix.size());
        auto download = plain.Get(url.c_str());
        REQUIRE(download);
        CHECK(download->status == 200);
        CHECK(download->body.rfind("GIF8", 0) == 0);
        CHECK(client.to_json()["jobs"][0]["status"] == "completed");
        CHECK(client.to_json()["jobs"][0]["format"] == "gif");
    }
    fs::remove_all(work);
}
