// clipwright-server: the local backend. Opens the data folder, cleans what a crash left behind,
// resumes unfinished exports, serves the API and the web build, and stops cleanly on SIGTERM/SIGINT.
// With a shared store, --role splits it into API servers and render workers.
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <thread>

#include <httplib.h>

#include "config.hpp"
#include "forward.hpp"
#include "guarded_server.hpp"
#include "routes.hpp"

namespace {

int signal_pipe[2] = {-1, -1};

void on_signal(int) {
    const char byte = 1;
    [[maybe_unused]] const ssize_t n = write(signal_pipe[1], &byte, 1);
}

// The handler only writes a byte; a thread waits for it and stops the server outside signal context.
std::thread watch_signals(httplib::Server& server) {
    if (pipe2(signal_pipe, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    struct sigaction action {};
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGTERM, &action, nullptr);
    sigaction(SIGINT, &action, nullptr);
    signal(SIGPIPE, SIG_IGN);
    return std::thread([&server] {
        char byte = 0;
        while (read(signal_pipe[0], &byte, 1) < 0 && errno == EINTR) {
        }
        server.stop();
    });
}

void configure(httplib::Server& server, const cw::server::Config& config) {
    const int threads = config.http_threads;
    server.new_task_queue = [threads] { return new httplib::ThreadPool(size_t(threads)); };
    server.set_read_timeout(60);
    server.set_write_timeout(60);
    server.set_keep_alive_timeout(5);
    server.set_tcp_nodelay(true);
}

int serve(cw::server::GuardedServer& server, const cw::server::Config& config) {
    const int port = config.port == 0 ? server.bind_to_any_port(config.host)
                                      : (server.bind_to_port(config.host, config.port) ? config.port : -1);
    if (port <= 0) {
        std::cerr << "clipwright-server: cannot listen on " << config.host << ":" << config.port << std::endl;
        return 1;
    }
    server.widen_backlog();
    const bool v6 = config.host.find(':') != std::string::npos;
    std::cout << "Clipwright server listening on http://" << (v6 ? "[" + config.host + "]" : config.host) << ":"
              << port << "/" << std::endl;
    std::thread watcher = watch_signals(server);
    const bool ok = server.listen_after_bind();
    on_signal(0);  // wake the watcher when listening ended for another reason
    watcher.join();
    return ok ? 0 : 1;
}

int run_local(const cw::server::Config& config) {
    using namespace cw::server;
    std::filesystem::create_directories(config.data_dir);
    Store store(std::filesystem::canonical(config.data_dir).string(), config.store);
    const MediaQuota quota{config.quota_media, config.quota_mb * 1024 * 1024};
    Uploads uploads(store, config.ffprobe, config.max_upload_mb * 1024 * 1024, quota, config.allow_loopback_urls);
    Chat chat(store, config);
    Jobs jobs(store, config);
    Previews previews(store, config);
    LanePictures lanes(store);
    StaticSite site(config.web_dir);

    // Only a server on its own knows that nothing else is using these folders; in a cluster a worker
    // clears what an earlier attempt at a job left when it takes the job over.
    if (config.alone()) {
        uploads.remove_leftovers();
        jobs.remove_leftovers();
        previews.remove_leftovers();
        lanes.remove_leftovers();
        store.settle_all_frozen();
    }
    jobs.start();
    if (config.serves_api()) previews.start();

    GuardedServer server(config.connections_per_address);
    configure(server, config);
    AddressLimit new_tokens(config.tokens_per_address, std::chrono::hours(1));
    // A worker answers only its health check, so a process supervisor can watch it like the others.
    if (config.serves_api())
        install_api_routes(server, Services{config, store, uploads, chat, jobs, previews, lanes, site, new_tokens});
    install_common_routes(server, site, config);
    const int rc = serve(server, config);
    previews.stop();
    jobs.stop();
    return rc;
}

int run_forwarding(const cw::server::Config& config) {
    using namespace cw::server;
    const auto target = ForwardTarget::from_environment();
    if (!target) {
        std::cerr << "clipwright-server: --forward needs CLIPWRIGHT_FORWARD_URL (and usually CLIPWRIGHT_FORWARD_TOKEN)"
                  << std::endl;
        return 2;
    }
    StaticSite site(config.web_dir);
    GuardedServer server(config.connections_per_address);
    configure(server, config);
    install_forward_routes(server, *target);
    install_common_routes(server, site, config);
    return serve(server, config);
}

}  // namespace

int main(int argc, char** argv) {
    std::string error;
    const auto config = cw::server::parse_args(argc, argv, error);
    if (!config) {
        std::cerr << error;
        return 2;
    }
    try {
        return config->forward ? run_forwarding(*config) : run_local(*config);
    } catch (const std::exception& e) {
        std::cerr << "clipwright-server: " << e.what() << std::endl;
        return 1;
    }
}
