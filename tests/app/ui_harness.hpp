// Runs the studio headless against the real local server: an ImGui context with a real font atlas
// and no window, the real core client over the loopback transport, frames driven by hand, mouse
// clicks at the coordinates the app reports for its widgets.
#pragma once
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <imgui.h>

#include "app/app.hpp"
#include "harness.hpp"
#include "loopback_transport.hpp"
#include "platform/native_platform.hpp"

namespace cw::test {

inline std::vector<unsigned char> read_file(const char* path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(std::string("cannot read ") + path);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class HeadlessStudio {
public:
    // `files` become upload handles 1..N, as the browser's File table would hold them.
    explicit HeadlessStudio(const ServerProcess& server, std::vector<std::string> files = {},
                            core::Storage* storage = nullptr, ImVec2 size = ImVec2(1280, 800))
        : files_(std::move(files)),
          transport_("127.0.0.1", server.port, file_table(files_)),
          storage_(storage ? *storage : own_storage_),
          platform_(transport_, storage_, [this](core::Client& c) { transport_.pump(c); }),
          latin_(read_file(CW_LATIN_FONT)),
          fonts_(latin_.data(), latin_.size(), 15.0f),
          app_(platform_, fonts_) {
        ImGui::CreateContext();
        app::apply_studio_style();
        ImGui::GetIO().DisplaySize = size;
        ImGui::GetIO().DeltaTime = 1.0f / 60.0f;
        app_.start();
        frame();
    }
    ~HeadlessStudio() { ImGui::DestroyContext(); }
    HeadlessStudio(const HeadlessStudio&) = delete;
    HeadlessStudio& operator=(const HeadlessStudio&) = delete;

    void frame() {
        app_.tick();
        app_.prepare_frame();
        if (fonts_.needs_rebuild(1.0f)) fonts_.rebuild(*ImGui::GetIO().Fonts, 1.0f);
        ImGui::NewFrame();
        app_.draw();
        ImGui::Render();
    }

    // Draws frames until `done()` holds, as the page would while work is in flight.
    void run_until(const std::function<bool()>& done, double seconds = 20.0, const char* what = "condition") {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
        while (!done()) {
            if (std::chrono::steady_clock::now() > deadline) {
                throw std::runtime_error(std::string("timed out waiting for ") + what + ": " +
                                         app_.snapshot().dump().substr(0, 1500));
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            frame();
        }
    }

    void wait_online() {
        run_until([&] { return app_.model().connection == core::ConnectionStatus::online; }, 20, "connection");
    }

    // Press and release over separate frames, as a real click arrives.
    void click(const std::string& widget_id) {
        const app::Rect* rect = app_.rects().find(widget_id);
        if (!rect) throw std::runtime_error("no widget " + widget_id);
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = rect->center();
        frame();
        io.MouseDown[0] = true;
        frame();
        io.MouseDown[0] = false;
        frame();
        frame();
    }

    void type(const std::string& text) {
        ImGui::GetIO().AddInputCharactersUTF8(text.c_str());
        frame();
    }

    void press_enter() {
        ImGuiIO& io = ImGui::GetIO();
        io.KeyMap[ImGuiKey_Enter] = 257;
        io.KeysDown[257] = true;
        frame();
        io.KeysDown[257] = false;
        frame();
    }

    // Hands file i (0-based, from the constructor's list) to the app as a drop would.
    void drop_file(std::size_t i) {
        const std::string& path = files_.at(i);
        platform_.drop_files({{static_cast<int>(i + 1), std::filesystem::path(path).filename().string(),
                               static_cast<std::uint64_t>(std::filesystem::file_size(path)), ""}});
        frame();
    }

    app::App& app() { return app_; }
    app::Fonts& fonts() { return fonts_; }
    platform::NativePlatform& platform() { return platform_; }

private:
    static std::map<int, std::string> file_table(const std::vector<std::string>& files) {
        std::map<int, std::string> table;
        for (std::size_t i = 0; i < files.size(); ++i) table[static_cast<int>(i + 1)] = files[i];
        return table;
    }

    std::vector<std::string> files_;
    LoopbackTransport transport_;
    core::MemoryStorage own_storage_;
    core::Storage& storage_;
    platform::NativePlatform platform_;
    std::vector<unsigned char> latin_;
    app::Fonts fonts_;
    app::App app_;
};

}  // namespace cw::test
