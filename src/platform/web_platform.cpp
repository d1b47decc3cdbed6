// WebPlatform: thin calls into the bridges; JSON only where a list crosses the boundary.
#include "platform/web_platform.hpp"

#include <emscripten.h>

#include <nlohmann/json.hpp>

#include "platform/bridge_string.hpp"
#include "platform/bridges.hpp"

namespace cw::platform {

WebPlatform::WebPlatform() { cw_files_listen_for_drops(); }

void WebPlatform::pump(core::Client& client) {
    events_.clear();
    transport_.pump(events_);
    for (auto& event : events_) client.deliver(std::move(event));
}

std::int64_t WebPlatform::now_ms() const { return static_cast<std::int64_t>(emscripten_get_now() + cw_page_time_origin()); }

std::string WebPlatform::language() const {
    return read_bridge_string([](char* buf, int cap) { return cw_page_language(buf, cap); }).value_or("en");
}

std::uint64_t WebPlatform::entropy() { return cw_page_entropy(); }

void WebPlatform::pick_files(const std::string& accept) { cw_files_pick(accept.c_str()); }

std::vector<core::FileRef> WebPlatform::take_new_files() {
    std::vector<core::FileRef> files;
    const auto json = read_bridge_string([](char* buf, int cap) { return cw_files_take_incoming(buf, cap); });
    if (!json || json->empty()) return files;
    for (const auto& f : nlohmann::json::parse(*json, nullptr, false)) {
        if (!f.is_object()) continue;
        files.push_back({f.value("handle", 0), f.value("name", std::string()), f.value("size", std::uint64_t{0}),
                         f.value("type", std::string())});
    }
    return files;
}

bool WebPlatform::files_dragged_over() const { return cw_files_dragging() != 0; }

void WebPlatform::download(const std::string& url, const std::string& filename) {
    cw_download(url.c_str(), filename.c_str());
}

void WebPlatform::open_link(const std::string& url) { cw_page_open_link(url.c_str()); }

void WebPlatform::show_preview(const std::string& url, bool is_image, const ScreenRect& area) {
    cw_preview_show(url.c_str(), is_image ? 1 : 0, area.x, area.y, area.w, area.h);
}

void WebPlatform::hide_preview() { cw_preview_hide(); }

void WebPlatform::show_player(const std::string& url, const ScreenRect& area) {
    cw_player_show(url.c_str(), area.x, area.y, area.w, area.h);
}

void WebPlatform::hide_player() { cw_player_hide(); }
void WebPlatform::player_play(bool play, double rate) { cw_player_play(play ? 1 : 0, rate); }
void WebPlatform::player_seek(double seconds) { cw_player_seek(seconds); }

Platform::PlayerStatus WebPlatform::player_status() const {
    PlayerStatus status;
    const int flags = cw_player_status(&status.time_s, &status.duration_s);
    status.can_show = flags & 1;
    status.paused = flags & 2;
    status.seeking = flags & 4;
    return status;
}

int WebPlatform::request_thumbnail(const std::string& url, bool is_video, int max_px) {
    return cw_thumb_request(url.c_str(), is_video ? 1 : 0, max_px);
}

Platform::Thumbnail WebPlatform::thumbnail(int request) {
    int texture = 0, width = 0, height = 0;
    Thumbnail t;
    switch (cw_thumb_poll(request, &texture, &width, &height)) {
        case 0: t.state = Thumbnail::State::pending; break;
        case 1: t = {Thumbnail::State::ready, static_cast<unsigned>(texture), width, height}; break;
        default: t.state = Thumbnail::State::failed; break;
    }
    return t;
}

void WebPlatform::place_text_field(const ScreenRect& area, const std::string& placeholder) {
    cw_text_place(area.x, area.y, area.w, area.h, placeholder.c_str());
}

void WebPlatform::set_text_field(const std::string& text) { cw_text_set(text.c_str()); }

bool WebPlatform::take_text_field(std::string& text) {
    auto taken = read_bridge_string([](char* buf, int cap) { return cw_text_take(buf, cap); });
    if (!taken) return false;
    text = std::move(*taken);
    return true;
}

int WebPlatform::take_text_submits() { return cw_text_take_submits(); }

}  // namespace cw::platform
