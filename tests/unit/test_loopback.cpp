// A full quick-edit turn against the real local backend on 127.0.0.1: token, session, upload of a
// generated clip, one chat instruction, the state, and a GIF export downloaded from its plain link.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>

#include "core/client.hpp"
#include "harness.hpp"
#include "loopback_transport.hpp"

using namespace cw::core;
namespace fs = std::filesystem;

namespace {

std::int64_t wall_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

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
    cw::test::TempDir work;
    const std::string clip = cw::test::make_clip(work.path, "clip.mp4", 2, 320, 240, false);
    cw::test::ServerProcess server;
    {
        REQUIRE(server.port > 0);
        cw::test::LoopbackTransport transport("127.0.0.1", server.port, {{1, clip}});
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
        const cw::test::Reply download = cw::test::fetch_plain(state.jobs[0].url);
        CHECK(download.status == 200);
        CHECK(download.raw.rfind("GIF8", 0) == 0);
        CHECK(client.to_json()["jobs"][0]["status"] == "completed");
        CHECK(client.to_json()["jobs"][0]["format"] == "gif");
    }
}
