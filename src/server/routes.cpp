// Route handlers. Each handler checks the request (headers, token, ownership), calls one service and
// answers with the envelope; errors thrown anywhere below become the matching code.
//
// [SECTION] helpers
// [SECTION] auth and sessions
// [SECTION] chat
// [SECTION] upload
// [SECTION] credits and state
// [SECTION] preview (an extension of the local backend)
// [SECTION] export
// [SECTION] media and downloads
// [SECTION] common routes
#include "routes.hpp"

#include <algorithm>
#include <chrono>
#include <iostream>
#include <mutex>
#include <optional>
#include <regex>
#include <set>
#include <thread>

#include <httplib.h>

#include "api_error.hpp"
#include "chat_stream.hpp"
#include "util.hpp"
#include "views.hpp"

namespace cw::server {

using nlohmann::json;
using httplib::Request;
using httplib::Response;

namespace {

// [SECTION] helpers

void send(Response& res, int code, const std::string& message, json data = json::object()) {
    res.status = http_status_for(code);
    res.set_content(envelope(code, message, std::move(data)).dump(-1, ' ', false, json::error_handler_t::replace),
                    "application/json");
}

void send_ok(Response& res, json data) { send(res, codes::ok, "success", std::move(data)); }

template <class Body>
void answer_errors(Response& res, Body&& body) {
    try {
        body();
    } catch (const ApiError& e) {
        send(res, e.code, e.what(), e.data);
    } catch (const std::exception& e) {
        std::cerr << "clipwright-server: internal error: " << e.what() << std::endl;
        send(res, codes::internal, "internal error; please retry");
    }
}

template <class F>
httplib::Server::Handler guarded(F handler) {
    return [handler](const Request& req, Response& res) { answer_errors(res, [&] { handler(req, res); }); };
}

// Reads a small request body only when the request announces one: httplib would refuse a POST that
// has neither Content-Length nor chunked encoding, yet "no body" is how the token request is sent.
// Past 1 MB the rest is read and dropped (up to 64 MB), so the sender still gets the refusal rather
// than a reset connection; memory stays at 1 MB whatever is sent.
std::string read_small_body(const Request& req, const httplib::ContentReader& reader) {
    const bool announced = req.has_header("Content-Length") ||
                           req.get_header_value("Transfer-Encoding").find("chunked") != std::string::npos;
    std::string body;
    if (!announced) return body;
    const size_t limit = size_t(1) << 20, drain_cap = size_t(64) << 20;
    size_t seen = 0;
    const Pace pace(std::chrono::seconds(5), 4 * 1024, std::chrono::seconds(60));  // a trickle is cut off
    const bool complete = reader([&](const char* data, size_t n) {
        seen += n;
        if (!pace.keeps_up(int64_t(seen))) return false;
        if (seen <= limit) body.append(data, n);
        return seen <= drain_cap;
    });
    if (seen > limit) throw ApiError(codes::bad_request, "the request body is too large: at most 1 MB of JSON is accepted");
    if (!complete) throw ApiError(codes::bad_request, "the request body was cut off before it ended");
    return body;
}

// A POST handler that receives the (small) body as a string.
template <class F>
httplib::Server::HandlerWithContentReader guarded_post(F handler) {
    return [handler](const Request& req, Response& res, const httplib::ContentReader& reader) {
        answer_errors(res, [&] { handler(req, read_small_body(req, reader), res); });
    };
}

// "http://host:port" as the client reached us, so returned URLs work from its side.
std::string origin(const Request& req) {
    static const std::regex host_pattern(R"(^[A-Za-z0-9.\-]+(:[0-9]{1,5})?$|^\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?$)");
    const std::string host = req.get_header_value("Host");
    if (std::regex_match(host, host_pattern)) return "http://" + host;
    return "http://" + req.local_addr + ":" + std::to_string(req.local_port);
}

json body_json(const std::string& text) { return parse_request_body(text); }

User authenticate(Store& store, const Request& req) {
    // The whole header value: get_header_value() would stop at a NUL and let "<token>\0junk" through.
    const auto found = req.headers.find("Authorization");
    const std::string header = found == req.headers.end() ? std::string() : found->second;
    const std::string prefix = "Bearer ";
    if (header.size() <= prefix.size() || header.compare(0, prefix.size(), prefix) != 0) {
        throw ApiError(codes::bad_token, "missing bearer token; request one at /api/auth/anonymous-token");
    }
    return store.user_for_token(header.substr(prefix.size()));
}

void require_attribution(const Request& req) {
    for (const char* name : {"X-Skill-Source", "X-Skill-Version", "X-Skill-Platform"}) {
        if (req.get_header_value(name).empty()) {
            throw ApiError(codes::export_blocked, std::string("export blocked: the ") + name +
                                                      " header is missing (X-Skill-Source, X-Skill-Version and "
                                                      "X-Skill-Platform are required)");
        }
    }
}

std::string clean_language(const std::string& language) {
    static const std::regex pattern("^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})?$");
    return std::regex_match(language, pattern) ? language : "en";
}

// [SECTION] auth and sessions

void install_auth(httplib::Server& server, Services s) {
    server.Post("/api/auth/anonymous-token", guarded_post([s](const Request& req, const std::string&, Response& res) {
        const std::string client_id = req.get_header_value("X-Client-Id");
        if (client_id.empty() || client_id.size() > 128) {
            throw ApiError(codes::bad_request, "the X-Client-Id header is required (a uuid the client keeps)");
        }
        if (!s.new_tokens.allow(req.remote_addr)) {
            throw ApiError(codes::rate_limited, "at most " + std::to_string(s.new_tokens.per_window()) +
                                                    " new tokens per hour from one address; wait and retry");
        }
        const IssuedToken issued = s.store.issue_token(client_id, s.config.token_ttl_s, s.config.initial_credits);
        send_ok(res, {{"token", issued.token}, {"credits", issued.credits}, {"expires_at", issued.expires_at}});
    }));

    server.Post(R"(/api/tasks/([^/]+)/with-session/([^/]+))", guarded_post([s](const Request& req, const std::string& text, Response& res) {
        const User user = authenticate(s.store, req);
        const json body = body_json(text);
        const json language = body.value("language", json("en"));
        const Session session = s.store.create_session(
            user.id, clean_language(language.is_string() ? language.get<std::string>() : "en"),
            {{"width", 1920}, {"height", 1080}, {"fps", 30}});
        send_ok(res, {{"task_id", session.task_id}, {"session_id", session.id}, {"bind_id", user.bind_id}});
    }));
}

// [SECTION] chat

// The stream starts with a heartbeat at once; the agent runs while the client already sees it is
// being served, and its events follow. An error at that point (an edit that cannot be paid because
// another turn spent the credits meanwhile) arrives as an ADK error event. Once the heartbeat is
// out the message counts as received: the turn runs even if the client goes away.
void stream_turn(Response& res, Services s, std::shared_ptr<TurnRequest> request, std::optional<Turn> ready) {
    struct Progress {
        std::vector<SseFrame> frames;
        size_t next = 0;
        bool planned = false;
        std::optional<Turn> turn;
        std::once_flag finished;
    };
    auto progress = std::make_shared<Progress>();
    progress->frames.push_back({0, "working", nullptr});
    progress->turn = std::move(ready);
    // The turn is settled before the stream's last byte, so a client that reads the balance right
    // after the stream sees it charged; the releaser covers a client that left early.
    const auto finish = [s, progress] {
        std::call_once(progress->finished, [&] {
            if (progress->turn) s.chat.finish(*progress->turn);
        });
    };
    const auto plan = [s, request, progress] {
        progress->planned = true;
        try {
            if (!progress->turn) progress->turn = s.chat.run_turn(*request);
            const auto frames = turn_frames(*progress->turn, s.config.stream_delay_ms, request->streaming);
            progress->frames.insert(progress->frames.end(), frames.begin(), frames.end());
        } catch (const ApiError& e) {
            progress->frames.push_back({0, "", error_event(e.code, e.what(), e.data)});
        } catch (const std::exception& e) {
            std::cerr << "clipwright-server: chat turn failed: " << e.what() << std::endl;
            progress->frames.push_back({0, "", error_event(codes::internal, "internal error; please retry", {})});
        }
    };
    res.set_header("Cache-Control", "no-cache");
    res.set_header("X-Accel-Buffering", "no");
    // Exactly "text/event-stream": with a charset suffix httplib would try to compress the stream.
    res.set_chunked_content_provider(
        "text/event-stream",
        [progress, finish, plan](size_t, httplib::DataSink& sink) {
            if (progress->next == 1 && !progress->planned) plan();
            if (progress->next >= progress->frames.size()) {
                finish();
                sink.done();
                return true;
            }
            const SseFrame& frame = progress->frames[progress->next++];
            if (frame.delay_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(frame.delay_ms));
            const std::string bytes = encode_frame(frame);
            return sink.write(bytes.data(), bytes.size());
        },
        [progress, finish, plan](bool) {
            // A client that left right after the heartbeat still gets its turn: it will poll the state.
            if (!progress->planned) plan();
            finish();
        });
}

void install_chat(httplib::Server& server, Services s) {
    server.Post("/run_sse", guarded_post([s](const Request& req, const std::string& text, Response& res) {
        const User user = authenticate(s.store, req);
        auto request = std::make_shared<TurnRequest>(s.chat.accept(user, body_json(text)));
        std::optional<Turn> ready;
        if (!s.chat.can_afford_edit(user)) ready = s.chat.run_turn(*request);  // 2001 as an envelope
        stream_turn(res, s, request, std::move(ready));
    }));
}

// [SECTION] upload

// Reads and drops what is left of a request body, so an early refusal still reaches the client.
void drain(const Request& req, const httplib::ContentReader& reader) {
    size_t seen = 0;
    const size_t cap = size_t(1) << 30;
    const auto discard = [&](const char*, size_t n) { return (seen += n) < cap; };
    if (req.is_multipart_form_data()) {
        reader([](const httplib::MultipartFormData&) { return true; }, discard);
    } else {
        reader(discard);
    }
}

void install_upload(httplib::Server& server, Services s) {
    server.Post(R"(/api/upload-video/([^/]+)/([^/]+)/([^/]+))",
                [s](const Request& req, Response& res, const httplib::ContentReader& reader) {
                    bool body_read = false;
                    answer_errors(res, [&] {
                        const User user = authenticate(s.store, req);
                        const Session session = s.store.session(user.id, req.matches[3]);
                        s.uploads.check_space(int64_t(req.get_header_value<uint64_t>("Content-Length")));
                        body_read = true;
                        std::vector<MediaRecord> stored;
                        if (req.is_multipart_form_data()) {
                            stored = s.uploads.receive_multipart(session, reader);
                        } else {
                            const json body = body_json(read_small_body(req, reader));
                            stored = s.uploads.fetch_urls(session, body.value("urls", json()));
                        }
                        json files = json::array();
                        for (const MediaRecord& r : stored) files.push_back(media_json(r, origin(req)));
                        send_ok(res, {{"files", files}});
                    });
                    if (!body_read) drain(req, reader);
                });
}

// [SECTION] credits and state

void install_state(httplib::Server& server, Services s) {
    server.Get("/api/credits/balance/simple", guarded([s](const Request& req, Response& res) {
        const User user = authenticate(s.store, req);
        send_ok(res, {{"available", user.available},
                      {"frozen", user.frozen},
                      {"total", user.available + user.frozen},
                      {"bind_id", user.bind_id}});
    }));

    server.Get(R"(/api/state/([^/]+)/([^/]+)/([^/]+)/latest)", guarded([s](const Request& req, Response& res) {
        const User user = authenticate(s.store, req);
        const Session session = s.store.session(user.id, req.matches[3]);
        const DraftVersion version = s.store.draft(session);
        json media = json::array();
        for (const MediaRecord& r : s.store.session_media(session.id)) media.push_back(media_json(r, origin(req)));
        json state = {{"draft", version.draft},
                      {"video_infos", media},
                      {"generated_media", s.jobs.generated_media(session.id, origin(req))},
                      {"canvas_config", version.canvas}};
        send_ok(res, {{"state", state},
                      {"version", version.seq},
                      {"can_undo", version.can_undo},
                      {"can_redo", version.can_redo},
                      {"bind_id", user.bind_id}});
    }));
}

// [SECTION] preview (an extension of the local backend)

void install_preview(httplib::Server& server, Services s) {
    server.Get(R"(/api/preview/([^/]+)/([^/]+)/([^/]+)/latest)", guarded([s](const Request& req, Response& res) {
        const User user = authenticate(s.store, req);
        send_ok(res, s.previews.latest(s.store.session(user.id, req.matches[3]), origin(req)));
    }));

    server.Get(R"(/preview/([0-9a-f]{32})\.mp4)", [s](const Request& req, Response& res) {
        const auto path = s.previews.file(req.matches[1]);
        if (!path) return send(res, codes::not_found, "this preview is no longer kept; ask for the latest one");
        res.set_header("Cache-Control", "private, max-age=86400");  // a name is never reused
        send_file(res, *path, "video/mp4");
    });
}

// [SECTION] export

void install_export(httplib::Server& server, Services s) {
    server.Post("/api/render/proxy/lambda", guarded_post([s](const Request& req, const std::string& text, Response& res) {
        require_attribution(req);
        const User user = authenticate(s.store, req);
        const JobRecord job = s.jobs.submit(user, body_json(text));
        send_ok(res, s.jobs.status_json(job, origin(req)));
    }));

    server.Get(R"(/api/render/proxy/lambda/([^/]+))", guarded([s](const Request& req, Response& res) {
        const User user = authenticate(s.store, req);
        const auto job = s.store.job(user.id, req.matches[1]);
        if (!job) throw ApiError(codes::not_found, "no render with this id");
        send_ok(res, s.jobs.status_json(*job, origin(req)));
    }));

    server.Post(R"(/api/render/proxy/lambda/([^/]+)/cancel)", guarded_post([s](const Request& req, const std::string&, Response& res) {
        const User user = authenticate(s.store, req);
        send_ok(res, s.jobs.status_json(s.jobs.cancel(user, req.matches[1]), origin(req)));
    }));
}

// [SECTION] media and downloads

void install_files(httplib::Server& server, Services s) {
    server.Get(R"(/media/([0-9a-f]{32})\.[a-z0-9]{2,4})", [s](const Request& req, Response& res) {
        const auto record = s.store.media(req.matches[1]);
        if (!record || req.path != record->info.url) return send(res, codes::not_found, "no such media");
        res.set_header("Cache-Control", "private, max-age=86400");
        send_file(res, record->info.path, record->mime);
    });

    // The timeline's pictures of a media (an extension of this backend), under the media's own id.
    server.Get(R"(/media/([0-9a-f]{32})/(frames\.jpg|wave\.png))", [s](const Request& req, Response& res) {
        const auto record = s.store.media(req.matches[1]);
        const LanePicture kind = req.matches[2] == "frames.jpg" ? LanePicture::frames : LanePicture::wave;
        const auto file = record ? s.lanes.path(*record, kind) : std::nullopt;
        if (!file) return send(res, codes::not_found, "this media has no such picture");
        res.set_header("Cache-Control", "private, max-age=86400");
        send_file(res, *file, mime_of(kind));
    });

    server.Get(R"(/download/([0-9a-f]{48})/[^/]*)", [s](const Request& req, Response& res) {
        const auto link = s.store.download(req.matches[1]);
        if (!link) return send(res, codes::not_found, "this download link is unknown or has expired; poll the render again for a fresh one");
        static const std::map<std::string, std::string> types = {
            {"mp4", "video/mp4"}, {"gif", "image/gif"}, {"webm", "video/webm"}};
        const auto type = types.find(link->format);
        // No filename here: the page's download link names the file after the project, and a header
        // filename would override it. Plain links fall back to the URL's last segment, <id>.<ext>.
        res.set_header("Content-Disposition", "attachment");
        res.set_header("Cache-Control", "private, no-store");
        send_file(res, s.store.absolute(link->file), type == types.end() ? "application/octet-stream" : type->second);
    });
}

}  // namespace

void install_api_routes(httplib::Server& server, Services services) {
    install_auth(server, services);
    install_chat(server, services);
    install_upload(server, services);
    install_state(server, services);
    install_export(server, services);
    install_preview(server, services);
    install_files(server, services);
}

// [SECTION] common routes

// [SECTION] who may call: Host names, origins, request framing

std::string lower_case(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

// The server answers only to its own names: the address the connection reached, loopback names,
// and --public-host. Any other Host is a DNS-rebinding page, or a link built from a forged header.
// The name without its port: rebinding attacks use names, and a reverse proxy may keep the port its
// clients used.
std::string host_name(std::string host) {
    const size_t colon = host.rfind(':');
    if (colon == std::string::npos || colon + 1 == host.size()) return host;
    const bool digits = host.find_first_not_of("0123456789", colon + 1) == std::string::npos;
    const bool bare_ipv6 = host.front() != '[' && host.find(':') != colon;
    return digits && !bare_ipv6 ? host.substr(0, colon) : host;
}

bool known_host(const Request& req, const Config& config) {
    const std::string host = host_name(lower_case(req.get_header_value("Host")));
    if (host == "localhost" || host == "127.0.0.1" || host == "[::1]" || host == req.local_addr || host == "[" + req.local_addr + "]")
        return true;
    return std::any_of(config.public_hosts.begin(), config.public_hosts.end(), [&](const std::string& h) { return host_name(lower_case(h)) == host; });
}

// A browser says where a page came from; only the server's own pages and --allow-origin may call it.
bool allowed_origin(const Request& req, const Config& config) {
    if (!req.has_header("Origin")) return true;  // not a browser page (curl, the app's own navigation)
    const std::string origin = lower_case(req.get_header_value("Origin"));
    if (origin == "http://" + lower_case(req.get_header_value("Host"))) return true;
    return std::find(config.allowed_origins.begin(), config.allowed_origins.end(), req.get_header_value("Origin")) != config.allowed_origins.end();
}

// Two lengths, or a length beside chunked encoding, are how requests get smuggled past proxies.
bool ambiguous_framing(const Request& req) {
    const auto lengths = req.headers.equal_range("Content-Length");
    std::set<std::string> distinct;
    for (auto it = lengths.first; it != lengths.second; ++it) distinct.insert(it->second);
    return distinct.size() > 1 || (!distinct.empty() && req.has_header("Transfer-Encoding"));
}

void security_headers(const Request& req, Response& res, const Config& config) {
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("X-Frame-Options", "DENY");
    res.set_header("Referrer-Policy", "same-origin");
    const std::string type = res.get_header_value("Content-Type");
    if (type.rfind("text/html", 0) == 0)
        res.set_header("Content-Security-Policy",
                       "default-src 'self'; script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; "
                       "img-src 'self' blob: data:; media-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
                       "frame-ancestors 'none'");
    if (req.has_header("Origin") && req.get_header_value("Origin") != "http://" + req.get_header_value("Host") && allowed_origin(req, config)) {
        res.set_header("Access-Control-Allow-Origin", req.get_header_value("Origin"));
        res.set_header("Vary", "Origin");
        res.set_header("Access-Control-Allow-Headers",
                       "Authorization, Content-Type, X-Client-Id, X-Skill-Source, X-Skill-Version, X-Skill-Platform");
        res.set_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
    }
}

void install_common_routes(httplib::Server& server, StaticSite& site, const Config& config) {
    const bool verbose = config.verbose;
    server.Get("/health", [&config](const Request&, Response& res) {
        send_ok(res, {{"role", config.role}, {"node", config.node_name}});
    });
    server.set_pre_routing_handler([&config](const Request& req, Response& res) {
        if (ambiguous_framing(req)) {
            send(res, codes::bad_request, "the request has both Transfer-Encoding and Content-Length, or two different lengths");
            res.set_header("Connection", "close");
            return httplib::Server::HandlerResponse::Handled;
        }
        if (!known_host(req, config)) {
            send(res, codes::bad_request, "unknown Host; start the server with --public-host to serve this name");
            return httplib::Server::HandlerResponse::Handled;
        }
        if (!allowed_origin(req, config)) {
            send(res, 403, "requests from other sites are not allowed; start the server with --allow-origin to permit one");
            return httplib::Server::HandlerResponse::Handled;
        }
        return httplib::Server::HandlerResponse::Unhandled;
    });
    server.Options(".*", [](const Request&, Response& res) { res.status = 204; });
    server.Get(".*", [&site](const Request& req, Response& res) {
        if (!site.serve(req, res)) send(res, codes::not_found, "not found: " + req.path);
    });
    server.set_post_routing_handler([&config](const Request& req, Response& res) { security_headers(req, res, config); });
    server.set_error_handler([](const Request& req, Response& res) {
        if (res.body.empty() && !res.content_length_) send(res, res.status, "HTTP " + std::to_string(res.status) + " for " + req.path);
    });
    server.set_exception_handler([](const Request&, Response& res, std::exception_ptr) {
        send(res, codes::internal, "internal error; please retry");
    });
    if (verbose) {
        server.set_logger([](const Request& req, const Response& res) {
            std::cerr << req.method << " " << req.path << " -> " << res.status << std::endl;
        });
    }
}

}  // namespace cw::server
