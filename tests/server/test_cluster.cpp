// A cluster on loopback: two API servers and three render workers on one PostgreSQL store and one
// data folder, as nodes mounting shared storage would. Sessions move between API servers; a worker
// killed mid-render leaves its job to another; an API server killed mid-turn applies the turn whole
// and charged, or not at all. Runs only beside a PostgreSQL (tests/support/with_postgres.sh).
#include <chrono>
#include <filesystem>
#include <memory>
#include <thread>

#include <doctest/doctest.h>
#include <libpq-fe.h>

#include "harness.hpp"
#include "reliability.hpp"

using namespace cw::test;

namespace {

constexpr int kEditCost = 10;  // the server's default --edit-cost

struct Cluster {
    Cluster() {
        REQUIRE_MESSAGE(!test_store_url(data.path).empty(), "the cluster needs CW_TEST_POSTGRES");
        apis.push_back(std::make_unique<ServerProcess>(std::vector<std::string>{"--role", "api", "--node-name", "api1",
                                                                                "--stream-delay-ms", "150"},
                                                       data.path));
        apis.push_back(std::make_unique<ServerProcess>(std::vector<std::string>{"--role", "api", "--node-name", "api2"},
                                                       data.path));
        for (int i = 1; i <= 3; ++i) {
            workers.push_back(std::make_unique<ServerProcess>(
                std::vector<std::string>{"--role", "worker", "--node-name", "worker" + std::to_string(i),
                                         "--render-workers", "1", "--lease-s", "3"},
                data.path));
        }
    }
    int api_port(int i) const { return apis[size_t(i % 2)]->port; }

    TempDir data, media;
    std::vector<std::unique_ptr<ServerProcess>> apis;
    std::vector<std::unique_ptr<ServerProcess>> workers;
};

// One user's whole job, each step through the other API server than the step before.
struct Person {
    Person(Cluster& cluster, int index) : cluster(cluster), api(cluster.api_port(index)), first(index % 2) {
        api.sign_in();
        session = api.new_session();
    }
    Api& on(int step) {
        api.port = cluster.api_port(first + step);
        return api;
    }
    int64_t credits() { return on(0).get("/api/credits/balance/simple").data()["available"]; }

    Cluster& cluster;
    Api api;
    int first;
    std::string session;
};

// How many attempts the most-tried job took, read from the store itself.
int most_attempts(const std::string& data_dir) {
    PGconn* db = PQconnectdb(test_store_url(data_dir).c_str());
    PGresult* result = PQexec(db, "SELECT MAX(attempts) FROM jobs");
    const int attempts = PQresultStatus(result) == PGRES_TUPLES_OK ? std::atoi(PQgetvalue(result, 0, 0)) : -1;
    PQclear(result);
    PQfinish(db);
    return attempts;
}

std::string queue_export(Api& api, const std::string& session, const json& output) {
    const std::string id = unique_id("render");
    REQUIRE(api.post("/api/render/proxy/lambda", {{"id", id}, {"sessionId", session}, {"output", output}}).code() == 0);
    return id;
}

}  // namespace

TEST_SUITE("cluster") {

TEST_CASE("sessions move between API servers; any worker renders; a worker killed mid-render leaves its job to another") {
    Cluster cluster;
    std::vector<std::unique_ptr<Person>> people;
    for (int i = 0; i < 3; ++i) people.push_back(std::make_unique<Person>(cluster, i));
    int64_t requests = 0;
    for (size_t i = 0; i < people.size(); ++i) {
        Person& p = *people[i];
        const int64_t before = p.credits();
        p.on(1).upload_ok(p.session, {{make_clip(cluster.media.path, "clip" + std::to_string(i) + ".mp4", 8, 640, 360), "clip.mp4"}});
        p.on(2).chat(p.session, "turn my clip into a video");
        // The edit made on one server is what the other serves, and it was charged once.
        CHECK(p.on(3).state(p.session)["draft"]["t"][0]["sg"].size() == 1);
        CHECK(p.credits() == before - kEditCost);
        requests += 5;
    }

    // One long export per user: one for each worker.
    std::vector<std::string> ids;
    for (size_t i = 0; i < people.size(); ++i)
        ids.push_back(queue_export(people[i]->on(4), people[i]->session, {{"format", "mp4"}, {"quality", "high"}}));
    for (int i = 0; i < 300; ++i) {
        bool all_running = true;
        for (size_t k = 0; k < ids.size(); ++k)
            all_running = all_running && people[k]->on(5).get("/api/render/proxy/lambda/" + ids[k]).data().value("progress", 0.0) > 0.05;
        if (all_running) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    cluster.workers[1]->kill_hard();  // whichever job it held is mid-render

    for (size_t i = 0; i < people.size(); ++i) {
        CAPTURE(i);
        const json done = people[i]->on(6).wait_for_render(ids[i], 180);
        REQUIRE_MESSAGE(done["status"] == "completed", done.dump());
        TempDir out;
        // The link one API server hands out is served by the other: both read the shared folder.
        REQUIRE(fetch_plain(people[i]->on(7).get("/api/render/proxy/lambda/" + ids[i]).data()["output"]["url"],
                            out.path + "/out.mp4").status == 200);
        CHECK(std::abs(probe_duration_s(ffprobe(out.path + "/out.mp4")) - 8.0) < 0.3);
        requests += 3;
    }
    // One job was taken over: its first attempt died with the worker.
    CHECK(most_attempts(cluster.data.path) == 2);
    // Nothing of the killed worker's attempt is left beside the three renders.
    CHECK(count_files(cluster.data.path + "/renders") == 3);
    CHECK(count_files(cluster.data.path + "/work") == 0);
    record_reliability("cluster_worker_killed", {{"inputs", 3}, {"faults", 1}, {"requests", requests}});
}

TEST_CASE("an API server killed mid-turn: the turn is applied whole and charged, or not at all") {
    Cluster cluster;
    constexpr int kRounds = 3;
    for (int round = 0; round < kRounds; ++round) {
        CAPTURE(round);
        Api on_first(cluster.apis[0]->port);
        on_first.sign_in();
        const std::string session = on_first.new_session();
        on_first.upload_ok(session, {{make_image(cluster.media.path, "photo.png", 320, 240, "red"), "photo.png"}});
        Api on_second = on_first;
        on_second.port = cluster.apis[1]->port;
        const int64_t credits_before = on_second.get("/api/credits/balance/simple").data()["available"];
        const json draft_before = on_second.state(session)["draft"];

        // Killed at the first streamed byte, or a little later, while the reply streams.
        const auto delay = std::chrono::milliseconds(150 * round);
        on_first.stream_chat(session, "turn this photo into a 5 second video with a title 'Cut short'",
                             [&](const std::string&) {
                                 std::this_thread::sleep_for(delay);
                                 cluster.apis[0]->kill_hard();
                                 return false;
                             });

        const json draft_after = on_second.state(session)["draft"];
        const int64_t credits_after = on_second.get("/api/credits/balance/simple").data()["available"];
        const bool applied = draft_after != draft_before;
        CHECK(credits_after == credits_before - (applied ? kEditCost : 0));
        if (applied) CHECK(draft_after["t"][0]["sg"].size() == 1);
        MESSAGE("round " << round << ": the turn was " << std::string(applied ? "applied and charged" : "not applied"));

        cluster.apis[0] = std::make_unique<ServerProcess>(
            std::vector<std::string>{"--role", "api", "--node-name", "api1", "--stream-delay-ms", "150"}, cluster.data.path);
    }
    record_reliability("cluster_api_killed", {{"faults", kRounds}, {"requests", 7 * kRounds}});
}

}
