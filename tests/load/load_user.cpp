// One simulated user: the contract's steps in order, each checked against what the server said it
// did. A request that should succeed and does not is a failure; an acknowledged edit, charge or
// render that is not in the state afterwards is a loss.
#include "load_user.hpp"

#include <chrono>
#include <functional>
#include <optional>
#include <thread>

namespace cw::load {

using cw::test::Api;
using cw::test::Reply;
using cw::test::SseResult;
using Clock = std::chrono::steady_clock;

// [SECTION] stats

void Stats::request(int n) {
    std::lock_guard<std::mutex> lock(mutex_);
    figures_.requests += n;
}

void Stats::fail(const std::string& why) {
    std::lock_guard<std::mutex> lock(mutex_);
    ++figures_.failures;
    if (figures_.problems.size() < 12) figures_.problems.push_back("failed: " + why);
}

void Stats::lose(const std::string& why) {
    std::lock_guard<std::mutex> lock(mutex_);
    ++figures_.lost;
    if (figures_.problems.size() < 12) figures_.problems.push_back("lost: " + why);
}

void Stats::first_event(double ms) {
    std::lock_guard<std::mutex> lock(mutex_);
    figures_.first_event_ms.push_back(ms);
}

void Stats::export_done(double ms) {
    std::lock_guard<std::mutex> lock(mutex_);
    figures_.export_ms.push_back(ms);
}

Stats::Figures Stats::figures() {
    std::lock_guard<std::mutex> lock(mutex_);
    return figures_;
}

namespace {

// [SECTION] the turns and how to see them in the draft

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

bool has_text(const json& draft, const std::string& text) {
    for (const json& track : draft.value("t", json::array())) {
        for (const json& segment : track.value("sg", json::array())) {
            const json meta = segment.value("m", json::object());
            if (meta.is_object() && meta.value("text", "") == text) return true;
        }
    }
    return false;
}

bool wants_gif(const json& draft) {
    const json meta = draft.value("m", json::object());
    return meta.is_object() && meta.value("export", json::object()).value("format", "") == "gif";
}

struct Turn {
    std::string message;
    std::function<bool(const json& draft)> applied;
};

const std::vector<Turn>& turns() {
    static const std::vector<Turn> list = {
        {"convert this clip into a looping GIF", wants_gif},
        {"add title 'Hello' for 2 seconds", [](const json& d) { return has_text(d, "Hello"); }},
        {"添加标题「你好」前2秒", [](const json& d) { return has_text(d, "你好"); }},
    };
    return list;
}

bool is_media(const std::string& bytes, bool gif) {
    if (gif) return bytes.rfind("GIF8", 0) == 0;
    return bytes.size() > 8 && bytes.compare(4, 4, "ftyp") == 0;
}

// [SECTION] the user

class User {
public:
    User(const Scenario& scenario, Stats& stats) : scenario_(scenario), stats_(stats), api_(scenario.ports.front()) {}
    void run();

private:
    bool ok(const Reply& reply, const std::string& what);
    Api& api();  // the next API server in turn: behind a load balancer every request may land elsewhere
    std::optional<json> state();
    bool sign_in();
    bool open_session();
    bool upload();
    bool chat(const Turn& turn);
    bool start_export();
    bool finish_export();
    void check_everything();

