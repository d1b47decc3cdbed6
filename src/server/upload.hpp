// Uploads: multipart files streamed to disk, or http(s) URLs fetched; each checked by content,
// then stored all-or-nothing for the request.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "store.hpp"

namespace httplib {
class ContentReader;
}

namespace cw::server {

class Uploads {
public:
    Uploads(Store& store, std::string ffprobe, int64_t max_file_bytes, MediaQuota quota, bool allow_loopback_urls = false);

    // Both return the stored records, in request order, or throw ApiError (4001, 4002, 400).
    std::vector<MediaRecord> receive_multipart(const Session& session, const httplib::ContentReader& reader);
    std::vector<MediaRecord> fetch_urls(const Session& session, const nlohmann::json& urls);

    // Refuses at once (disk full) a request whose announced size does not fit on the disk.
    void check_space(int64_t incoming_bytes) const;

    // At start: a crash mid-upload leaves a partial file in tmp/ or a file no row points to.
    void remove_leftovers();

private:
    struct Incoming;
    std::vector<MediaRecord> store_all(const Session& session, std::vector<Incoming>& files);

    Store& store_;
    std::string ffprobe_;
    bool allow_loopback_urls_ = false;
    int64_t max_file_bytes_;
    MediaQuota quota_;
};

}  // namespace cw::server
