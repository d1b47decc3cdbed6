// The bad-input suites' fixture and counts.
#include "bad_input.hpp"

#include <algorithm>
#include <fstream>

#include <doctest/doctest.h>
#include <zlib.h>

#include "reliability.hpp"

namespace cw::test {

Tally::~Tally() {
    if (requests > 0) record_reliability(suite, {{"inputs", inputs}, {"requests", requests}, {"failures", failures}, {"lost", lost}});
}

void Tally::expect(bool ok, const std::string& what) {
    CHECK_MESSAGE(ok, what);
    if (!ok) ++failures;
}

Project::Project(Tally& tally, const std::vector<std::string>& args) : tally(tally), server(args), api(server.port) {
    api.sign_in();
    session = api.new_session();
    clip = make_clip(media.path, "clip.mp4", 1, 160, 120);
    clip_record = api.upload_ok(session, {{clip, "clip.mp4"}})[0];
    tally.requests += 3;
    remember_state();
}

void Project::remember_state() {
    media_files_ = count_files(server.data_dir + "/media");
    const Reply state = api.get("/api/state/nemo_agent/me/" + session + "/latest");
    media_rows_ = state.data()["state"]["video_infos"].size();
    version_ = state.data()["version"].get<int64_t>();
    credits_ = api.get("/api/credits/balance/simple").data()["total"].get<int64_t>();
    tally.requests += 2;
}

void Project::expect_refused(const Reply& reply, int code, const std::vector<std::string>& words, const std::string& input) {
    ++tally.inputs;
    ++tally.requests;
    const std::string message = reply.body.is_object() ? reply.body.value("message", "") : "";
    tally.expect(reply.code() == code, input + ": code " + std::to_string(reply.code()) + ", want " + std::to_string(code) +
                                           " (" + reply.raw.substr(0, 300) + ")");
    tally.expect(contains_any(message, words), input + ": the message '" + message + "' does not say why");
    expect_nothing_left(input);
}

void Project::expect_nothing_left(const std::string& input) {
    const Reply state = api.get("/api/state/nemo_agent/me/" + session + "/latest");
    const Reply credits = api.get("/api/credits/balance/simple");
    tally.requests += 2;
    REQUIRE_MESSAGE(state.code() == 0, (input + ": the server stopped answering: " + state.raw));
    const json& infos = state.data()["state"]["video_infos"];
    const bool clip_kept = std::any_of(infos.begin(), infos.end(), [&](const json& m) { return m["id"] == clip_record["id"]; });
    if (!clip_kept) ++tally.lost;
    tally.expect(clip_kept, input + ": the good clip is gone");
    tally.expect(count_files(server.data_dir + "/media") == media_files_, input + ": a file was left in media/");
    tally.expect(count_files(server.data_dir + "/tmp") == 0, input + ": a file was left in tmp/");
    tally.expect(infos.size() == media_rows_, input + ": a media row was added");
    tally.expect(state.data()["version"] == version_, input + ": the draft changed");
    tally.expect(credits.data()["total"] == credits_, input + ": credits were charged");
}

Reply post_raw(const Api& api, const std::string& path, const std::string& body) {
    httplib::Client client("127.0.0.1", api.port);
    client.set_read_timeout(60);
    client.set_write_timeout(60);
    const auto result = client.Post(path.c_str(), api.headers(), body, "application/json");
    Reply reply;
    if (!result) return reply;
    reply.status = result->status;
    reply.raw = result->body;
    reply.body = json::parse(result->body, nullptr, false);
    if (reply.body.is_discarded()) reply.body = nullptr;
    return reply;
}

bool contains_any(const std::string& text, const std::vector<std::string>& words) {
    std::string lower = text;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return std::any_of(words.begin(), words.end(), [&](std::string word) {
        std::transform(word.begin(), word.end(), word.begin(), [](unsigned char c) { return char(std::tolower(c)); });
        return lower.find(word) != std::string::npos;
    });
}

std::string write_file(const std::string& dir, const std::string& name, const std::string& bytes) {
    const std::string path = dir + "/" + name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
}

namespace {

std::string big_endian32(uint32_t value) {
    return {char(value >> 24), char(value >> 16), char(value >> 8), char(value)};
}

std::string png_chunk(const std::string& type, const std::string& data) {
    const std::string typed = type + data;
    const uLong crc = crc32(0, reinterpret_cast<const Bytef*>(typed.data()), uInt(typed.size()));
    return big_endian32(uint32_t(data.size())) + typed + big_endian32(uint32_t(crc));
}

}  // namespace

std::string png_header_bomb(uint32_t width, uint32_t height) {
    const std::string header = big_endian32(width) + big_endian32(height) + std::string("\x08\x06\x00\x00\x00", 5);
    std::string pixels(64, '\0');
    uLongf packed_size = compressBound(uLong(pixels.size()));
    std::string packed(packed_size, '\0');
    compress(reinterpret_cast<Bytef*>(packed.data()), &packed_size, reinterpret_cast<const Bytef*>(pixels.data()),
             uLong(pixels.size()));
    packed.resize(packed_size);
    return std::string("\x89PNG\r\n\x1a\n", 8) + png_chunk("IHDR", header) + png_chunk("IDAT", packed) +
           png_chunk("IEND", "");
}

}  // namespace cw::test
