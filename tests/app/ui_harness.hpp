// Runs the studio headless: an ImGui context with a real font atlas and no window, frames driven
// by hand, mouse clicks at the coordinates the app reports for its widgets.
#pragma once
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include <imgui.h>

#include "app/app.hpp"

namespace cw::test {

inline std::vector<unsigned char> read_file(const char* path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(std::string("cannot read ") + path);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class HeadlessStudio {
public:
    explicit HeadlessStudio(ImVec2 size = ImVec2(1280, 800))
        : latin_(read_file(CW_LATIN_FONT)), fonts_(latin_.data(), latin_.size(), 15.0f), app_(fonts_) {
        ImGui::CreateContext();
        app::apply_studio_style();
        ImGui::GetIO().DisplaySize = size;
        ImGui::GetIO().DeltaTime = 1.0f / 60.0f;
        frame();
    }
    ~HeadlessStudio() { ImGui::DestroyContext(); }
    HeadlessStudio(const HeadlessStudio&) = delete;
    HeadlessStudio& operator=(const HeadlessStudio&) = delete;

    void frame() {
        app_.prepare_frame();
        if (fonts_.needs_rebuild(1.0f)) fonts_.rebuild(*ImGui::GetIO().Fonts, 1.0f);
        ImGui::NewFrame();
        app_.draw();
        ImGui::Render();
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

    app::App& app() { return app_; }
    app::Fonts& fonts() { return fonts_; }

private:
    std::vector<unsigned char> latin_;
    app::Fonts fonts_;
    app::App app_;
};

}  // namespace cw::test
