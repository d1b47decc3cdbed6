// The HTTP surface of the local backend: every endpoint of the API contract, media and download
// links, and the static site, wired onto one httplib server.
#pragma once
#include "address_limit.hpp"
#include "chat.hpp"
#include "config.hpp"
#include "jobs.hpp"
#include "lane_pictures.hpp"
#include "previews.hpp"
#include "static_files.hpp"
#include "store.hpp"
#include "upload.hpp"

namespace httplib {
class Server;
}

namespace cw::server {

struct Services {
    const Config& config;
    Store& store;
    Uploads& uploads;
    Chat& chat;
    Jobs& jobs;
    Previews& previews;
    LanePictures& lanes;
    StaticSite& site;
    AddressLimit& new_tokens;  // per client address
};

void install_api_routes(httplib::Server& server, Services services);

// CORS, the static site at "/", and JSON 404s; shared by the local and the forwarding mode.
void install_common_routes(httplib::Server& server, StaticSite& site, const Config& config);

}  // namespace cw::server
