// Bad API requests: malformed, mistyped, incomplete, deeply nested and huge bodies; unknown and
// foreign sessions; forged and expired tokens; hostile export drafts (empty, negative, huge, paths
// in metadata); titles and chat text with control characters, emoji and mixed scripts. Each gets a
// clear answer, changes nothing it should not, and the server keeps serving.
#include <chrono>
#include <cmath>
#include <filesystem>
#include <thread>
#include <tuple>

#include <doctest/doctest.h>

#include "bad_input.hpp"

using namespace cw::test;
namespace fs = std::filesystem;

namespace {

Tally tally("bad_api");

json chat_body(const std::string& session, const json& message) {
    return {{"app_name", "nemo_agent"}, {"user_id", "me"}, {"session_id", session}, {"new_message", message}};
}

json export_body(const std::string& session, const json& draft) {
    return {{"id", unique_id("render")}, {"sessionId", session}, {"draft", draft}, {"output", {{"format", "mp4"}}}};
}

json video_track(const json& segments) { return {{"t", {{{"tt", 0}, {"sg", segments}}}}}; }

// A stream that ended cleanly: whole frames, the last one a final event rather than a partial chunk.
bool ended_cleanly(const SseResult& turn) {
    const bool whole_frames = turn.raw.size() >= 2 && turn.raw.compare(turn.raw.size() - 2, 2, "\n\n") == 0;
    return whole_frames && !turn.events.empty() && !turn.events.back().value("partial", true);
}

}  // namespace

