// Benchmark, not a test: exports per minute through one API server with 1, 2 and 3 render workers
// on a PostgreSQL store, as a ratio to one `--role all` server on SQLite, on this machine. Every
// node shares its cores, so more workers show their overhead here, not a speed-up. Needs
// CW_TEST_POSTGRES (run under tests/support/with_postgres.sh).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <chrono>
#include <cstdio>
#include <memory>
#include <thread>

#include <doctest/doctest.h>

#include "harness.hpp"

using namespace cw::test;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kUsers = 6;  // one export each; one render per user at a time, so they can all run

struct Nodes {
    TempDir data;
    std::vector<std::unique_ptr<ServerProcess>> processes;
    int api_port = 0;
};

std::unique_ptr<Nodes> one_server() {
    auto nodes = std::make_unique<Nodes>();
    setenv("CW_TEST_POSTGRES", "", 1);  // SQLite in the data folder: today's single machine
    nodes->processes.push_back(std::make_unique<ServerProcess>(std::vector<std::string>{}, nodes->data.path));
    nodes->api_port = nodes->processes.back()->port;
    return nodes;
}

std::unique_ptr<Nodes> cluster(int workers, const std::string& postgres) {
    auto nodes = std::make_unique<Nodes>();
    setenv("CW_TEST_POSTGRES", postgres.c_str(), 1);
    nodes->processes.push_back(std::make_unique<ServerProcess>(std::vector<std::string>{"--role", "api"}, nodes->data.path));
    nodes->api_port = nodes->processes.back()->port;
    for (int i = 0; i < workers; ++i) {
        nodes->processes.push_back(std::make_unique<ServerProcess>(
            std::vector<std::string>{"--role", "worker", "--render-workers", "1", "--node-name", "w" + std::to_string(i)},
            nodes->data.path));
    }
    return nodes;
}

// Every user's draft is ready first; the clock runs from the first export asked to the last done.
double exports_per_minute(const Nodes& nodes, const std::string& clip) {
    std::vector<Api> users;
    std::vector<std::string> sessions;
    for (int i = 0; i < kUsers; ++i) {
        users.emplace_back(nodes.api_port);
        users.back().sign_in();
        sessions.push_back(users.back().new_session());
        users.back().upload_ok(sessions.back(), {{clip, "clip.mp4"}});
        users.back().chat(sessions.back(), "turn my clip into a video");
    }
    const auto started = Clock::now();
    std::vector<std::string> ids;
    for (int i = 0; i < kUsers; ++i) {
        ids.push_back(unique_id("render"));
        REQUIRE(users[size_t(i)].post("/api/render/proxy/lambda", {{"id", ids.back()}, {"sessionId", sessions[size_t(i)]},
                                                                   {"output", {{"format", "mp4"}}}}).code() == 0);
    }
    for (int i = 0; i < kUsers; ++i) {
        for (;;) {
            const json status = users[size_t(i)].get("/api/render/proxy/lambda/" + ids[size_t(i)]).data();
            if (status["status"] == "completed") break;
            const bool failed = status["status"] == "failed";
            REQUIRE_MESSAGE(!failed, status.dump());
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    }
    return kUsers / (std::chrono::duration<double>(Clock::now() - started).count() / 60.0);
}

}  // namespace

TEST_CASE("exports per minute: one server, and one API server with 1, 2 and 3 workers") {
    const char* postgres = std::getenv("CW_TEST_POSTGRES");
    const bool beside_postgres = postgres && *postgres;
    REQUIRE_MESSAGE(beside_postgres, "run under tests/support/with_postgres.sh");
    const std::string store(postgres);
    TempDir media;
    const std::string clip = make_clip(media.path, "clip.mp4", 6, 640, 360);
    const double reference = exports_per_minute(*one_server(), clip);
    std::printf("one --role all server (SQLite, 2 render threads): %.1f exports/min of a 6 s 640x360 clip\n", reference);
    for (int workers = 1; workers <= 3; ++workers) {
        const double rate = exports_per_minute(*cluster(workers, store), clip);
        std::printf("1 API server + %d worker%s (PostgreSQL): %.1f exports/min (ratio to one server: %.2f)\n", workers,
                    workers > 1 ? "s" : "", rate, rate / reference);
    }
    std::printf("(2 cores: every node shares them, so this is the cluster's overhead, not its speed-up)\n");
}
