// The backend as other sites, forged headers and careless clients meet it: only its own pages and
// names, unambiguous framing, exact hashed tokens, media only under its own name, failure messages
// without the server's folders.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <set>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include <doctest/doctest.h>

#include "address_limit.hpp"
#include "bad_input.hpp"
#include "harness.hpp"

using namespace cw::test;
namespace fs = std::filesystem;

namespace {

int connect_to_server(int port) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    REQUIRE(connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    return fd;
}

// Sends raw bytes to the server and returns what it answers first (status line and headers).
std::string raw_request(int port, const std::string& bytes) {
    const int fd = connect_to_server(port);
    REQUIRE(write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()));
    timeval timeout{5, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    char buffer[4096];
    const ssize_t n = read(fd, buffer, sizeof buffer);
    close(fd);
    return n > 0 ? std::string(buffer, static_cast<size_t>(n)) : std::string();
}

std::string file_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

httplib::Headers with(const Api& api, std::initializer_list<std::pair<std::string, std::string>> extra) {
    httplib::Headers headers = api.headers();
    for (const auto& [name, value] : extra) {
        headers.erase(name);
        headers.emplace(name, value);
    }
    return headers;
}

Tally tally("hardening");  // the hostile inputs below, for the reliability table

void hostile(bool refused, const std::string& what) {
    ++tally.inputs;
    ++tally.requests;
    tally.expect(refused, what);
}

}  // namespace