TEST_SUITE("bad_api") {

TEST_CASE("malformed, mistyped, incomplete and nested bodies get 400 or 1002 with the reason") {
    Project p(tally);
    const std::string sid = p.session;
    const std::string chat = "/run_sse", render = "/api/render/proxy/lambda";
    const auto message = [&](const json& m) { return chat_body(sid, m).dump(); };
    const std::vector<BadInput> bodies = {
        {"not JSON", chat, "{not json", 400, {"not valid JSON"}},
        {"JSON array", chat, "[1, 2]", 400, {"object"}},
        {"truncated JSON", chat, R"({"session_id": ")" + sid, 400, {"not valid JSON"}},
        {"invalid UTF-8", chat, "{\"session_id\": \"\xff\xfe\"}", 400, {"not valid JSON"}},
        {"no session id", chat, json{{"new_message", {{"parts", {{{"text", "hi"}}}}}}}.dump(), 1002, {"session"}},
        {"parts not an array", chat, message({{"role", "user"}, {"parts", "hello"}}), 400, {"no text"}},
        {"new_message a string", chat, message("hello"), 400, {"no text"}},
        {"text a number", chat, message({{"parts", {{{"text", 42}}}}}), 400, {"no text"}},
        {"no new_message", chat, json{{"session_id", sid}}.dump(), 400, {"no text"}},
        {"nested 100000 deep", chat, std::string(100000, '[') + std::string(100000, ']'), 400, {"nested"}},
        {"message nested deep", chat, R"({"session_id": ")" + sid + R"(", "new_message": )" + std::string(50000, '[') +
                                          std::string(50000, ']') + "}", 400, {"nested"}},
        {"export without id", render, json{{"sessionId", sid}}.dump(), 400, {"'id'"}},
        {"export id a number", render, json{{"id", 5}, {"sessionId", sid}}.dump(), 400, {"'id'"}},
        {"export without session", render, json{{"id", "render_x1"}}.dump(), 1002, {"session"}},
        {"export draft an array", render, json{{"id", "render_x2"}, {"sessionId", sid}, {"draft", json::array()}}.dump(), 400, {"draft"}},
        {"export output a string", render, json{{"id", "render_x3"}, {"sessionId", sid}, {"output", "gif"}}.dump(), 400, {"output"}},
        {"export width a string", render, json{{"id", "render_x4"}, {"sessionId", sid}, {"output", {{"width", "big"}}}}.dump(), 400, {"width"}},
        {"urls a string", p.upload_path(), json{{"urls", "http://127.0.0.1/a.mp4"}}.dump(), 400, {"array"}},
        {"urls empty", p.upload_path(), json{{"urls", json::array()}}.dump(), 400, {"array"}},
        {"url a number", p.upload_path(), json{{"urls", {42}}}.dump(), 4001, {"http"}},
    };
    for (const BadInput& b : bodies) p.expect_refused(post_raw(p.api, b.target, b.payload), b.code, b.words, b.label);
    json numeric = chat_body("", {{"parts", {{{"text", "hi"}}}}});
    numeric["session_id"] = 42;
    p.expect_refused(post_raw(p.api, chat, numeric.dump()), 1002, {"session"}, "session id 42");
}

TEST_CASE("a 20 MB body is refused with the limit, in bounded time; the server keeps serving") {
    Project p(tally);
    const std::string huge_text(20 << 20, 'a');
    for (const std::string& path : {std::string("/run_sse"), std::string("/api/render/proxy/lambda"), p.upload_path()}) {
        const auto started = std::chrono::steady_clock::now();
        p.expect_refused(post_raw(p.api, path, chat_body(p.session, {{"parts", {{{"text", huge_text}}}}}).dump()), 400,
                         {"1 MB"}, "20 MB JSON to " + path);
        tally.expect(std::chrono::steady_clock::now() - started < std::chrono::seconds(20), "20 MB body: too slow");
    }
    ++tally.requests;
    CHECK(ended_cleanly(p.api.chat(p.session, "add a title 'still here'")));
}

TEST_CASE("unknown and foreign sessions are 1002 and show nothing of the other project") {
    Project p(tally);
    p.api.chat(p.session, "add a title 'Secret Plans'");
    p.remember_state();
    Api stranger(p.server.port);
    stranger.sign_in();
    tally.requests += 2;
    for (const std::string& sid : {p.session, std::string("0123456789abcdef0123456789abcdef"), std::string(5000, 'f'),
                                   std::string("%27%20OR%20%271%27%3D%271")}) {
        for (const Reply& reply : {stranger.get("/api/state/nemo_agent/me/" + sid + "/latest"),
                                   stranger.post("/run_sse", chat_body(sid, {{"parts", {{{"text", "remove the title"}}}}})),
                                   stranger.upload(sid, {{p.clip, "clip.mp4"}}),
                                   stranger.post("/api/render/proxy/lambda", export_body(sid, nullptr))}) {
            p.expect_refused(reply, 1002, {"session not found"}, "session " + sid.substr(0, 40));
            tally.expect(reply.raw.find("Secret") == std::string::npos, "a foreign session's data leaked: " + reply.raw);
        }
    }
}

TEST_CASE("forged and malformed tokens are 1001 on every endpoint; nothing changes") {
    Project p(tally);
    std::string changed = p.api.token;
    changed[changed.size() / 2] = changed[changed.size() / 2] == 'a' ? 'b' : 'a';
    const auto refused_everywhere = [&](const std::string& token, const std::vector<std::string>& words) {
        Api forged = p.api;
        forged.token = token;
        const std::string sid = p.session;
        for (const Reply& reply : {forged.get("/api/credits/balance/simple"), forged.get("/api/state/nemo_agent/me/" + sid + "/latest"),
                                   forged.post("/api/tasks/me/with-session/nemo_agent", {{"task_name", "project"}}),
                                   forged.post("/run_sse", chat_body(sid, {{"parts", {{{"text", "add a title 'x'"}}}}})),
                                   forged.upload(sid, {{p.clip, "clip.mp4"}}),
                                   forged.post("/api/render/proxy/lambda", export_body(sid, nullptr))}) {
            p.expect_refused(reply, 1001, words, "token '" + token.substr(0, 40) + "'");
        }
    };
    for (const std::string& token : {std::string("not-a-token"), unique_id("random") + unique_id("x"), changed,
                                     p.api.token + "0", std::string(8000, 'A'), std::string("' OR '1'='1")}) {
        refused_everywhere(token, {"not valid"});
    }
    refused_everywhere("", {"missing bearer token"});
}

TEST_CASE("an expired token is 1001 saying so") {
    ServerProcess server({"--token-ttl-s", "1"});
    Api api(server.port);
    api.sign_in();
    const std::string session = api.new_session();
    std::this_thread::sleep_for(std::chrono::milliseconds(2100));
    for (const Reply& reply : {api.get("/api/credits/balance/simple"), api.get("/api/state/nemo_agent/me/" + session + "/latest"),
                               api.post("/run_sse", chat_body(session, {{"parts", {{{"text", "hi"}}}}}))}) {
        ++tally.inputs;
        ++tally.requests;
        tally.expect(reply.code() == 1001 && contains_any(reply.body.value("message", ""), {"expired"}), "expired token: " + reply.raw);
    }
}

TEST_CASE("hostile export drafts are refused at once with the reason; no job, no render") {
    Project p(tally);
    const std::string clip = p.clip_record["id"];
    const json one_second = {{"d", 1000}, {"m", {{"src", clip}}}};
    json many = json::array(), flood = json::array();
    for (int i = 0; i < 501; ++i) many.push_back(one_second);
    for (int i = 0; i < 100000; ++i) flood.push_back({{"d", 1}});
    const std::vector<std::tuple<std::string, json, std::vector<std::string>>> drafts = {
        {"empty draft", json::object(), {"empty"}},
        {"no segments", {{"t", json::array()}}, {"empty"}},
        {"negative durations", video_track({{{"d", -1000}, {"m", {{"src", clip}}}}, {{"st", -50}, {"d", -1}}}), {"empty"}},
        {"zero durations", video_track({{{"d", 0}, {"m", {{"src", clip}}}}}), {"empty"}},
        {"501 segments", video_track(many), {"at most 500"}},
        {"100000 tiny segments", video_track(flood), {"at most 500"}},
        {"1e300 ms", video_track({{{"d", 1e300}, {"m", {{"src", clip}}}}}), {"60 minutes"}},
        {"two hours", video_track({{{"d", 7200000}, {"m", {{"src", clip}}}}}), {"60 minutes"}},
        {"src ../../etc/passwd", video_track({{{"d", 1000}, {"m", {{"src", "../../etc/passwd"}}}}}), {"not in this session"}},
        {"src /etc/passwd", video_track({{{"d", 1000}, {"m", {{"src", "/etc/passwd"}}}}}), {"not in this session"}},
        {"src file URL", video_track({{{"d", 1000}, {"m", {{"src", "file:///etc/passwd"}}}}}), {"not in this session"}},
        {"src a number", video_track({{{"d", 1000}, {"m", {{"src", 42}}}}}), {"no media"}},
        {"no src", video_track({{{"d", 1000}}}), {"no media"}},
    };
    for (const auto& [label, draft, words] : drafts) {
        const json body = export_body(p.session, draft);
        const auto started = std::chrono::steady_clock::now();
        p.expect_refused(p.api.post("/api/render/proxy/lambda", body), 400, words, label);
        tally.expect(std::chrono::steady_clock::now() - started < std::chrono::seconds(10), label + ": took too long");
        tally.expect(p.api.get("/api/render/proxy/lambda/" + body["id"].get<std::string>()).code() == 404, label + ": a job was made");
    }
    json million = export_body(p.session, video_track(json::array()));
    million["draft"]["t"][0]["sg"] = json::array();
    for (int i = 0; i < 1000000; ++i) million["draft"]["t"][0]["sg"].push_back({{"d", 1}});
    const auto started = std::chrono::steady_clock::now();
    p.expect_refused(post_raw(p.api, "/api/render/proxy/lambda", million.dump()), 400, {"1 MB"}, "1000000 segments");
    tally.expect(std::chrono::steady_clock::now() - started < std::chrono::seconds(20), "1000000 segments: took too long");
    tally.expect(count_files(p.server.data_dir + "/renders") == 0, "a render file was made");
}

TEST_CASE("paths in metadata and hostile titles: ffmpeg reads only the session's media (and the built-in music) and draws the text") {
    Project p(tally);
    const std::string clip = p.clip_record["id"];
    const std::string title = "\x01\x1b[31m{\\fnEvil}\\N \xF0\x9F\x98\x80 \xe4\xbd\xa0\xe5\xa5\xbd \xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d "
                              "[in];'quote' $(touch /tmp/cw-title-probe) %{pts}\t\r\n\x7f";
    const json meta = {{"src", clip}, {"path", "/etc/passwd"}, {"file", "../../etc/shadow"}, {"url", "file:///etc/passwd"}};
    json draft = video_track({{{"d", 1000}, {"m", meta}}});
    draft["t"].push_back({{"tt", 7}, {"sg", {{{"d", 1000}, {"m", {{"text", title}, {"color", "'; rm -rf /"}, {"position", "[x]"}}}}}}});
    draft["t"].push_back({{"tt", 1}, {"sg", {{{"d", 1000}, {"m", {{"src", "builtin:music"}, {"volume", 0.5}}}}}}});
    draft["m"] = {{"fit", "../../etc/passwd"}, {"export", {{"format", "mp4"}, {"dither", "none;touch /tmp/cw-title-probe"}}}};
    const json body = export_body(p.session, draft);
    ++tally.inputs;
    tally.requests += 1;
    const Reply submitted = p.api.post("/api/render/proxy/lambda", body);
    REQUIRE_MESSAGE(submitted.code() == 0, submitted.raw);
    json status;
    for (int i = 0; i < 300; ++i, ++tally.requests) {
        status = p.api.get("/api/render/proxy/lambda/" + body["id"].get<std::string>()).data();
        if (status["status"] == "completed" || status["status"] == "failed") break;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    tally.expect(status["status"] == "completed", "the hostile title broke the render: " + status.dump());
    tally.expect(!fs::exists("/tmp/cw-title-probe"), "a title reached a shell");
    if (status["status"] == "completed") {
        const std::string out = p.media.path + "/out.mp4";
        fetch_plain(status["output"]["url"], out);
        const json info = ffprobe(out);
        tally.expect(info.is_object() && std::abs(probe_duration_s(info) - 1.0) < 0.3, "the render is not the 1 s clip");
    }
}

TEST_CASE("chat text: empty, huge, control characters, mixed scripts; the stream ends cleanly, the session works") {
    Project p(tally, {"--silent-percent", "0", "--stream-delay-ms", "0", "--initial-credits", "1000"});
    p.expect_refused(p.api.post("/run_sse", chat_body(p.session, {{"parts", {{{"text", ""}}}}})), 400, {"no text"}, "empty text");
    const std::vector<std::pair<std::string, std::string>> messages = {
        {"spaces only", "   \t  "},
        {"100 KB", std::string(100 * 1024, 'a')},
        {"100 KB title", "add a title: " + std::string(100 * 1024, 'b')},
        {"100 KB of quotes", std::string(50 * 1024, '"') + std::string(50 * 1024, '\'')},
        {"brackets and quotes", "\"" + std::string(100, '[') + "\\\" add a title 'x'"},
        {"control characters", "\x01\x02\x1b[31m add a title 'x\x07y\x00z'"},
        {"mixed scripts", "add a title 'Hello \xe4\xbd\xa0\xe5\xa5\xbd \xF0\x9F\x98\x80 \xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d \xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7'"},
        {"Chinese with RTL", "\xe6\xb7\xbb\xe5\x8a\xa0\xe6\xa0\x87\xe9\xa2\x98\xe3\x80\x8c\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d\xe3\x80\x8d"},
    };
    for (const auto& [label, text] : messages) {
        ++tally.inputs;
        tally.requests += 2;
        const SseResult turn = p.api.chat(p.session, text);
        if (!turn.envelope.is_null()) {
            tally.expect(turn.envelope.value("code", 0) == 400 && contains_any(turn.envelope.value("message", ""), {"too long"}),
                         label + ": " + turn.raw.substr(0, 300));
        } else {
            tally.expect(ended_cleanly(turn), label + ": the stream did not end cleanly: " + turn.raw.substr(0, 300));
            tally.expect(!turn.texts(false).empty() && !turn.texts(false).back().empty(), label + ": no answer");
        }
        const SseResult after = p.api.chat(p.session, "add a title 'still works'");
        tally.expect(ended_cleanly(after) && !after.texts(false).empty(), label + ": the session stopped working");
    }
}

}
