// Faults: SIGKILL in the middle of a large upload and of a chat stream (mid-render is in
// test_restart.cpp), and a full disk during an upload and a render. Afterwards what was acknowledged
// is intact, what was not left no trace, and the server goes on serving.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <memory>
#include <thread>

#include <doctest/doctest.h>

#include "harness.hpp"
#include "reliability.hpp"

using namespace cw::test;
namespace fs = std::filesystem;

namespace {

// [SECTION] counts for the reliability summary

json counts = {{"faults", 0}, {"requests", 0}, {"failures", 0}, {"lost", 0}};

void count(const char* key, int n = 1) {
    counts[key] = counts[key].get<int>() + n;
    record_reliability("faults", counts);
}

// A CHECK that also counts what it found missing or changed.
#define CHECK_KEPT(condition)                 \
    do {                                      \
        const bool kept = (condition);        \
        if (!kept) count("lost");             \
        CHECK_MESSAGE(kept, #condition);      \
    } while (false)

// [SECTION] a server with something worth keeping

json latest(Api& api, const std::string& session) {
    count("requests");
    const Reply reply = api.get("/api/state/nemo_agent/me/" + session + "/latest");
    REQUIRE_MESSAGE(reply.code() == 0, reply.raw);
    return reply.data();
}

json credits(Api& api) {
    count("requests");
    return api.get("/api/credits/balance/simple").data();
}

// A server on its own data folder, with a session holding one clip and one acknowledged edit.
struct Studio {
    Studio(const std::string& data_dir, const std::string& media_dir, std::vector<std::string> args = {})
        : data_dir(data_dir), args(std::move(args)), server(std::make_unique<ServerProcess>(this->args, data_dir)),
          api(server->port) {
        api.sign_in();
        session = api.new_session();
        api.upload_ok(session, {{make_clip(media_dir, "clip.mp4", 4, 640, 360), "clip.mp4"}});
        api.chat(session, "add a title 'Before'");
        count("requests", 4);
    }

    void crash() {
        server->kill_hard();
        count("faults");
    }

    void restart() {
        server = std::make_unique<ServerProcess>(args, data_dir);
        api.port = server->port;
    }

    std::string data_dir;
    std::vector<std::string> args;
    std::unique_ptr<ServerProcess> server;
    Api api;
    std::string session;
};

struct Snapshot {
    json state;    // data of the state response: state, version
    json balance;
};

Snapshot snapshot(Studio& s) { return {latest(s.api, s.session), credits(s.api)}; }

// Uploads, draft and credits as they were; no partial upload in tmp/, no file without a row in media/.
void check_intact(Studio& s, const Snapshot& before) {
    const json after = latest(s.api, s.session);
    CHECK_KEPT(after["version"] == before.state["version"]);
    CHECK_KEPT(after["state"]["draft"] == before.state["state"]["draft"]);
    const json& media = after["state"]["video_infos"];
    CHECK_KEPT(media.size() == before.state["state"]["video_infos"].size());
    for (size_t i = 0; i < media.size() && i < before.state["state"]["video_infos"].size(); ++i) {
        CHECK_KEPT(media[i]["id"] == before.state["state"]["video_infos"][i]["id"]);
        const Reply file = fetch_plain(media[i]["url"]);
        CHECK_KEPT(file.status == 200);
        CHECK_KEPT(int64_t(file.raw.size()) == media[i]["size"].get<int64_t>());
    }
    CHECK_KEPT(credits(s.api) == before.balance);
    CHECK(count_files(s.data_dir + "/tmp") == 0);
    CHECK(count_files(s.data_dir + "/media") == media.size());
}

// [SECTION] uploads sent slowly, as a large file over a real network would be

// The multipart body of one file of `payload` bytes, produced 256 KB at a time.
class MultipartBody {
public:
    explicit MultipartBody(size_t payload) : payload_(payload), filler_(256 << 10, 'x') {}
    static std::string type() { return "multipart/form-data; boundary=" + boundary(); }
    size_t size() const { return head().size() + payload_ + tail().size(); }
    // The bytes from `offset`, at most one piece; empty at the end.
    std::string piece(size_t offset) const {
        const size_t body_end = head().size() + payload_;
        if (offset < head().size()) return head().substr(offset);
        if (offset < body_end) return filler_.substr(0, std::min(filler_.size(), body_end - offset));
        return offset < size() ? tail().substr(offset - body_end) : std::string();
    }

private:
    static std::string boundary() { return "cwfaultsboundary"; }
    static std::string head() {
        return "--" + boundary() + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"big.mp4\"\r\n"
               "Content-Type: video/mp4\r\n\r\n";
    }
    static std::string tail() { return "\r\n--" + boundary() + "--\r\n"; }
    size_t payload_;
    std::string filler_;
};

Reply to_reply(const httplib::Result& result) {
    Reply reply;
    if (!result) return reply;
    reply.status = result->status;
    reply.raw = result->body;
    reply.body = json::parse(result->body, nullptr, false);
    return reply;
}

// An upload with its size announced, sent with a pause between pieces as a slow network would;
// gives up when the connection breaks.
Reply slow_upload(Api& api, const std::string& session, size_t payload, int pause_ms) {
    const MultipartBody body(payload);
    httplib::Client client("127.0.0.1", api.port);
    client.set_read_timeout(120);
    client.set_write_timeout(120);
    count("requests");
    return to_reply(client.Post(("/api/upload-video/nemo_agent/me/" + session).c_str(), api.headers(), body.size(),
                                [&](size_t offset, size_t, httplib::DataSink& sink) {
                                    if (pause_ms) std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms));
                                    const std::string bytes = body.piece(offset);
                                    return sink.write(bytes.data(), bytes.size());
                                },
                                MultipartBody::type().c_str()));
}

