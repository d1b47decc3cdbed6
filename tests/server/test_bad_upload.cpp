// Bad uploads: files that lie about their type, damaged or empty files, picture bombs, files over
// the limit, hostile names, too many files, mixed good and bad requests, and URL ingest that must
// not leave plain http(s) or the URL's own host. Each is refused with a clear reason and leaves
// nothing behind; accepted hostile names are stored safely.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>
#include <tuple>

#include <doctest/doctest.h>

#include "bad_input.hpp"

using namespace cw::test;
namespace fs = std::filesystem;

namespace {

Tally tally("bad_upload");

// A real clip cut in half: the index (moov) that ffmpeg writes at the end is missing.
std::string truncated_clip(const std::string& clip) {
    std::ifstream in(clip, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return bytes.substr(0, bytes.size() / 2);
}

// Every file in the data folder is the database or media/<32 hex>.<ext>: no user name became a path.
void expect_only_stored_names(const std::string& data_dir) {
    static const std::regex allowed(R"(clipwright\.db(-wal|-shm|-journal)?|media/[0-9a-f]{32}\.[a-z0-9]{2,4})");
    for (const auto& entry : fs::recursive_directory_iterator(data_dir)) {
        if (!entry.is_regular_file()) continue;
        const std::string relative = fs::relative(entry.path(), data_dir).string();
        tally.expect(std::regex_match(relative, allowed), "unexpected file in the data folder: " + relative);
    }
}

bool valid_display_name(const std::string& name) {
    const bool no_controls = std::none_of(name.begin(), name.end(), [](char c) { return (unsigned char)c < 0x20; });
    return !name.empty() && name.size() <= 200 && name.find('/') == std::string::npos && no_controls;
}

// A loopback web server for URL ingest that counts the requests it gets.
class Site {
public:
    explicit Site(const std::string& dir) {
        server_.set_mount_point("/", dir);
        server_.set_logger([this](const httplib::Request&, const httplib::Response&) { ++hits; });
        port = server_.bind_to_any_port("127.0.0.1");
        thread_ = std::thread([this] { server_.listen_after_bind(); });
    }
    ~Site() {
        server_.stop();
        thread_.join();
    }
    void redirect(const std::string& from, const std::string& to) {
        server_.Get(from, [to](const httplib::Request&, httplib::Response& res) { res.set_redirect(to); });
    }
    std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port) + path; }
    int port = 0;
    std::atomic<int> hits{0};

private:
    httplib::Server server_;
    std::thread thread_;
};

}  // namespace