TEST_SUITE("hardening") {

TEST_CASE("other sites and other Host names are refused; no response invites every origin") {
    ServerProcess server({"--allow-origin", "https://studio.example"});
    Api api(server.port);
    api.sign_in();
    httplib::Client client("127.0.0.1", server.port);
    const auto own = client.Get("/api/credits/balance/simple", with(api, {{"Origin", "http://127.0.0.1:" + std::to_string(server.port)}}));
    REQUIRE(own);
    CHECK(own->status == 200);
    CHECK_FALSE(own->has_header("Access-Control-Allow-Origin"));
    CHECK(own->get_header_value("X-Content-Type-Options") == "nosniff");
    CHECK(own->get_header_value("X-Frame-Options") == "DENY");

    const auto foreign = client.Get("/api/credits/balance/simple", with(api, {{"Origin", "https://evil.example"}}));
    REQUIRE(foreign);
    hostile(foreign->status == 403, "a foreign Origin was served");
    CHECK(foreign->get_header_value("Access-Control-Allow-Origin") != "*");

    const auto listed = client.Get("/api/credits/balance/simple", with(api, {{"Origin", "https://studio.example"}}));
    REQUIRE(listed);
    CHECK(listed->status == 200);
    CHECK(listed->get_header_value("Access-Control-Allow-Origin") == "https://studio.example");

    const auto rebound = client.Get("/api/credits/balance/simple", with(api, {{"Host", "attacker.example:" + std::to_string(server.port)}}));
    REQUIRE(rebound);
    hostile(rebound->status == 400, "a rebound Host was served");
    const auto local = client.Get("/api/credits/balance/simple", with(api, {{"Host", "localhost:" + std::to_string(server.port)}}));
    REQUIRE(local);
    CHECK(local->status == 200);
    // Behind a reverse proxy that keeps its clients' Host, the port differs but the name is ours.
    const auto proxied = client.Get("/api/credits/balance/simple", with(api, {{"Host", "127.0.0.1:1"}, {"Origin", "http://127.0.0.1:1"}}));
    REQUIRE(proxied);
    CHECK(proxied->status == 200);
    for (const std::string host : {"attacker.example", "127.0.0.1.attacker.example:80", "[::1]x"}) {
        CAPTURE(host);
        const auto forged = client.Get("/api/credits/balance/simple", with(api, {{"Host", host}}));
        REQUIRE(forged);
        hostile(forged->status == 400, "a forged Host was served: " + host);
    }
}

TEST_CASE("a request framed two ways is refused with 400") {
    ServerProcess server;
    const std::string both = "POST /api/auth/anonymous-token HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Client-Id: a\r\n"
                             "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n";
    hostile(raw_request(server.port, both).rfind("HTTP/1.1 400", 0) == 0, "length beside chunked was accepted");
    const std::string twice = "POST /api/auth/anonymous-token HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Client-Id: a\r\n"
                              "Content-Length: 0\r\nContent-Length: 5\r\n\r\nhello";
    hostile(raw_request(server.port, twice).rfind("HTTP/1.1 400", 0) == 0, "two lengths were accepted");
}

TEST_CASE("only the exact token signs in, and the database keeps only its hash") {
    ServerProcess server;
    Api api(server.port);
    const std::string token = api.sign_in();
    REQUIRE(token.size() == 48);
    CHECK(api.get("/api/credits/balance/simple").code() == 0);
    char encoded_first[4];
    std::snprintf(encoded_first, sizeof encoded_first, "%%%02X", static_cast<unsigned char>(token[0]));
    const std::string percent_encoded = encoded_first + token.substr(1);  // decodes to the real token
    for (const std::string& forged : {token + "%00junk", token + "junk", std::string(token).replace(0, 1, "Z"),
                                      token.substr(0, 47), percent_encoded}) {
        CAPTURE(forged);
        Api other(server.port);
        other.token = forged;
        CHECK(other.get("/api/credits/balance/simple").code() == 1001);
    }
    const std::string stored = file_bytes(server.data_dir + "/clipwright.db") + file_bytes(server.data_dir + "/clipwright.db-wal");
    CHECK(stored.find(token) == std::string::npos);
}

TEST_CASE("media answers only under its own name; failures never show the server's folders") {
    ServerProcess server({"--silent-percent", "0"});
    TempDir media;
    Api api(server.port);
    api.sign_in();
    const std::string session = api.new_session();
    const json files = api.upload_ok(session, {{make_clip(media.path, "a.mp4", 2, 320, 240), "a.mp4"}});
    const std::string url = files[0]["url"];
    const Reply served = fetch_plain(url);
    CHECK(served.status == 200);
    CHECK(served.content_type == "video/mp4");
    std::string renamed = url.substr(0, url.rfind('.')) + ".html";
    hostile(fetch_plain(renamed).status == 404, "media answered under another extension");

    api.chat(session, "turn my clip into a video");
    for (const auto& entry : fs::directory_iterator(server.data_dir + "/media")) fs::remove(entry.path());
    const json job = api.export_and_wait(session, {{"format", "mp4"}, {"width", 320}});
    CHECK(job["status"] == "failed");
    const std::string error = job.value("error", "");
    CHECK_FALSE(error.empty());
    CHECK(error.find(fs::absolute(server.data_dir).string()) == std::string::npos);
    CHECK(error.find(server.data_dir) == std::string::npos);
}

TEST_CASE("each user keeps at most their quota of files and bytes; over it, nothing is kept and the limit is named") {
    ServerProcess server({"--quota-media", "3", "--quota-mb", "1"});
    TempDir media;
    Api api(server.port);
    api.sign_in();
    const std::string first = api.new_session(), second = api.new_session();
    const std::string red = make_image(media.path, "red.png", 64, 64, "red"), blue = make_image(media.path, "blue.png", 64, 64, "blue");
    api.upload_ok(first, {{red, "red.png"}, {blue, "blue.png"}});
    // The quota is the user's, across sessions: two more in another session would make four.
    const Reply over = api.upload(second, {{red, "red.png"}, {blue, "blue.png"}});
    hostile(over.code() == 4002, "an upload over the file quota was kept");
    CHECK(over.body.value("message", "").find("at most 3 files") != std::string::npos);
    CHECK(api.state(second)["video_infos"].empty());
    CHECK(count_files(server.data_dir + "/media") == 2);
    api.upload_ok(second, {{red, "red.png"}});

    ffmpeg({"-f", "lavfi", "-i", "color=s=1200x1200,geq=lum='random(1)*255':cb=128:cr=128", "-frames:v", "1", media.path + "/noise.png"});
    Api other(server.port);
    other.sign_in();
    const std::string theirs = other.new_session();
    const Reply heavy = other.upload(theirs, {{media.path + "/noise.png", "noise.png"}});
    hostile(heavy.code() == 4002, "an upload over the byte quota was kept");
    CHECK(heavy.body.value("message", "").find("at most 1 MB") != std::string::npos);
    CHECK(count_files(server.data_dir + "/media") == 3);
    other.upload_ok(theirs, {{red, "red.png"}});  // another user's quota is their own
}

TEST_CASE("a client that trickles its request body is cut off, not waited for") {
    ServerProcess server;
    Api api(server.port);
    api.sign_in();
    const int fd = connect_to_server(server.port);
    const std::string head = "POST /api/tasks/me/with-session/nemo_agent HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
                             api.token + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n";
    REQUIRE(write(fd, head.data(), head.size()) == static_cast<ssize_t>(head.size()));
    timeval poll_wait{1, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &poll_wait, sizeof poll_wait);
    const auto started = std::chrono::steady_clock::now();
    std::string answer;
    for (int second = 0; second < 30 && answer.empty(); ++second) {
        if (send(fd, " ", 1, MSG_NOSIGNAL) != 1) break;  // one byte a second: far below any real link
        char buffer[512];
        const ssize_t n = read(fd, buffer, sizeof buffer);
        if (n > 0) answer.assign(buffer, static_cast<size_t>(n));
        if (n == 0) break;
    }
    close(fd);
    hostile(std::chrono::steady_clock::now() - started < std::chrono::seconds(15), "a trickled body held its thread");
    if (!answer.empty()) CHECK(answer.find(" 400 ") != std::string::npos);
}

TEST_CASE("clients that trickle their request headers are cut off, and the server keeps answering others") {
    ServerProcess server({"--http-threads", "4"});
    std::vector<int> slow;
    for (int i = 0; i < 4; ++i) slow.push_back(connect_to_server(server.port));  // one per request thread
    const std::string head = "GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
    const auto started = std::chrono::steady_clock::now();
    bool all_cut = false;
    for (size_t byte = 0; byte < 40 && !all_cut; ++byte) {  // a byte per fd every half second, up to 20 s
        all_cut = true;
        for (int fd : slow) all_cut = send(fd, &head[byte % head.size()], 1, MSG_NOSIGNAL) != 1 && all_cut;
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
    const auto cut_after = std::chrono::steady_clock::now() - started;
    hostile(all_cut && cut_after < std::chrono::seconds(15), "four header tricklers held every request thread");
    httplib::Client client("127.0.0.1", server.port);
    client.set_read_timeout(5);
    const auto reply = client.Get("/api/credits/balance/simple");
    hostile(reply && json::parse(reply->body)["code"] == 1001, "the server stopped answering while headers trickled in");
    for (int fd : slow) close(fd);
}

TEST_CASE("one address holds at most its share of connections; the next one is told why") {
    ServerProcess server({"--connections-per-address", "3"});
    std::vector<int> held;
    for (int i = 0; i < 3; ++i) {
        held.push_back(connect_to_server(server.port));
        const std::string partial = "GET / HTTP/1.1\r\n";  // an unfinished request keeps the slot busy
        REQUIRE(send(held.back(), partial.data(), partial.size(), MSG_NOSIGNAL) == ssize_t(partial.size()));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    const std::string answer = raw_request(server.port, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    hostile(answer.find(" 429 ") != std::string::npos, "a fourth connection from one address was served");
    CHECK(answer.find("at most 3 connections") != std::string::npos);
    close(held.back());
    held.pop_back();
    // The server notices the close on its own thread; under a loaded machine that can take a moment.
    const std::string unsigned_in = "GET /api/credits/balance/simple HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    std::string answer_after_close;
    for (int attempt = 0; attempt < 20 && answer_after_close.find("\"code\":1001") == std::string::npos; ++attempt) {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        answer_after_close = raw_request(server.port, unsigned_in);
    }
    // The answer is shown when this fails: it tells a slot still held (429) from a slow or broken reply.
    CHECK_MESSAGE(answer_after_close.find("\"code\":1001") != std::string::npos, "last answer: " << answer_after_close);
    for (int fd : held) close(fd);
}

TEST_CASE("new tokens are limited per client address, whatever client id it makes up") {
    ServerProcess server({"--tokens-per-address", "3"});
    httplib::Client client("127.0.0.1", server.port);
    for (int i = 0; i < 4; ++i) {
        CAPTURE(i);
        const auto reply = client.Post("/api/auth/anonymous-token", {{"X-Client-Id", unique_id("client")}}, "", "application/json");
        REQUIRE(reply);
        const json body = json::parse(reply->body);
        if (i < 3) CHECK(body["code"] == 0);
        else hostile(body["code"] == 429, "a fourth token from one address was issued");
        if (i == 3) CHECK(body["message"].get<std::string>().find("at most 3 new tokens per hour") != std::string::npos);
    }
}

TEST_CASE("the address limit slides: an hour after the first token, one more is allowed") {
    cw::server::AddressLimit limit(2, std::chrono::hours(1));
    const auto start = cw::server::AddressLimit::Clock::now();
    CHECK(limit.allow("203.0.113.7", start));
    CHECK(limit.allow("203.0.113.7", start + std::chrono::minutes(10)));
    CHECK_FALSE(limit.allow("203.0.113.7", start + std::chrono::minutes(59)));
    CHECK(limit.allow("198.51.100.1", start + std::chrono::minutes(59)));  // another address is its own
    CHECK(limit.allow("203.0.113.7", start + std::chrono::minutes(61)));
    CHECK_FALSE(limit.allow("203.0.113.7", start + std::chrono::minutes(62)));
}

TEST_CASE("uploads by URL never reach this machine or private networks, in any spelling, and all read alike") {
    ServerProcess server;
    Api api(server.port);
    api.sign_in();
    const std::string session = api.new_session();
    // A listener on loopback that must see no connection at all.
    const int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    REQUIRE(bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    REQUIRE(listen(listener, 16) == 0);
    socklen_t length = sizeof address;
    getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
    const std::string port = std::to_string(ntohs(address.sin_port));
    const std::vector<std::string> hosts = {"127.0.0.1", "localhost", "[::1]", "0.0.0.0", "127.1", "2130706433", "0x7f000001",
                                            "0177.0.0.1", "[::ffff:127.0.0.1]", "169.254.169.254", "10.0.0.1", "192.168.1.1",
                                            "172.16.0.1", "[fd00::1]", "[fe80::1]", "224.0.0.1"};
    std::set<std::string> messages;
    for (const std::string& host : hosts) {
        CAPTURE(host);
        const Reply reply = api.post("/api/upload-video/nemo_agent/me/" + session, {{"urls", {"http://" + host + ":" + port + "/clip.mp4"}}});
        hostile(reply.code() == 400, "a private address was fetched: " + host);
        messages.insert(reply.body.value("message", "").substr(0, 20));
    }
    // An open port and a closed one read the same.
    const Reply closed = api.post("/api/upload-video/nemo_agent/me/" + session, {{"urls", {"http://127.0.0.1:9/clip.mp4"}}});
    messages.insert(closed.body.value("message", "").substr(0, 20));
    CHECK(messages.size() == 1);
    CHECK(accept(listener, nullptr, nullptr) < 0);  // nothing ever connected
    close(listener);
    CHECK(count_files(server.data_dir + "/media") == 0);
}

}
