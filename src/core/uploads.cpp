// Rejections use the server's codes (4001, 4002) so the user reads the same advice either way.
#include "core/uploads.hpp"

#include "core/upload_checks.hpp"

namespace cw::core {

using nlohmann::json;

std::uint64_t Uploads::add(const FileRef& file) {
    UploadItem item;
    item.id = next_id_++;
    item.handle = file.handle;
    item.name = file.name;
    item.size = file.size;
    item.type = file.type;
    item.total = file.size;
    UploadCheck check = check_upload(file.name, file.type, file.size, config_.max_upload_bytes);
    if (check != UploadCheck::ok) {
        int code = check == UploadCheck::too_large ? codes::file_too_large : codes::unsupported_type;
        ApiFailure failure;
        failure.code = code;
        failure.action = action_for(code, config_.registered);
        if (check == UploadCheck::empty_file) {
            failure.action = ErrorAction::report;
            failure.message = file.name + ": the file is empty.";
        }
        errors_.report(failure, file.name);
        item.status = UploadStatus::rejected;
        item.error = state_.errors.empty() ? "rejected" : state_.errors.back().message;
    }
    state_.uploads.push_back(std::move(item));
    return state_.uploads.back().id;
}

namespace {

// "https://example.com/media/beach.mp4?x=1" → "beach.mp4"; the whole address when it names no file.
std::string name_of_link(const std::string& url) {
    std::string path = url.substr(0, url.find_first_of("?#"));
    std::size_t host = path.find("//");
    std::size_t slash = path.rfind('/');
    bool has_file = slash != std::string::npos && host != std::string::npos && slash > host + 1 && slash + 1 < path.size();
    return has_file ? path.substr(slash + 1) : url;
}

}  // namespace

std::uint64_t Uploads::add_link(const std::string& url) {
    UploadItem item;
    item.id = next_id_++;
    item.link = url;
    item.name = name_of_link(url);
    state_.uploads.push_back(std::move(item));
    return state_.uploads.back().id;
}

void Uploads::cancel(std::uint64_t id) {
    UploadItem* item = find(id);
    if (!item) return;
    if (id == in_flight_) {
        connection_.cancel(call_);
        in_flight_ = 0;
    }
    if (item->status == UploadStatus::queued || item->status == UploadStatus::uploading) {
        item->status = UploadStatus::failed;
        item->error = "cancelled";
    }
}

bool Uploads::update() {
    if (in_flight_ != 0) return false;
    for (UploadItem& item : state_.uploads) {
        if (item.status != UploadStatus::queued) continue;
        start(item);
        return true;
    }
    if (finished_any_) {
        finished_any_ = false;
        if (on_batch_done) on_batch_done();
        return true;
    }
    return false;
}

void Uploads::start(UploadItem& item) {
    item.status = UploadStatus::uploading;
    item.sent = 0;
    in_flight_ = item.id;
    ApiCall call;
    call.method = "POST";
    call.path = "/api/upload-video/nemo_agent/me/{sid}";
    call.needs_session = true;
    if (item.link.empty()) call.files.push_back({item.handle, item.name, item.size, item.type});
    else call.body = {{"urls", json::array({item.link})}, {"source_type", "url"}};
    std::uint64_t id = item.id;
    CallHandlers handlers;
    handlers.on_progress = [this, id](std::uint64_t sent, std::uint64_t total) {
        if (UploadItem* uploading = find(id)) {
            uploading->sent = sent;
            if (total > 0) uploading->total = total;
        }
    };
    handlers.on_success = [this, id](const json& data) { finished(id, data); };
    handlers.on_failure = [this, id](const ApiFailure& failure) { failed(id, failure); };
    call_ = connection_.submit(std::move(call), std::move(handlers));
}

void Uploads::finished(std::uint64_t id, const json& data) {
    in_flight_ = 0;
    finished_any_ = true;
    UploadItem* item = find(id);
    if (!item) return;
    item->status = UploadStatus::done;
    item->sent = item->total;
    const json files = data.is_object() ? data.value("files", json::array()) : json::array();
    if (!files.is_array() || files.empty() || !files[0].is_object()) return;
    const json& media = files[0];
    auto text = [&](const char* key) {
        auto found = media.find(key);
        return found != media.end() && found->is_string() ? found->get<std::string>() : std::string();
    };
    item->media_id = text("id");
    item->media_url = text("url");
    item->media_type = text("type");
}

void Uploads::failed(std::uint64_t id, const ApiFailure& failure) {
    in_flight_ = 0;
    UploadItem* item = find(id);
    if (!item) return;
    errors_.report(failure, item->name);
    // The server judged the file itself (type by content, size): sending it again cannot help.
    const bool refused = failure.code == codes::unsupported_type || failure.code == codes::file_too_large;
    item->status = refused ? UploadStatus::rejected : UploadStatus::failed;
    item->error = state_.errors.empty() ? failure.message : state_.errors.back().message;
}

UploadItem* Uploads::find(std::uint64_t id) {
    for (UploadItem& item : state_.uploads)
        if (item.id == id) return &item;
    return nullptr;
}

}  // namespace cw::core
