// The upload queue: checks before sending, one file at a time with its own progress, server errors.
#include <doctest/doctest.h>

#include "core/routing.hpp"
#include "core/upload_checks.hpp"
#include "fake_server.hpp"

using namespace cw::core;
using namespace cw::test;

TEST_CASE("the accepted media list and size limits are checked before sending") {
    CHECK(check_upload("clip.MP4", "", 10, 100) == UploadCheck::ok);
    CHECK(check_upload("photo.jpeg", "image/jpeg", 10, 100) == UploadCheck::ok);
    CHECK(check_upload("PHOTO.JPG", "", 10, 100) == UploadCheck::ok);
    CHECK(check_upload("scan.jfif", "", 10, 100) == UploadCheck::ok);
    CHECK(check_upload("photo.heif", "", 10, 100) == UploadCheck::ok);
    CHECK(check_upload("song.m4a", "", 10, 100) == UploadCheck::ok);
    CHECK(check_upload("IMG_0001", "image/heic", 10, 100) == UploadCheck::ok);
    CHECK(check_upload("notes.txt", "text/plain", 10, 100) == UploadCheck::unsupported_type);
    CHECK(check_upload("noextension", "", 10, 100) == UploadCheck::unsupported_type);
    CHECK(check_upload("trailingdot.", "", 10, 100) == UploadCheck::unsupported_type);
    CHECK(check_upload("big.mov", "", 101, 100) == UploadCheck::too_large);
    CHECK(check_upload("empty.mov", "", 0, 100) == UploadCheck::empty_file);
}

TEST_CASE("a pasted link is media added by address, with the same queue, result and errors") {
    Harness h;
    h.connect();
    int posts = 0;
    h.server.route("POST /api/upload-video/", [&](const Seen& seen) {
        ++posts;
        if (seen.body_json()["urls"][0] == "https://example.com/broken.mp4") return fail(4001, 400);
        CHECK(seen.body_json() == json{{"urls", json::array({"https://example.com/media/beach.mp4?x=1"})}, {"source_type", "url"}});
        return ok({{"files", json::array({{{"id", "m9"}, {"name", "beach.mp4"}, {"type", "video"}, {"url", "/media/m9.mp4"}}})}});
    });
    CHECK(h.client->send_message("https://example.com/media/beach.mp4?x=1"));
    h.pump();
    REQUIRE(h.state().uploads.size() == 1);
    CHECK(h.state().uploads[0].name == "beach.mp4");
    CHECK(h.state().uploads[0].status == UploadStatus::done);
    CHECK(h.state().uploads[0].media_id == "m9");
    CHECK(h.server.count("POST", "/run_sse") == 0);  // a link is not a chat message
    h.client->send_message("https://example.com/broken.mp4");
    h.pump();
    CHECK(h.state().uploads.back().status == UploadStatus::rejected);
    CHECK(h.state().uploads.back().error.find("not supported") != std::string::npos);
    CHECK(posts == 2);
    CHECK(route_message("look at https://example.com/a.mp4").route == Route::chat);  // words around it: a chat message
}

TEST_CASE("a batch uploads one file at a time with per-file progress, then refreshes the state") {
    Harness h;
    h.connect();
    std::vector<RequestId> upload_ids;
    h.server.route("POST /api/upload-video/", [&](const Seen& seen) {
        upload_ids.push_back(seen.id);
        Reply reply = ok({});
        reply.hold = true;
        return reply;
    });
    std::uint64_t a = h.client->add_upload(1, "a.mp4", 1000, "video/mp4");
    std::uint64_t b = h.client->add_upload(2, "b.png", 2000, "image/png");
    h.pump();
    REQUIRE(upload_ids.size() == 1);
    const Seen* first = h.server.last("POST", "/api/upload-video/nemo_agent/me/sid-1");
    REQUIRE(first);
    CHECK(first->files.at(0).handle == 1);
    CHECK(first->files.at(0).name == "a.mp4");
    CHECK(first->headers.at("Authorization") == "Bearer token-1");
    h.client->on_upload_progress(upload_ids[0], 400, 1000);
    h.pump();
    CHECK(h.state().uploads[0].progress() == doctest::Approx(0.4));
    CHECK(h.state().uploads[0].status == UploadStatus::uploading);
    CHECK(h.state().uploads[1].status == UploadStatus::queued);
    std::size_t state_calls = h.server.count("GET", "/api/state/");
    h.server.answer(upload_ids[0], ok({{"files", json::array({{{"id", "m1"}, {"name", "a.mp4"}, {"type", "video"}, {"url", "/media/m1"}}})}}));
    h.pump();
    CHECK(h.state().uploads[0].status == UploadStatus::done);
    CHECK(h.state().uploads[0].media_id == "m1");
    REQUIRE(upload_ids.size() == 2);
    h.server.answer(upload_ids[1], ok({{"files", json::array({{{"id", "m2"}, {"type", "image"}}})}}));
    h.pump();
    CHECK(h.state().uploads[1].status == UploadStatus::done);
    CHECK(h.server.count("GET", "/api/state/") == state_calls + 1);
    CHECK(a != b);
}

