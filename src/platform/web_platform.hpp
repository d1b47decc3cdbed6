// The Platform in the browser, over the JS bridges in web/.
#pragma once
#include <vector>

#include "platform/platform.hpp"
#include "platform/web_storage.hpp"
#include "platform/web_transport.hpp"

namespace cw::platform {

class WebPlatform : public Platform {
public:
    WebPlatform();

    core::Transport& transport() override { return transport_; }
    core::Storage& storage() override { return storage_; }
    void pump(core::Client& client) override;
    bool network_busy() const override { return transport_.busy(); }

    std::int64_t now_ms() const override;
    std::string language() const override;
    std::uint64_t entropy() override;

    void pick_files(const std::string& accept) override;
    std::vector<core::FileRef> take_new_files() override;
    bool files_dragged_over() const override;

    void download(const std::string& url, const std::string& filename) override;
    void open_link(const std::string& url) override;
    void show_preview(const std::string& url, bool is_image, const ScreenRect& area) override;
    void hide_preview() override;
    void show_player(const std::string& url, const ScreenRect& area) override;
    void hide_player() override;
    void player_play(bool play, double rate) override;
    void player_seek(double seconds) override;
    PlayerStatus player_status() const override;

    int request_thumbnail(const std::string& url, bool is_video, int max_px) override;
    Thumbnail thumbnail(int request) override;

    bool has_text_field() const override { return true; }
    void place_text_field(const ScreenRect& area, const std::string& placeholder) override;
    void set_text_field(const std::string& text) override;
    bool take_text_field(std::string& text) override;
    int take_text_submits() override;

private:
    WebTransport transport_;
    WebStorage storage_;
    std::vector<core::TransportEvent> events_;
};

}  // namespace cw::platform
