// The Platform natively, for tests: a real transport passed in (the loopback one talks to the real
// server), in-memory storage, files handed in as if dropped, and downloads, links and previews
// recorded so tests can see what the browser would have done.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "platform/platform.hpp"

namespace cw::platform {

class NativePlatform : public Platform {
public:
    using Pump = std::function<void(core::Client&)>;
    NativePlatform(core::Transport& transport, core::Storage& storage, Pump pump);

    core::Transport& transport() override { return transport_; }
    core::Storage& storage() override { return storage_; }
    void pump(core::Client& client) override { pump_(client); }
    bool network_busy() const override { return false; }

    std::int64_t now_ms() const override;
    std::uint64_t entropy() override;

    void pick_files(const std::string& accept) override;
    std::vector<core::FileRef> take_new_files() override;
    bool files_dragged_over() const override { return false; }

    void download(const std::string& url, const std::string& filename) override;
    void open_link(const std::string& url) override { opened_links.push_back(url); }
    void show_preview(const std::string& url, bool is_image, const ScreenRect& area) override;
    void hide_preview() override { preview_url.clear(); }

    // What tests hand in and read back.
    void drop_files(const std::vector<core::FileRef>& files);
    struct Download {
        std::string url;
        std::string filename;
    };
    std::vector<Download> downloads;
    std::vector<std::string> opened_links;
    std::string preview_url;
    ScreenRect preview_area;
    int pickers_opened = 0;

private:
    core::Transport& transport_;
    core::Storage& storage_;
    Pump pump_;
    std::vector<core::FileRef> incoming_;
};

}  // namespace cw::platform
