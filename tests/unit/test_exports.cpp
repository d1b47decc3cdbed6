// Export jobs: the request body, the polling schedule, the rate limit, the retry with a new id,
// and resuming after a reload.
#include <doctest/doctest.h>

#include <set>

#include "core/poll_schedule.hpp"
#include "fake_server.hpp"
#include "sample_drafts.hpp"

using namespace cw::core;
using namespace cw::test;

namespace {

// A render backend that completes each job after `polls_needed` polls.
struct RenderScript {
    int polls_needed = 3;
    bool fail_first = false;
    std::map<std::string, int> polls;
    std::vector<std::int64_t> poll_times;
    int posts = 0;

    void install(Harness& h) {
        h.server.route("POST /api/render/proxy/lambda", [this](const Seen& seen) {
            ++posts;
            return ok({{"id", seen.body_json()["id"]}, {"status", "pending"}});
        });
        h.server.route("GET /api/render/proxy/lambda/", [this, &h](const Seen& seen) {
            std::string id = seen.url.substr(seen.url.rfind('/') + 1);
            int n = ++polls[id];
            poll_times.push_back(h.now);
            if (fail_first && posts == 1 && n >= polls_needed) return ok({{"id", id}, {"status", "failed"}, {"error", "ffmpeg crashed"}});
            if (n >= polls_needed)
                return ok({{"id", id}, {"status", "completed"}, {"progress", 1}, {"output", {{"url", "/files/" + id + ".mp4?sig=x"}, {"size", 1234}, {"format", "mp4"}}}});
            return ok({{"id", id}, {"status", "processing"}, {"progress", 0.5}});
        });
    }
};

}  // namespace

TEST_CASE("the request body follows the contract") {
    ExportOptions gif;
    gif.format = "gif";
    gif.width = 480;
    gif.fps = 12;
    gif.colors = 128;
    gif.dither = "bayer";
    gif.max_bytes = 5000000;
    json body = export_request_body("render_1", "sid", urban_dreams_draft(), gif);
    CHECK(body["id"] == "render_1");
    CHECK(body["sessionId"] == "sid");
    CHECK(body["draft"] == urban_dreams_draft());
    CHECK(body["output"] == json{{"format", "gif"}, {"quality", "high"}, {"width", 480}, {"fps", 12}, {"colors", 128},
                                 {"dither", "bayer"}, {"max_bytes", 5000000}});
    CHECK(export_request_body("r", "s", json::object(), ExportOptions{})["output"] == json{{"format", "mp4"}, {"quality", "high"}});
}

TEST_CASE("the poll schedule: every half second locally unless the pace says more than a second is left") {
    ClientConfig local;
    CHECK(poll_delay_ms(local) == 500);
    CHECK(poll_delay_ms(local, 300) == 500);
    CHECK(poll_delay_ms(local, 1000) == 500);
    CHECK(poll_delay_ms(local, 1001) == 1000);
    CHECK(poll_delay_ms(local, 600000) == 1000);
    ClientConfig loopback;
    loopback.base_url = "http://127.0.0.1:8080";
    CHECK(poll_delay_ms(loopback, 5000) == 1000);
    ClientConfig hosted;
    hosted.base_url = "https://video.example.com";
    CHECK(poll_delay_ms(hosted) == 30000);
    CHECK(poll_delay_ms(hosted, 300) == 30000);
}

TEST_CASE("the time a render has left follows its pace between two polls") {
    CHECK(remaining_ms({1000, 0.1}, {2000, 0.3}) == 3500);
    CHECK(remaining_ms({1000, 0.5}, {1000, 0.5}) == -1);       // one sample
    CHECK(remaining_ms({1000, 0.5}, {3000, 0.5}) == -1);       // no progress: no pace
    CHECK(remaining_ms({1000, 0.6}, {3000, 0.4}) == -1);       // went backwards
    CHECK(remaining_ms({1000, 0.2}, {2000, 1.0}) == -1);       // done
    CHECK(remaining_ms({0, 0.0}, {1000000, 1e-9}) > 1000000);  // very slow stays finite
}

TEST_CASE("the rate limit allows two requests per second") {
    RequestRateLimit limit;
    CHECK(limit.try_acquire(0));
    CHECK(limit.try_acquire(10));
    CHECK_FALSE(limit.try_acquire(999));
    CHECK(limit.try_acquire(1000));
    CHECK_FALSE(limit.try_acquire(1005));
    CHECK(limit.try_acquire(1010));
}