    const Scenario& scenario_;
    Stats& stats_;
    Api api_;
    size_t requests_ = 0;
    std::string session_;
    json draft_;
    int64_t version_ = 0;
    int64_t upload_size_ = 0;
    std::string render_id_;
    Clock::time_point export_started_;
};

void User::run() {
    if (!sign_in() || !open_session() || !upload()) return;
    const auto& list = turns();
    if (!chat(list[0])) return;
    // Exporting users render while they go on chatting, so the exports overlap the chat load.
    if (scenario_.exports && !start_export()) return;
    for (size_t i = 1; i < list.size(); ++i) {
        if (!chat(list[i])) return;
    }
    if (scenario_.exports && !finish_export()) return;
    check_everything();
}

Api& User::api() {
    api_.port = scenario_.ports[requests_++ % scenario_.ports.size()];
    return api_;
}

bool User::ok(const Reply& reply, const std::string& what) {
    stats_.request();
    if (reply.code() == 0) return true;
    stats_.fail(what + ": HTTP " + std::to_string(reply.status) + " " + reply.raw.substr(0, 160));
    return false;
}

std::optional<json> User::state() {
    const Reply reply = api().get("/api/state/nemo_agent/me/" + session_ + "/latest");
    if (!ok(reply, "state")) return std::nullopt;
    return reply.data();
}

bool User::sign_in() {
    const Reply reply = api().post("/api/auth/anonymous-token", json::object(), {{"X-Client-Id", cw::test::unique_id("load")}});
    if (!ok(reply, "anonymous token")) return false;
    api_.token = reply.data()["token"].get<std::string>();
    return true;
}

bool User::open_session() {
    const Reply reply = api().post("/api/tasks/me/with-session/nemo_agent", {{"task_name", "project"}, {"language", "en"}});
    if (!ok(reply, "session")) return false;
    session_ = reply.data()["session_id"].get<std::string>();
    return true;
}

bool User::upload() {
    const Reply reply = api().upload(session_, {{scenario_.clip_path, "clip.mp4"}});
    if (!ok(reply, "upload")) return false;
    const json files = reply.data()["files"];
    if (files.size() != 1 || files[0]["type"] != "video") {
        stats_.fail("upload answered " + files.dump());
        return false;
    }
    upload_size_ = files[0]["size"].get<int64_t>();
    return true;
}

// A turn is acknowledged when its stream ends without an error; the state right after must show it.
bool User::chat(const Turn& turn) {
    stats_.request();
    const SseResult result = api().stream_chat(session_, turn.message);
    bool broken = !result.error.empty() || result.status != 200 || result.events.empty();
    for (const json& event : result.events) broken = broken || event.contains("errorCode");
    if (broken) {
        stats_.fail("chat '" + turn.message + "': HTTP " + std::to_string(result.status) + " " + result.error + " " +
                    result.raw.substr(0, 160));
        return false;
    }
    stats_.first_event(result.first_byte_ms);
    const auto after = state();
    if (!after) return false;
    draft_ = (*after)["state"]["draft"];
    const int64_t version = (*after)["version"].get<int64_t>();
    if (version != version_ + 1 || !turn.applied(draft_)) {
        stats_.lose("'" + turn.message + "' acknowledged, but the state is version " + std::to_string(version) +
                    " (expected " + std::to_string(version_ + 1) + ")" + (turn.applied(draft_) ? "" : " without it"));
    }
    version_ = version;
    return true;
}

bool User::start_export() {
    render_id_ = cw::test::unique_id("render");
    const json output = scenario_.gif ? json{{"format", "gif"}, {"width", 240}, {"fps", 10}}
                                      : json{{"format", "mp4"}, {"height", 360}, {"quality", "low"}};
    export_started_ = Clock::now();
    return ok(api().post("/api/render/proxy/lambda",
                        {{"id", render_id_}, {"sessionId", session_}, {"draft", draft_}, {"output", output}}),
              "export");
}

bool User::finish_export() {
    const auto deadline = export_started_ + std::chrono::minutes(10);
    while (Clock::now() < deadline) {
        const Reply reply = api().get("/api/render/proxy/lambda/" + render_id_);
        if (!ok(reply, "render status")) return false;
        const std::string status = reply.data()["status"];
        if (status == "failed") {
            stats_.fail("render " + render_id_ + " failed: " + reply.data().value("error", ""));
            return false;
        }
        if (status == "completed") {
            stats_.export_done(ms_since(export_started_));
            stats_.request();
            const Reply file = cw::test::fetch_plain(reply.data()["output"]["url"]);
            if (file.status != 200 || !is_media(file.raw, scenario_.gif)) {
                stats_.fail("download of " + render_id_ + ": HTTP " + std::to_string(file.status) + ", " +
                            std::to_string(file.raw.size()) + " bytes");
                return false;
            }
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    stats_.fail("render " + render_id_ + " did not finish in 10 minutes");
    return false;
}

// At the end every acknowledged edit, the upload, the render and the charges are all still there.
void User::check_everything() {
    const auto last = state();
    if (!last) return;
    const json& s = (*last)["state"];
    for (const Turn& turn : turns()) {
        if (!turn.applied(s["draft"])) stats_.lose("'" + turn.message + "' is missing from the final draft");
    }
    if (s["video_infos"].size() != 1 || s["video_infos"][0]["size"] != upload_size_) stats_.lose("the upload: " + s["video_infos"].dump());
    if (scenario_.exports) {
        bool found = false;
        for (const json& media : s["generated_media"]) found = found || media["id"] == render_id_;
        if (!found) stats_.lose("render " + render_id_ + " is missing from generated_media");
    }
    const Reply credits = api().get("/api/credits/balance/simple");
    if (!ok(credits, "credits")) return;
    const int64_t expected = scenario_.initial_credits - scenario_.edit_cost * int64_t(turns().size());
    if (credits.data()["total"] != expected || credits.data()["frozen"] != 0) {
        stats_.lose("credits " + credits.data().dump() + ", expected a total of " + std::to_string(expected));
    }
}

}  // namespace

void run_user(const Scenario& scenario, Stats& stats) {
    User(scenario, stats).run();
}

}  // namespace cw::load
