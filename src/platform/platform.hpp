// The browser as the app sees it — network, storage, files, downloads, links, the preview overlay,
// the player and the clock — behind one small interface: a web implementation over the JS bridges, and a
// native one for tests.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/client.hpp"
#include "core/storage.hpp"
#include "core/transport.hpp"

namespace cw::platform {

struct ScreenRect {
    float x = 0, y = 0, w = 0, h = 0;  // CSS pixels
};

class Platform {
public:
    virtual ~Platform() = default;

    virtual core::Transport& transport() = 0;
    virtual core::Storage& storage() = 0;
    // Hands everything the network delivered since the last call to the client.
    virtual void pump(core::Client& client) = 0;
    virtual bool network_busy() const = 0;

    virtual std::int64_t now_ms() const = 0;
    // The user's preferred language as a BCP 47 tag ("en-US", "zh-CN").
    virtual std::string language() const { return "en"; }
    virtual std::uint64_t entropy() = 0;

    // Files: picked through a file chooser or dropped on the page; bytes stay on the platform side.
    virtual void pick_files(const std::string& accept) = 0;
    virtual std::vector<core::FileRef> take_new_files() = 0;
    virtual bool files_dragged_over() const = 0;

    virtual void download(const std::string& url, const std::string& filename) = 0;
    virtual void open_link(const std::string& url) = 0;
    // A finished export shown over the canvas (a <video> or <img> in the browser).
    virtual void show_preview(const std::string& url, bool is_image, const ScreenRect& area) = 0;
    virtual void hide_preview() = 0;

    // The player: the draft's preview in a <video> over `area`, which the app drives and reads.
    struct PlayerStatus {
        double time_s = 0;
        double duration_s = 0;
        bool can_show = false;  // a frame is decoded at time_s
        bool paused = true;
        bool seeking = false;
    };
    virtual void show_player(const std::string& /*url*/, const ScreenRect& /*area*/) {}
    virtual void hide_player() {}
    virtual void player_play(bool /*play*/, double /*rate*/) {}
    virtual void player_seek(double /*seconds*/) {}
    virtual PlayerStatus player_status() const { return {}; }

    // Thumbnails decoded by the platform into a GPU texture the UI can draw (0: not available).
    struct Thumbnail {
        enum class State { pending, ready, failed } state = State::failed;
        unsigned texture = 0;
        int width = 0;
        int height = 0;
    };
    virtual int request_thumbnail(const std::string& /*url*/, bool /*is_video*/, int /*max_px*/) { return 0; }
    virtual Thumbnail thumbnail(int /*request*/) { return {}; }

    // A text field the platform draws itself over `area`, for IME composition and paste (the
    // browser's own <input>). Without one, the app uses ImGui's text input.
    virtual bool has_text_field() const { return false; }
    virtual void place_text_field(const ScreenRect& /*area*/, const std::string& /*placeholder*/) {}
    virtual void set_text_field(const std::string& /*text*/) {}
    // The field's text when the user changed it since the last call.
    virtual bool take_text_field(std::string& /*text*/) { return false; }
    virtual int take_text_submits() { return 0; }
};

}  // namespace cw::platform