TEST_CASE("an export is posted with the current draft, polled until done, and announced") {
    Harness h;
    h.draft = urban_dreams_draft();
    RenderScript render;
    render.install(h);
    h.connect();
    std::string id = h.client->start_export(ExportOptions{});
    h.pump();
    CHECK(id == "render_" + std::to_string(Harness::start_ms));
    const Seen* post = h.server.last("POST", "/api/render/proxy/lambda");
    REQUIRE(post);
    CHECK(post->body_json()["draft"] == urban_dreams_draft());
    CHECK(post->body_json()["sessionId"] == "sid-1");
    h.advance(10000, 50);
    const ExportJob& job = h.state().jobs.at(0);
    CHECK(job.status == JobStatus::completed);
    CHECK(job.url == "/files/" + id + ".mp4?sig=x");
    CHECK(job.size == 1234);
    REQUIRE(render.poll_times.size() == 3);
    CHECK(render.poll_times[0] - Harness::start_ms >= 250);
    CHECK(render.poll_times[1] - render.poll_times[0] >= 500);
    const ChatMessage& done = h.state().messages.back();
    CHECK(done.text == "Your MP4 is ready.");  // an action, not a pasted link
    CHECK(done.actions == std::vector<AppAction>{AppAction::download_render, AppAction::preview_render});
    CHECK(done.job_id == id);
    CHECK(h.server.count("GET", "/api/credits/balance/simple") >= 2);  // read again once the render ended
}

TEST_CASE("a render with steady progress is polled every second, then every half second near its end") {
    Harness h;
    h.draft = urban_dreams_draft();
    const std::int64_t ends = Harness::start_ms + 10000;
    std::vector<std::int64_t> polls;
    h.server.route("POST /api/render/proxy/lambda", [](const Seen& seen) {
        return ok({{"id", seen.body_json()["id"]}, {"status", "pending"}});
    });
    h.server.route("GET /api/render/proxy/lambda/", [&](const Seen& seen) {
        const std::string id = seen.url.substr(seen.url.rfind('/') + 1);
        polls.push_back(h.now);
        if (h.now >= ends) return ok({{"id", id}, {"status", "completed"}, {"progress", 1}, {"output", {{"url", "/f.mp4"}}}});
        return ok({{"id", id}, {"status", "processing"}, {"progress", double(h.now - Harness::start_ms) / 10000.0}});
    });
    h.connect();
    h.client->start_export(ExportOptions{});
    h.pump();
    h.advance(15000, 50);
    CHECK(h.state().jobs.at(0).status == JobStatus::completed);
    REQUIRE(polls.size() >= 4);
    CHECK(polls.back() - ends <= 550);  // the finish is seen within about half a second
    CHECK(polls[3] - polls[2] >= 1000);  // a steady pace with seconds left: once a second
    CHECK(polls.size() <= 14);           // every half second throughout would be 20
}

TEST_CASE("many jobs never poll more than twice a second") {
    Harness h;
    h.draft = urban_dreams_draft();
    RenderScript render;
    render.polls_needed = 1000;
    render.install(h);
    h.connect();
    for (int i = 0; i < 6; ++i) h.client->start_export(ExportOptions{});
    h.advance(60000, 50);
    REQUIRE(render.poll_times.size() > 20);
    for (std::size_t i = 2; i < render.poll_times.size(); ++i) CHECK(render.poll_times[i] - render.poll_times[i - 2] >= 1000);
    std::set<std::string> ids;
    for (const auto& job : h.state().jobs) ids.insert(job.id);
    CHECK(ids.size() == 6);
}

TEST_CASE("the hosted backend is polled every 30 s") {
    ClientConfig config;
    config.base_url = "https://video.example.com";
    Harness h(config);
    h.draft = urban_dreams_draft();
    RenderScript render;
    render.polls_needed = 1000;
    render.install(h);
    h.connect();
    h.client->start_export(ExportOptions{});
    h.pump();
    h.advance(95000, 500);
    REQUIRE(render.poll_times.size() == 3);
    CHECK(render.poll_times[0] - Harness::start_ms >= 30000);
    CHECK(render.poll_times[2] - render.poll_times[1] >= 30000);
}

TEST_CASE("a failed render is retried once with a new id") {
    Harness h;
    h.draft = urban_dreams_draft();
    RenderScript render;
    render.fail_first = true;
    render.install(h);
    h.connect();
    std::string first = h.client->start_export(ExportOptions{});
    h.pump();
    h.advance(15000, 50);
    CHECK(render.posts == 2);
    const ExportJob& job = h.state().jobs.at(0);
    CHECK(job.first_id == first);
    CHECK(job.id != first);
    CHECK(job.retried);
    CHECK(job.status == JobStatus::completed);
    CHECK(h.server.last("POST", "/api/render/proxy/lambda")->body_json()["id"] == job.id);
}

