// Shared by the bad-input suites: a project on a fresh server with one good clip, checks that a
// refusal is clear and leaves nothing behind, and the counts each suite reports for the summary.
#pragma once
#include <string>
#include <vector>

#include "harness.hpp"

namespace cw::test {

// What one suite tried. Written to $CW_RELIABILITY_DIR/<suite>.json when the process ends, so a
// ctest run of the suite leaves its totals for the reliability summary.
struct Tally {
    explicit Tally(std::string suite) : suite(std::move(suite)) {}
    ~Tally();
    // One checked outcome; a wrong one is a failure (and a failed CHECK).
    void expect(bool ok, const std::string& what);
    std::string suite;
    int inputs = 0, requests = 0, failures = 0, lost = 0;
};

// One bad input and the refusal it must get: `target` is the file name of an upload or the path a
// body is posted to; the message must name the reason, one of `words`.
struct BadInput {
    std::string label, target, payload;
    int code;
    std::vector<std::string> words;
};

struct Project {
    explicit Project(Tally& tally, const std::vector<std::string>& args = {});

    // The answer has `code` and a message naming the reason (one of `words`, any case); the data
    // folder, the session's media, its draft and the balance are as they were.
    void expect_refused(const Reply& reply, int code, const std::vector<std::string>& words, const std::string& input);
    // Files in media/ and tmp/, media rows, draft version and credits are unchanged; the good clip
    // is still there (if not, it counts as lost).
    void expect_nothing_left(const std::string& input);
    // After a request was accepted: what is now stored is the new normal.
    void remember_state();
    std::string upload_path() const { return "/api/upload-video/nemo_agent/me/" + session; }

    Tally& tally;
    TempDir media;
    ServerProcess server;
    Api api;
    std::string session;
    std::string clip;  // a real 1 s video on disk, uploaded once
    json clip_record;

private:
    size_t media_files_ = 0, media_rows_ = 0;
    int64_t version_ = 0, credits_ = 0;
};

// POSTs `body` as it is (not necessarily JSON) with the client's headers.
Reply post_raw(const Api& api, const std::string& path, const std::string& body);
bool contains_any(const std::string& text, const std::vector<std::string>& words);  // case-insensitive
std::string write_file(const std::string& dir, const std::string& name, const std::string& bytes);
// A valid PNG header claiming width x height pixels, followed by a few bytes of image data.
std::string png_header_bomb(uint32_t width, uint32_t height);

}  // namespace cw::test