// An upload in chunked transfer encoding, so its size is unknown until it ends. Written on a plain
// socket: the client library's chunked request path is not usable in the packaged version.
Reply chunked_upload(Api& api, const std::string& session, size_t payload) {
    const MultipartBody body(payload);
    httplib::Headers headers = api.headers();
    std::string request = "POST /api/upload-video/nemo_agent/me/" + session + " HTTP/1.1\r\nHost: 127.0.0.1:" +
                          std::to_string(api.port) + "\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n" +
                          "Content-Type: " + MultipartBody::type() + "\r\n";
    for (const auto& [name, value] : headers) request += name + ": " + value + "\r\n";
    request += "\r\n";
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(uint16_t(api.port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    const auto send_all = [fd](const std::string& bytes) {
        return ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) == ssize_t(bytes.size());
    };
    bool sent = send_all(request);
    for (size_t offset = 0; sent && offset < body.size();) {
        const std::string piece = body.piece(offset);
        char size_line[32];
        std::snprintf(size_line, sizeof size_line, "%zx\r\n", piece.size());
        sent = send_all(size_line + piece + "\r\n");
        offset += piece.size();
    }
    if (sent) send_all("0\r\n\r\n");
    std::string answer;
    char buffer[4096];
    for (ssize_t n; (n = ::recv(fd, buffer, sizeof buffer, 0)) > 0;) answer.append(buffer, size_t(n));
    ::close(fd);
    count("requests");
    Reply reply;
    const size_t body_start = answer.find("\r\n\r\n");
    if (answer.rfind("HTTP/1.1 ", 0) != 0 || body_start == std::string::npos) return reply;
    reply.status = std::stoi(answer.substr(9, 3));
    reply.raw = answer.substr(body_start + 4);
    reply.body = json::parse(reply.raw, nullptr, false);
    return reply;
}

// Waits until an upload in progress has written `bytes` into tmp/.
void wait_for_partial_file(const std::string& tmp, uintmax_t bytes) {
    for (int i = 0; i < 3000; ++i) {
        std::error_code ec;
        for (const auto& entry : fs::directory_iterator(tmp, ec)) {
            if (entry.file_size(ec) >= bytes) return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    FAIL("the upload never reached " << bytes << " bytes in " << tmp);
}

// [SECTION] a small disk

// A tmpfs of `mb` megabytes mounted on `path` (we run as root); unmounted when destroyed.
struct SmallDisk {
    SmallDisk(const std::string& path, int mb) : path(path) {
        fs::create_directories(path);
        mounted = ::mount("tmpfs", path.c_str(), "tmpfs", 0, ("size=" + std::to_string(mb) + "m").c_str()) == 0;
    }
    ~SmallDisk() {
        if (mounted) ::umount2(path.c_str(), MNT_DETACH);
    }
    SmallDisk(const SmallDisk&) = delete;
    SmallDisk& operator=(const SmallDisk&) = delete;

    int64_t free_bytes() const {
        struct statvfs disk {};
        ::statvfs(path.c_str(), &disk);
        return int64_t(disk.f_bavail) * int64_t(disk.f_frsize);
    }

    // Takes all the free space but `keep` bytes with one file, as another program filling the disk would.
    void fill(int64_t keep) {
        std::ofstream out(path + "/filler", std::ios::binary);
        const std::string block(1 << 20, '\0');
        for (int64_t left = free_bytes() - keep; left > 0; left -= int64_t(block.size())) {
            out.write(block.data(), std::streamsize(std::min<int64_t>(left, int64_t(block.size()))));
        }
    }

    void empty() { fs::remove(path + "/filler"); }

    std::string path;
    bool mounted = false;
};

bool mounted_or_explained(const SmallDisk& disk) {
    if (!disk.mounted) MESSAGE("cannot mount a tmpfs here (needs root): this disk-full case did not run");
    return disk.mounted;
}

bool says_disk_full(const std::string& message) { return message.find("disk is full") != std::string::npos; }

// The answer to an upload the disk could not take: clear, and told apart from other errors.
void check_disk_full(const Reply& reply) {
    count("faults");
    CHECK(reply.status == 500);
    REQUIRE_MESSAGE(reply.code() == 500, reply.raw);
    CHECK(says_disk_full(reply.body["message"]));
    CHECK(reply.body["data"]["reason"] == "disk_full");
}

json wait_until_done(Api& api, const std::string& id) {
    for (int i = 0; i < 1200; ++i) {
        const Reply status = api.get("/api/render/proxy/lambda/" + id);
        count("requests");
        REQUIRE_MESSAGE(status.code() == 0, status.raw);
        const std::string s = status.data()["status"];
        if (s == "completed" || s == "failed") return status.data();
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    FAIL("the render " << id << " never finished");
    return {};
}

bool has_text(const json& draft, const std::string& text) {
    for (const json& track : draft["t"]) {
        for (const json& segment : track["sg"]) {
            if (segment["m"].value("text", "") == text) return true;
        }
    }
    return false;
}

}  // namespace

TEST_SUITE("faults") {

TEST_CASE("SIGKILL during a large upload: nothing of it is kept, everything before it is intact") {
    TempDir data, media;
    Studio studio(data.path + "/data", media.path);
    const Snapshot before = snapshot(studio);

    // 150 MB at about 25 MB/s: still going when the server dies.
    auto upload = std::async(std::launch::async, [&] { return slow_upload(studio.api, studio.session, 150 << 20, 10); });
    wait_for_partial_file(studio.data_dir + "/tmp", 8 << 20);
    studio.crash();
    CHECK(upload.get().status == 0);  // the client saw the connection break, not an answer

    studio.restart();
    check_intact(studio, before);
    CHECK(studio.api.upload_ok(studio.session, {{make_image(media.path, "after.png", 320, 240, "blue"), "after.png"}}).size() == 1);
}

TEST_CASE("SIGKILL mid-stream: the turn is applied whole or not at all, and charged only when applied") {
    TempDir data, media;
    // Slow chunks, so the stream is surely still open when the server dies.
    Studio studio(data.path + "/data", media.path, {"--stream-delay-ms", "300", "--silent-percent", "0"});
    // Once right after the first byte, once after the first tool step.
    for (const std::string marker : {": working", "functionCall"}) {
        CAPTURE(marker);
        const Snapshot before = snapshot(studio);
        const std::string title = "Cut " + std::to_string(before.state["version"].get<int>());
        std::promise<void> reached;
        std::once_flag once;
        auto turn = std::async(std::launch::async, [&] {
            return studio.api.stream_chat(studio.session, "add a title '" + title + "'", [&](const std::string& raw) {
                if (raw.find(marker) != std::string::npos) std::call_once(once, [&] { reached.set_value(); });
                return true;
            });
        });
        REQUIRE(reached.get_future().wait_for(std::chrono::seconds(30)) == std::future_status::ready);
        studio.crash();
        const SseResult cut = turn.get();
        CHECK(!cut.error.empty());
        CHECK(cut.texts(false).empty());  // the final reply never arrived

        studio.restart();
        const json after = latest(studio.api, studio.session);
        const json balance = credits(studio.api);
        const int64_t charged = before.balance["total"].get<int64_t>() - balance["total"].get<int64_t>();
        CHECK_KEPT(balance["frozen"] == 0);
        if (after["version"] == before.state["version"]) {
            MESSAGE("the cut turn was not applied");
            CHECK_KEPT(after["state"]["draft"] == before.state["state"]["draft"]);
            CHECK_KEPT(charged == 0);
        } else {
            MESSAGE("the cut turn was applied");
            CHECK_KEPT(after["version"] == before.state["version"].get<int>() + 1);
            CHECK_KEPT(has_text(after["state"]["draft"], title));
            CHECK_KEPT(has_text(after["state"]["draft"], "Before"));
            CHECK_KEPT(charged == 10);
        }
    }
    // The server serves the next turn as usual.
    const SseResult next = studio.api.chat(studio.session, "add a title 'After'");
    CHECK(next.texts(false).size() == 1);
    CHECK(has_text(studio.api.state(studio.session)["draft"], "After"));
}

TEST_CASE("a full disk during an upload: a clear error, no partial file, no media row, still serving") {
    TempDir dir, media;
    SmallDisk disk(dir.path + "/data", 24);
    if (!mounted_or_explained(disk)) return;
    Studio studio(disk.path, media.path);
    const Snapshot before = snapshot(studio);

    // A size announced up front that cannot fit is refused before a byte is written.
    check_disk_full(slow_upload(studio.api, studio.session, 40 << 20, 0));

    // Sent chunked, the size is unknown until the disk fills mid-write.
    check_disk_full(chunked_upload(studio.api, studio.session, 40 << 20));

    check_intact(studio, before);
    CHECK(studio.api.upload_ok(studio.session, {{make_image(media.path, "after.png", 320, 240, "blue"), "after.png"}}).size() == 1);
}

TEST_CASE("a full disk during a render: the job fails with the reason, leaves nothing, and a retry completes") {
    TempDir dir, media, out;
    SmallDisk disk(dir.path + "/data", 24);
    if (!mounted_or_explained(disk)) return;
    Studio studio(disk.path, media.path);
    const Snapshot before = snapshot(studio);
    disk.fill(512 << 10);  // room for the database, not for a 1080p render

    const std::string id = unique_id("render");
    count("requests");
    REQUIRE(studio.api.post("/api/render/proxy/lambda", {{"id", id}, {"sessionId", studio.session},
                                                         {"output", {{"format", "mp4"}}}}).code() == 0);
    const json failed = wait_until_done(studio.api, id);
    count("faults");
    REQUIRE_MESSAGE(failed["status"] == "failed", failed.dump());
    CHECK_MESSAGE(says_disk_full(failed["error"]), failed.dump());
    CHECK(count_files(studio.data_dir + "/renders") == 0);
    CHECK(count_files(studio.data_dir + "/work") == 0);

    disk.empty();
    check_intact(studio, before);
    const json retried = studio.api.export_and_wait(studio.session, {{"format", "mp4"}});
    count("requests", 3);
    REQUIRE_MESSAGE(retried["status"] == "completed", retried.dump());
    REQUIRE(fetch_plain(retried["output"]["url"], out.path + "/retry.mp4").status == 200);
    const json info = ffprobe(out.path + "/retry.mp4");
    REQUIRE(info.is_object());
    CHECK(std::abs(probe_duration_s(info) - 4.0) < 0.3);
}

}
