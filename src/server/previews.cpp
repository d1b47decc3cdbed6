#include "previews.hpp"

#include <algorithm>
#include <filesystem>
#include <functional>

#include "draft/edit.hpp"
#include "draft/schema.hpp"
#include "render_watch.hpp"
#include "renderer.hpp"
#include "util.hpp"

namespace cw::server {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr std::size_t kKeptPerSession = 8;
const char* const kSuperseded = "superseded by a newer version";

int even(double value) { return std::max(2, static_cast<int>(value / 2) * 2); }

draft::ExportOptions preview_options(const json& canvas) {
    const double width = std::max(16.0, draft::json_number(canvas, "width", 1920));
    const double height = std::max(16.0, draft::json_number(canvas, "height", 1080));
    const double scale = std::min(1.0, Previews::kMaxSide / std::max(width, height));
    draft::ExportOptions options;
    options.format = "mp4";
    options.quality = "low";
    options.width = even(width * scale);
    options.height = even(height * scale);
    options.fps = std::clamp(static_cast<int>(draft::json_number(canvas, "fps", 30)), 1, Previews::kMaxFps);
    return options;
}

std::string version_key(const DraftVersion& version) {
    return std::to_string(version.seq) + "-" + sha256_hex(version.draft.dump() + version.canvas.dump()).substr(0, 16);
}

}  // namespace

Previews::Previews(Store& store, const Config& config) : store_(store), config_(config) {
    fs::create_directories(store_.absolute("previews"));
}

Previews::~Previews() { stop(); }

void Previews::start() { worker_ = std::thread([this] { worker_loop(); }); }

void Previews::stop() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (worker_.joinable()) worker_.join();
}

void Previews::remove_leftovers() {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(store_.absolute("previews"), ec)) fs::remove_all(entry.path(), ec);
}

json Previews::latest(const Session& session, const std::string& origin) {
    const DraftVersion version = store_.draft(session);
    if (draft::timeline_end(version.draft) <= 0) return {{"version", version.seq}, {"state", "empty"}};
    const std::string key = version_key(version);
    std::lock_guard<std::mutex> lock(mutex_);
    for (const Made& made : made_[session.id]) {
        if (made.key == key) return reply(made, version.seq, origin);
    }
    const bool running = running_session_ == session.id && running_key_ == key;
    if (!running) wanted_[session.id] = Wanted{key, version.seq, version.draft, version.canvas};
    wake_.notify_one();
    return {{"version", version.seq}, {"state", "rendering"}};
}

std::optional<std::string> Previews::file(const std::string& name) {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto found = files_.find(name);
    if (found == files_.end()) return std::nullopt;
    return found->second;
}

json Previews::reply(const Made& made, int64_t seq, const std::string& origin) const {
    if (made.name.empty()) return {{"version", seq}, {"state", "failed"}, {"error", made.error}};
    return {{"version", seq},         {"state", "ready"},       {"url", origin + "/preview/" + made.name + ".mp4"},
            {"width", made.width},    {"height", made.height},  {"fps", made.fps}};
}

void Previews::worker_loop() {
    lower_thread_priority(config_.render_nice);
    std::string last_session;
    for (;;) {
        std::string session_id;
        Wanted next;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !wanted_.empty(); });
            if (stopping_) return;
            // Sessions take turns: the one after the last served, in id order.
            auto it = wanted_.upper_bound(last_session);
            if (it == wanted_.end()) it = wanted_.begin();
            session_id = last_session = it->first;
            next = std::move(it->second);
            wanted_.erase(it);
            running_session_ = session_id;
            running_key_ = next.key;
        }
        make(session_id, next);
        std::lock_guard<std::mutex> lock(mutex_);
        running_session_.clear();
        running_key_.clear();
    }
}

// Asked by the watchdog: a newer version of the same session makes this render pointless.
std::string Previews::superseded(const std::string& session_id, const std::string& key) {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto newer = wanted_.find(session_id);
    return newer != wanted_.end() && newer->second.key != key ? kSuperseded : "";
}

void Previews::make(const std::string& session_id, const Wanted& wanted) {
    const std::string name = random_hex();
    RenderJob job;
    job.draft = wanted.draft;
    job.canvas = wanted.canvas;
    job.options = preview_options(wanted.canvas);
    job.preview = true;
    for (const MediaRecord& r : store_.session_media(session_id)) job.media[r.info.id] = r.info;
    job.out_path = store_.absolute("previews/" + name + ".mp4");
    job.work_dir = store_.absolute("work/preview-" + name);
    const std::chrono::seconds stall(config_.render_stall_s);
    Watchdog watchdog(render_deadline(job.draft, job.options.to_json()), stall, stopping_,
                      [this, &session_id, &wanted] { return superseded(session_id, wanted.key); });
    RenderResult result;
    try {
        result = render(job, [&](double p) { watchdog.progressed(p); }, watchdog.stop);
    } catch (const std::exception& e) {
        result.error = e.what();
    }
    const std::string stopped_because = watchdog.finish();
    std::error_code ec;
    fs::remove_all(job.work_dir, ec);
    if (stopping_ || stopped_because == kSuperseded) {
        fs::remove(job.out_path, ec);  // nobody will watch it
        return;
    }
    Made made{wanted.key, result.ok && stopped_because.empty() ? name : "", "", job.options.width, job.options.height,
              job.options.fps};
    if (made.name.empty()) {
        fs::remove(job.out_path, ec);
        made.error = without_paths(!stopped_because.empty() ? stopped_because : result.error, store_.absolute(""));
    }
    keep(session_id, std::move(made));
}

void Previews::keep(const std::string& session_id, Made made) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!made.name.empty()) files_[made.name] = store_.absolute("previews/" + made.name + ".mp4");
    auto& kept = made_[session_id];
    kept.push_back(std::move(made));
    if (kept.size() <= kKeptPerSession) return;
    std::error_code ec;
    if (!kept.front().name.empty()) {
        fs::remove(files_[kept.front().name], ec);
        files_.erase(kept.front().name);
    }
    kept.pop_front();
}

}  // namespace cw::server