TEST_CASE("files failing the checks are rejected without a request") {
    Harness h;
    h.connect();
    h.client->add_upload(1, "notes.txt", 10, "text/plain");
    h.client->add_upload(2, "huge.mp4", 300ull * 1024 * 1024, "video/mp4");
    h.pump();
    CHECK(h.server.count("POST", "/api/upload-video/") == 0);
    CHECK(h.state().uploads[0].status == UploadStatus::rejected);
    CHECK(h.state().uploads[0].error.find("Accepted formats: mp4, mov") != std::string::npos);
    CHECK(h.state().uploads[1].status == UploadStatus::rejected);
    CHECK(h.state().uploads[1].error.find("limit 200 MB") != std::string::npos);
    CHECK(h.state().errors.size() == 2);
    CHECK(h.state().errors[0].action == "accepted_formats");
    CHECK(h.state().errors[1].action == "size_limit");
}

TEST_CASE("the size limit is configurable") {
    ClientConfig config;
    config.max_upload_bytes = 500LL * 1024 * 1024;
    Harness h(config);
    h.connect();
    h.server.route("POST /api/upload-video/", [](const Seen&) { return ok({{"files", json::array()}}); });
    h.client->add_upload(1, "huge.mp4", 300ull * 1024 * 1024, "video/mp4");
    h.pump();
    CHECK(h.state().uploads[0].status == UploadStatus::done);
}

TEST_CASE("server-side 4001 and 4002 are shown with their advice") {
    Harness h;
    h.connect();
    int calls = 0;
    h.server.route("POST /api/upload-video/", [&](const Seen&) { return ++calls == 1 ? fail(4001) : fail(4002, 413); });
    h.client->add_upload(1, "odd.mp4", 10, "");
    h.client->add_upload(2, "big.mp4", 10, "");
    h.pump();
    CHECK(h.state().uploads[0].status == UploadStatus::rejected);
    CHECK(h.state().uploads[1].status == UploadStatus::rejected);
    CHECK(h.state().uploads[0].error.find("odd.mp4: this file type is not supported") == 0);
    CHECK(h.state().uploads[1].error.find("Trim or compress it") != std::string::npos);
    CHECK(calls == 2);
}

TEST_CASE("cancelling an upload stops its request") {
    Harness h;
    h.connect();
    h.server.route("POST /api/upload-video/", [](const Seen&) {
        Reply reply = ok({});
        reply.hold = true;
        return reply;
    });
    std::uint64_t id = h.client->add_upload(1, "a.mp4", 10, "");
    h.pump();
    h.client->cancel_upload(id);
    h.pump();
    CHECK(h.server.log.back().cancelled);
    CHECK(h.state().uploads[0].error == "cancelled");
}

TEST_CASE("an upload cut off by the network failed, it was not refused") {
    Harness h;
    h.connect();
    h.server.route("POST /api/upload-video/", [](const Seen&) {
        Reply broken;
        broken.network_error = true;
        return broken;
    });
    h.client->add_upload(1, "clip.mp4", 10, "video/mp4");
    h.pump();
    CHECK(h.state().uploads[0].status == UploadStatus::failed);
    CHECK_FALSE(h.state().uploads[0].error.empty());
}

TEST_CASE("a server's 4002 shows the server's own limit") {
    Harness h;
    h.connect();
    h.server.route("POST /api/upload-video/", [](const Seen&) {
        return Reply{413, "application/json",
                     {json{{"code", 4002}, {"message", "too large"}, {"data", {{"limit_bytes", 1048576}}}}.dump()},
                     false, false};
    });
    h.client->add_upload(1, "long.mp4", 5 * 1024 * 1024, "video/mp4");
    h.pump();
    CHECK(h.state().uploads[0].status == UploadStatus::rejected);
    CHECK(h.state().uploads[0].error.find("limit 1 MB") != std::string::npos);
}

TEST_CASE("a 4002 about a picture's dimensions shows the server's reason, not a byte limit") {
    Harness h;
    h.connect();
    const std::string reason = "bomb.png is 60000x60000 pixels, over the limit of 16384 pixels a side";
    h.server.route("POST /api/upload-video/", [&](const Seen&) {
        return Reply{413, "application/json",
                     {json{{"code", 4002}, {"message", reason}, {"data", {{"limit_side", 16384}, {"limit_pixels", 67108864}}}}.dump()},
                     false, false};
    });
    h.client->add_upload(1, "bomb.png", 74, "image/png");
    h.pump();
    CHECK(h.state().uploads[0].status == UploadStatus::rejected);
    CHECK(h.state().uploads[0].error.find("16384 pixels a side") != std::string::npos);
    CHECK(h.state().uploads[0].error.find("MB") == std::string::npos);
}
