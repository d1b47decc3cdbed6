// A full quick-edit turn against the real local backend on 127.0.0.1: token, session, upload of a
// generated clip, one chat instruction, the state, and a GIF export downloaded from its plain link.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "harness.hpp"
#include "loopback_client.hpp"

using namespace cw::core;
namespace fs = std::filesystem;

TEST_CASE("a quick edit against the real local backend") {
    cw::test::TempDir work;
    const std::string clip = cw::test::make_clip(work.path, "clip.mp4", 2, 320, 240, false);
    cw::test::ServerProcess server;
    {
        REQUIRE(server.port > 0);
        cw::test::LoopbackClient loopback(server.port, {{1, clip}});
        Client& client = loopback.client;
        client.connect();
        REQUIRE(loopback.run_until([&] { return client.state().credits.known; }, 30));
        const ClientState& state = client.state();
        CHECK(state.connection == ConnectionStatus::online);
        CHECK_FALSE(state.session_id.empty());
        CHECK(state.credits.available > 0);

        client.add_upload(1, "clip.mp4", fs::file_size(clip), "video/mp4");
        REQUIRE(loopback.run_until([&] { return state.uploads[0].status != UploadStatus::queued &&
                                                          state.uploads[0].status != UploadStatus::uploading; }, 60));
        CAPTURE(loopback.transcript());
        REQUIRE(state.uploads[0].status == UploadStatus::done);
        CHECK_FALSE(state.uploads[0].media_id.empty());

        REQUIRE(client.send_message("convert this clip into a looping GIF with auto-optimized colors"));
        REQUIRE(loopback.run_until([&] { return !state.turn_active; }, 180));
        CAPTURE(loopback.transcript());
        CHECK(state.errors.empty());
        CHECK(state.messages.size() >= 2);  // the instruction, then the reply or the change notice
        CHECK(state.messages.back().role != "user");
        CHECK_FALSE(state.draft.empty());
        CHECK(state.summary.rfind("Timeline (", 0) == 0);

        // "export" is routed locally and uses the GIF output the agent prepared in the draft.
        REQUIRE(client.send_message("export"));
        REQUIRE(loopback.run_until([&] {
            return !state.jobs.empty() && (state.jobs[0].status == JobStatus::completed || state.jobs[0].status == JobStatus::failed);
        }, 180));
        CAPTURE(loopback.transcript());
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
