// clipwright_load: many simulated users against the real server at once (started here, or a running
// one on 127.0.0.1 given with --url). Prints requests, failures, lost edits, chat first-event latency
// beside one idle session measured in the same run, export times and the server's peak memory.
// Exits 1 when a request failed, anything was lost or the time bound passed.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <thread>

#include "harness.hpp"
#include "load_user.hpp"
#include "reliability.hpp"

namespace {

using namespace cw::load;
using Clock = std::chrono::steady_clock;

// [SECTION] flags

bool long_mode() {
    const char* value = std::getenv("CW_LONG");
    return value && std::string(value) == "1";
}

struct Options {
    std::vector<std::string> urls;   // empty: start a server (or a cluster) here
    pid_t server_pid = -1;           // with --url: whose peak memory to read
    int sessions = long_mode() ? 200 : 50;
    int exports = -1;                // users that also export; -1: all of them
    int rounds = long_mode() ? 3 : 1;
    int time_limit_s = long_mode() ? 1800 : 300;
    bool cluster = false;            // two API servers and three workers on CW_TEST_POSTGRES
    std::vector<std::string> server_args;  // after "--", passed to the started servers
};

const char* const usage =
    "usage: clipwright_load [--sessions N] [--exports K] [--rounds R] [--time-limit-s S]\n"
    "                       [--url http://127.0.0.1:PORT ... [--server-pid PID] | --cluster] [-- server flags...]\n"
    "  --url may be given once per API server; each user's requests take them in turn.\n"
    "  --cluster starts two API servers and three render workers on the PostgreSQL named by\n"
    "  CW_TEST_POSTGRES (tests/support/with_postgres.sh) and one shared data folder.\n"
    "  Defaults: 50 sessions, all exporting, 1 round, 300 s; with CW_LONG=1: 200 sessions, 3 rounds, 1800 s.\n";

Options parse(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        if (flag == "--help" || flag == "-h") {
            std::cout << usage;
            std::exit(0);
        }
        if (flag == "--") {
            options.server_args.assign(argv + i + 1, argv + argc);
            break;
        }
        if (flag == "--cluster") {
            options.cluster = true;
            continue;
        }
        if (i + 1 >= argc) throw std::invalid_argument(flag);
        const std::string value = argv[++i];
        if (flag == "--url") options.urls.push_back(value);
        else if (flag == "--server-pid") options.server_pid = std::stoi(value);
        else if (flag == "--sessions") options.sessions = std::stoi(value);
        else if (flag == "--exports") options.exports = std::stoi(value);
        else if (flag == "--rounds") options.rounds = std::stoi(value);
        else if (flag == "--time-limit-s") options.time_limit_s = std::stoi(value);
        else throw std::invalid_argument(flag);
    }
    if (options.exports < 0 || options.exports > options.sessions) options.exports = options.sessions;
    return options;
}

// [SECTION] runs

// One user after the other on an idle server: the reference the loaded latency is compared with.
Stats::Figures idle_reference(const Scenario& base) {
    Stats stats;
    for (int i = 0; i < 3; ++i) run_user(base, stats);
    return stats.figures();
}

// Every user in its own thread, all started together; each round a fresh token and session.
Stats::Figures under_load(const Options& options, const Scenario& base, Clock::time_point deadline,
                           std::atomic<bool>& timed_out) {
    Stats stats;
    std::vector<std::thread> users;
    for (int i = 0; i < options.sessions; ++i) {
        Scenario scenario = base;
        scenario.exports = i < options.exports;
        scenario.gif = i % 2 == 0;
        users.emplace_back([&stats, &timed_out, scenario, rounds = options.rounds, deadline] {
            for (int round = 0; round < rounds; ++round) {
                if (Clock::now() > deadline) {
                    timed_out = true;
                    return;
                }
                run_user(scenario, stats);
            }
        });
    }
    for (std::thread& user : users) user.join();
    return stats.figures();
}

// [SECTION] report

double percentile(std::vector<double> values, double p) {
    if (values.empty()) return -1;
    std::sort(values.begin(), values.end());
    const size_t rank = size_t(std::max(0.0, std::ceil(p * double(values.size())) - 1));
    return values[std::min(rank, values.size() - 1)];
}

void row(const char* what, const std::string& value, const std::string& reference = "", const std::string& ratio = "") {
    std::printf("| %-34s | %-14s | %-22s | %-7s |\n", what, value.c_str(), reference.c_str(), ratio.c_str());
}

std::string ms(double value) {
    char text[32];
    std::snprintf(text, sizeof text, value < 0 ? "-" : "%.1f ms", value);
    return text;
}

std::string times(double value, double reference) {
    if (value < 0 || reference <= 0) return "";
    char text[32];
    std::snprintf(text, sizeof text, "%.2fx", value / reference);
    return text;
}

