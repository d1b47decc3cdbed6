// The web build served at "/" from --web, on the same origin as the API.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace cw::server {

class StaticSite {
public:
    explicit StaticSite(std::string web_dir);

    // False when no file answers the path (the caller sends 404).
    bool serve(const httplib::Request& req, httplib::Response& res);

private:
    struct Compressed {
        int64_t mtime = 0;
        std::shared_ptr<const std::string> bytes;
    };
    std::shared_ptr<const std::string> gzip_cached(const std::string& path, int64_t mtime);

    std::string root_;  // canonical, empty when there is no site
    std::mutex mutex_;
    std::map<std::string, Compressed> gzip_cache_;
};

// Streams a file in pieces (with Range support), never reading it whole into memory.
void send_file(httplib::Response& res, const std::string& path, const std::string& mime);

}  // namespace cw::server