TEST_CASE("a render that fails twice is reported failed, with no third try") {
    Harness h;
    h.draft = urban_dreams_draft();
    h.server.route("POST /api/render/proxy/lambda", [](const Seen&) { return ok({{"status", "pending"}}); });
    h.server.route("GET /api/render/proxy/lambda/", [](const Seen&) { return ok({{"status", "failed"}, {"error", "out of disk"}}); });
    h.connect();
    h.client->start_export(ExportOptions{});
    h.advance(20000, 50);
    CHECK(h.server.count("POST", "/api/render/proxy/lambda") == 2);
    CHECK(h.state().jobs.at(0).status == JobStatus::failed);
    CHECK(h.state().jobs.at(0).error == "out of disk");
    CHECK(h.state().messages.back().text == "The export failed: out of disk.");
}

TEST_CASE("a cancelled export ends cancelled, with no retry") {
    Harness h;
    h.draft = urban_dreams_draft();
    h.server.route("POST /api/render/proxy/lambda", [](const Seen& seen) { return ok({{"id", seen.body_json()["id"]}, {"status", "pending"}}); });
    h.server.route("GET /api/render/proxy/lambda/", [](const Seen&) { return ok({{"status", "processing"}, {"progress", 0.2}}); });
    h.server.route("POST /api/render/proxy/lambda/", [](const Seen&) {
        return ok({{"status", "failed"}, {"error", "cancelled: you stopped this export"}});
    });
    h.connect();
    const std::string id = h.client->start_export(ExportOptions{});
    h.advance(2000, 50);
    h.client->cancel_export(id);
    h.advance(5000, 50);
    CHECK(h.server.last("POST", "/api/render/proxy/lambda/")->url.find("/" + id + "/cancel") != std::string::npos);
    CHECK(h.server.count("POST", "/cancel") == 1);
    CHECK(h.server.count("POST", "/api/render/proxy/lambda") == 2);  // the export and its cancel: no retry
    const ExportJob& job = h.state().jobs.at(0);
    CHECK(job.status == JobStatus::failed);
    CHECK(job.cancelled);
    CHECK(h.state().messages.back().text == "Export cancelled.");
}

TEST_CASE("a server that cannot cancel says so, and the export goes on") {
    Harness h;
    h.draft = urban_dreams_draft();
    h.server.route("POST /api/render/proxy/lambda", [](const Seen& seen) { return ok({{"id", seen.body_json()["id"]}, {"status", "pending"}}); });
    h.server.route("GET /api/render/proxy/lambda/", [](const Seen&) { return ok({{"status", "processing"}, {"progress", 0.2}}); });
    h.server.route("POST /api/render/proxy/lambda/", [](const Seen&) { return fail(404, 404); });
    h.connect();
    const std::string id = h.client->start_export(ExportOptions{});
    h.advance(2000, 50);
    h.client->cancel_export(id);
    h.advance(2000, 50);
    const ExportJob& job = h.state().jobs.at(0);
    CHECK_FALSE(job.cancelled);
    CHECK(job.status == JobStatus::processing);
    CHECK_FALSE(h.state().errors.empty());
}

TEST_CASE("an empty timeline is not exported") {
    Harness h;
    h.connect();
    h.client->start_export(ExportOptions{});
    h.pump();
    CHECK(h.server.count("POST", "/api/render/proxy/lambda") == 0);
    CHECK(h.state().jobs.at(0).status == JobStatus::failed);
}

TEST_CASE("after a reload, known render ids are polled again and finish") {
    MemoryStorage storage;
    std::string id;
    {
        Harness first(ClientConfig{}, &storage);
        first.draft = urban_dreams_draft();
        RenderScript render;
        render.polls_needed = 1000;
        render.install(first);
        first.connect();
        id = first.client->start_export(ExportOptions{});
        first.advance(2000, 50);
        CHECK(first.state().jobs.at(0).status == JobStatus::processing);
    }
    Harness second(ClientConfig{}, &storage);
    RenderScript render;
    render.polls_needed = 1;
    render.install(second);
    second.now += 60000;
    second.connect();
    second.advance(1000, 50);
    REQUIRE(second.state().jobs.size() == 1);
    const ExportJob& job = second.state().jobs[0];
    CHECK(job.id == id);
    CHECK(job.status == JobStatus::completed);
    CHECK(render.posts == 0);
    CHECK(render.polls.at(id) == 1);
    CHECK(second.tokens_issued == 0);

    Harness third(ClientConfig{}, &storage);
    third.connect();
    third.advance(2000, 50);
    CHECK(third.state().jobs.at(0).url == "/files/" + id + ".mp4?sig=x");
    CHECK(third.server.count("GET", "/api/render/proxy/lambda/") == 0);
}