TEST_SUITE("bad_upload") {

TEST_CASE("files that are not what they claim, damaged, empty, too big or picture bombs: refused, nothing kept") {
    Project p(tally, {"--max-upload-mb", "1"});
    const std::vector<BadInput> files = {
        {"text named clip.mp4", "clip.mp4", "just some words, not a video\n", 4001, {"not a supported"}},
        {"truncated mp4", "clip.mp4", truncated_clip(p.clip), 4001, {"damaged", "cut short"}},
        {"zero bytes", "clip.mp4", "", 4001, {"empty"}},
        {"HLS playlist pointing at /etc/passwd", "clip.mp4", "#EXTM3U\n#EXTINF:1,\n/etc/passwd\n", 4001, {"not a supported"}},
        {"ffconcat script", "clip.mp4", "ffconcat version 1.0\nfile '/etc/passwd'\n", 4001, {"not a supported"}},
        {"PNG claiming 60000x60000", "photo.png", png_header_bomb(60000, 60000), 4002, {"pixels"}},
        {"PNG claiming 16000x16000", "photo.png", png_header_bomb(16000, 16000), 4002, {"pixels"}},
        {"PNG claiming 1x70000", "photo.png", png_header_bomb(1, 70000), 4002, {"pixels"}},
        {"GIF claiming 65535x65535", "anim.gif", std::string("GIF89a\xff\xff\xff\xff\x00\x00\x00;", 14), 4002, {"pixels"}},
        {"2.5 MB over a 1 MB limit", "big.mp4", std::string(2500 * 1024, 'x'), 4002, {"1 MB"}},
    };
    for (const BadInput& f : files) {
        const auto started = std::chrono::steady_clock::now();
        const std::string path = write_file(p.media.path, "upload.bin", f.payload);
        p.expect_refused(p.api.upload(p.session, {{path, f.target}}), f.code, f.words, f.label);
        // Refusing a bomb must not mean decoding it first.
        tally.expect(std::chrono::steady_clock::now() - started < std::chrono::seconds(5), f.label + ": took too long");
        // All or nothing: next to a good file, the good one is not kept either.
        p.expect_refused(p.api.upload(p.session, {{p.clip, "good.mp4"}, {path, f.target}}), f.code, f.words,
                         f.label + " after a good file");
    }
}

TEST_CASE("hostile file names are stored under the server's own name; the reported name is clean UTF-8") {
    Project p(tally);
    const std::vector<std::pair<std::string, std::string>> names = {
        {"../../../etc/passwd.mp4", "passwd.mp4"},
        {"..", "file"},
        {"/tmp/absolute.mp4", "absolute.mp4"},
        {"C:\\Windows\\clip.mp4", "clip.mp4"},
        {std::string("a\0b.mp4", 7), ""},
        {"clip\xff\xfe\xc3(.mp4", "clip\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD(.mp4"},
        {"photo\xE2\x80\xAEgpj.mp4", "photogpj.mp4"},
        {std::string(5000, 'n') + ".mp4", std::string(200, 'n')},
        {"clip$(touch cw-name-probe);`touch cw-name-probe`.mp4", "clip$(touch cw-name-probe);`touch cw-name-probe`.mp4"},
        {"\xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x98\x80 \xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d.mp4", "\xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x98\x80 \xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d.mp4"},
    };
    for (const auto& [raw, expected] : names) {
        ++tally.inputs;
        ++tally.requests;
        const Reply reply = p.api.upload(p.session, {{p.clip, raw}});
        // The reply parsed as JSON, so it is valid UTF-8.
        tally.expect(reply.code() == 0, "name '" + raw.substr(0, 40) + "': " + reply.raw.substr(0, 200));
        if (reply.code() != 0) continue;
        const std::string name = reply.data()["files"][0]["name"];
        tally.expect(valid_display_name(name), "unsafe reported name '" + name + "'");
        if (!expected.empty()) tally.expect(name == expected, "name '" + name + "', want '" + expected + "'");
    }
    expect_only_stored_names(p.server.data_dir);
    // The names go into the draft; the agent's edit with them stores and streams normally.
    const SseResult turn = p.api.chat(p.session, "turn these clips into one video");
    ++tally.requests;
    tally.expect(!turn.events.empty() && turn.envelope.is_null(), "the edit after hostile names failed: " + turn.raw.substr(0, 300));
    tally.expect(!p.api.state(p.session)["draft"]["t"].empty(), "the edit after hostile names stored no timeline: " + turn.raw.substr(0, 400));
    tally.expect(!fs::exists("cw-name-probe") && !fs::exists(p.server.data_dir + "/work/cw-name-probe"), "a file name reached a shell");
}

TEST_CASE("more than 50 files in one request are refused; 50 are accepted") {
    Project p(tally);
    const std::string image = make_image(p.media.path, "tiny.png", 16, 16, "green");
    std::vector<std::pair<std::string, std::string>> files(51, {image, "tiny.png"});
    p.expect_refused(p.api.upload(p.session, files), 400, {"at most 50"}, "51 files");
    json urls = json::array();
    for (int i = 0; i < 51; ++i) urls.push_back("http://127.0.0.1:9/x.png");
    p.expect_refused(p.api.post(p.upload_path(), {{"urls", urls}}), 400, {"at most 50"}, "51 urls");
    files.pop_back();
    ++tally.requests;
    CHECK(p.api.upload_ok(p.session, files).size() == 50);
}

TEST_CASE("URL ingest: only http(s), never to another host, and only media") {
    Project p(tally, {"--allow-loopback-urls"});
    make_clip(p.media.path, "remote.mp4", 1, 160, 120);
    write_file(p.media.path, "page.html", "<html><body>not a video</body></html>");
    Site site(p.media.path), other(p.media.path);
    site.redirect("/moved.mp4", "/remote.mp4");
    site.redirect("/to-localhost.mp4", "http://localhost:" + std::to_string(site.port) + "/remote.mp4");
    site.redirect("/to-other-port.mp4", other.url("/remote.mp4"));
    site.redirect("/to-file.mp4", "file:///etc/passwd");
    site.redirect("/loop.mp4", "/loop.mp4");

    const std::vector<std::tuple<std::string, int, std::vector<std::string>>> refused = {
        {"file:///etc/passwd", 4001, {"http"}},
        {"ftp://127.0.0.1/clip.mp4", 4001, {"http"}},
        {"gopher://127.0.0.1:70/_clip", 4001, {"http"}},
        {"data:video/mp4;base64,AAAA", 4001, {"http"}},
        {"javascript:alert(1)", 4001, {"http"}},
        {"http://user:pass@127.0.0.1/clip.mp4", 4001, {"http"}},
        {"HTTP://127.0.0.1:" + std::to_string(site.port) + "/remote.mp4 trailing", 4001, {"http"}},
        {site.url("/to-localhost.mp4"), 400, {"another address"}},
        {site.url("/to-other-port.mp4"), 400, {"another address"}},
        {site.url("/to-file.mp4"), 400, {"another address"}},
        {site.url("/loop.mp4"), 400, {"redirects too many times"}},
        {site.url("/page.html"), 4001, {"not a supported"}},
        {site.url("/missing.mp4"), 400, {"could not download"}},
    };
    for (const auto& [url, code, words] : refused) {
        p.expect_refused(p.api.post(p.upload_path(), {{"urls", {url}}, {"source_type", "url"}}), code, words, url);
        p.expect_refused(p.api.post(p.upload_path(), {{"urls", {site.url("/remote.mp4"), url}}}), code, words, url + " after a good URL");
    }
    tally.expect(other.hits == 0, "a redirect to another host was followed");
    ++tally.requests;
    const Reply moved = p.api.post(p.upload_path(), {{"urls", {site.url("/moved.mp4")}}});
    tally.expect(moved.code() == 0 && moved.data()["files"][0]["type"] == "video", "same-host redirect: " + moved.raw);
}

}