void report(const Options& options, const Stats::Figures& load, const Stats::Figures& idle, long rss_kb, double wall_s) {
    std::printf("clipwright_load: %d sessions (%d exporting), %d round(s), time bound %d s\n", options.sessions,
                options.exports, options.rounds, options.time_limit_s);
    row("figure", "under load", "idle session, same run", "ratio");
    row("requests sent", std::to_string(load.requests + idle.requests));
    row("failed requests / broken streams", std::to_string(load.failures + idle.failures));
    row("lost edits, charges or files", std::to_string(load.lost + idle.lost));
    for (const auto& [name, p] : {std::pair<const char*, double>{"chat first event p50", 0.5}, {"chat first event p95", 0.95}}) {
        const double value = percentile(load.first_event_ms, p), reference = percentile(idle.first_event_ms, p);
        row(name, ms(value), ms(reference), times(value, reference));
    }
    row("chat first event max", ms(percentile(load.first_event_ms, 1.0)), ms(percentile(idle.first_event_ms, 1.0)));
    row("export submit -> completed p50", ms(percentile(load.export_ms, 0.5)), ms(percentile(idle.export_ms, 0.5)),
        times(percentile(load.export_ms, 0.5), percentile(idle.export_ms, 0.5)));
    row("export submit -> completed max", ms(percentile(load.export_ms, 1.0)));
    row("server peak RSS (VmHWM)", rss_kb < 0 ? "unknown" : std::to_string(rss_kb / 1024) + " MB");
    row("wall time", std::to_string(int(wall_s)) + " s");
    for (const auto* figures : {&idle, &load}) {
        for (const std::string& problem : figures->problems) std::printf("  %s\n", problem.c_str());
    }
}

// The servers this run started: one, or a cluster's API servers (first) and workers.
struct Started {
    cw::test::TempDir data;
    std::vector<std::unique_ptr<cw::test::ServerProcess>> servers;
    std::vector<int> api_ports;
};

std::vector<std::string> server_flags(const Options& options, std::vector<std::string> role) {
    // Every simulated user shares this machine's address, so its per-address limits would stop them.
    role.insert(role.end(), {"--tokens-per-address", "1000000", "--connections-per-address", "1000"});
    role.insert(role.end(), options.server_args.begin(), options.server_args.end());
    return role;
}

std::unique_ptr<Started> start_servers(const Options& options) {
    auto started = std::make_unique<Started>();
    const std::string data = started->data.path + "/data";
    if (!options.cluster) {
        started->servers.push_back(std::make_unique<cw::test::ServerProcess>(server_flags(options, {}), data));
        started->api_ports.push_back(started->servers.back()->port);
        return started;
    }
    if (cw::test::test_store_url(data).empty()) throw std::invalid_argument("--cluster needs CW_TEST_POSTGRES");
    for (const char* name : {"api1", "api2"}) {
        started->servers.push_back(std::make_unique<cw::test::ServerProcess>(
            server_flags(options, {"--role", "api", "--node-name", name}), data));
        started->api_ports.push_back(started->servers.back()->port);
    }
    for (const char* name : {"worker1", "worker2", "worker3"}) {
        started->servers.push_back(std::make_unique<cw::test::ServerProcess>(
            server_flags(options, {"--role", "worker", "--node-name", name, "--render-workers", "1"}), data));
    }
    return started;
}

int run(const Options& options) {
    std::unique_ptr<Started> started_here;
    Scenario base;
    if (options.urls.empty()) {
        started_here = start_servers(options);
        base.ports = started_here->api_ports;
    }
    for (const std::string& url : options.urls) base.ports.push_back(std::stoi(url.substr(url.rfind(':') + 1)));
    const pid_t pid = started_here ? started_here->servers.front()->pid() : options.server_pid;
    cw::test::TempDir media;
    base.clip_path = cw::test::make_clip(media.path, "clip.mp4", 3, 480, 270);
    base.exports = true;

    const auto started = Clock::now();
    const Stats::Figures idle = idle_reference(base);
    std::atomic<bool> timed_out{false};
    const Stats::Figures load = under_load(options, base, started + std::chrono::seconds(options.time_limit_s), timed_out);
    const double wall_s = std::chrono::duration<double>(Clock::now() - started).count();
    const long rss_kb = pid > 0 ? cw::test::peak_rss_kb(pid) : -1;
    report(options, load, idle, rss_kb, wall_s);

    const int64_t failures = load.failures + idle.failures, lost = load.lost + idle.lost;
    cw::test::record_reliability(options.cluster ? "load_cluster" : "load", {{"requests", load.requests + idle.requests}, {"failures", failures}, {"lost", lost}});
    if (timed_out || wall_s > options.time_limit_s) std::printf("FAILED: the run passed its %d s bound\n", options.time_limit_s);
    return failures == 0 && lost == 0 && !timed_out && wall_s <= options.time_limit_s ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    // The harness reports setup problems (no ffmpeg, no server) with doctest assertions; outside a
    // test they print here and throw.
    doctest::Context context;
    context.setAsDefaultForAssertsOutOfTestCases();
    context.setAssertHandler([](const doctest::AssertData& data) {
        std::cerr << "clipwright_load: " << data.m_file << ":" << data.m_line << ": " << data.m_expr << " "
                  << data.m_decomp.c_str() << " " << data.m_exception.c_str() << std::endl;
    });
    try {
        return run(parse(argc, argv));
    } catch (const std::invalid_argument& e) {
        std::cerr << "clipwright_load: bad flag " << e.what() << "\n" << usage;
        return 2;
    } catch (...) {
        std::cerr << "clipwright_load: could not set up the run" << std::endl;
        return 1;
    }
}
