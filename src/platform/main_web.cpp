// Browser entry point: a GLFW + WebGL2 window sized to the page at the device pixel ratio, and a
// loop that draws only when something changed (input, resize, network, a font arriving, a running
// job's timer); an idle page renders no frames.
#include <emscripten.h>
#include <emscripten/fetch.h>
#include <emscripten/html5.h>
#include <GLFW/glfw3.h>
#include <GLES3/gl3.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include "app/app.hpp"
#include "app/pointer_queue.hpp"
#include "platform/embedded_font.hpp"
#include "platform/page.hpp"
#include "platform/web_platform.hpp"

namespace {

constexpr float kFontCssPixels = 15.0f;
// ImGui settles hover, press and release over a couple of frames after each event.
constexpr int kFramesAfterInput = 3;
// While work is in flight (a chat turn, uploads, exports, reconnecting) the core's timers need a
// heartbeat; network arrivals wake the loop at once on their own.
constexpr double kTickMs = 250.0;

struct Runtime {
    GLFWwindow* window = nullptr;
    cw::app::Fonts fonts{cw::platform::latin_font_data(), cw::platform::latin_font_size(), kFontCssPixels};
    cw::platform::WebPlatform platform;
    cw::app::App app{platform, fonts};
    cw::app::PointerQueue pointer;
    bool frame_scheduled = false;
    bool tick_scheduled = false;
    int frames_owed = 0;
    double css_width = 0, css_height = 0;
    float pixel_ratio = 1.0f;
    bool device_objects_ready = false;
    bool first_frame_done = false;
    std::string hook_buffer;
};

Runtime* g_runtime = nullptr;

EM_BOOL on_animation_frame(double, void*);

void request_frames(int count) {
    g_runtime->frames_owed = std::max(g_runtime->frames_owed, count);
    if (g_runtime->frame_scheduled) return;
    g_runtime->frame_scheduled = true;
    emscripten_request_animation_frame(on_animation_frame, nullptr);
}

// The canvas fills the page through CSS; its backing store follows CSS size × devicePixelRatio.
void sync_canvas_size() {
    Runtime& rt = *g_runtime;
    emscripten_get_element_css_size("#canvas", &rt.css_width, &rt.css_height);
    rt.pixel_ratio = static_cast<float>(std::max(1.0, emscripten_get_device_pixel_ratio()));
    const int width = static_cast<int>(std::lround(rt.css_width * rt.pixel_ratio));
    const int height = static_cast<int>(std::lround(rt.css_height * rt.pixel_ratio));
    emscripten_set_canvas_element_size("#canvas", width, height);
}

void on_tick(void*) {
    Runtime& rt = *g_runtime;
    rt.tick_scheduled = false;
    // A running turn animates its "working" indicator at the tick rate.
    if (rt.app.tick() || rt.app.model().turn_active) request_frames(1);
    if (rt.app.busy() && !rt.tick_scheduled) {
        rt.tick_scheduled = true;
        emscripten_set_timeout(on_tick, kTickMs, nullptr);
    }
}

void schedule_tick_if_busy() {
    Runtime& rt = *g_runtime;
    if (rt.tick_scheduled || !rt.app.busy()) return;
    rt.tick_scheduled = true;
    emscripten_set_timeout(on_tick, kTickMs, nullptr);
}

EM_BOOL on_resize(int, const EmscriptenUiEvent*, void*) {
    sync_canvas_size();
    request_frames(2);
    return EM_FALSE;
}

// Input wakes the loop; ImGui's own callbacks run first (they chain to these).
void on_mouse_button(GLFWwindow*, int button, int action, int) {
    g_runtime->pointer.button(button, action == GLFW_PRESS);
    request_frames(kFramesAfterInput);
}
void on_cursor_pos(GLFWwindow*, double x, double y) {
    g_runtime->pointer.move(static_cast<float>(x), static_cast<float>(y));
    request_frames(kFramesAfterInput);
}
void on_scroll(GLFWwindow*, double, double) { request_frames(kFramesAfterInput); }
void on_key(GLFWwindow*, int, int, int, int) { request_frames(kFramesAfterInput); }
void on_char(GLFWwindow*, unsigned int) { request_frames(kFramesAfterInput); }
void on_cursor_enter(GLFWwindow*, int) { request_frames(kFramesAfterInput); }

void on_cjk_font_loaded(emscripten_fetch_t* fetch) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(fetch->data);
    g_runtime->fonts.set_cjk_font(std::vector<unsigned char>(bytes, bytes + fetch->numBytes));
    emscripten_fetch_close(fetch);
    request_frames(2);
}

void on_cjk_font_failed(emscripten_fetch_t* fetch) {
    emscripten_log(EM_LOG_WARN, "Chinese font could not be loaded (HTTP %d); wide characters show as '?'",
                   fetch->status);
    emscripten_fetch_close(fetch);
}

void fetch_cjk_font() {
    g_runtime->fonts.mark_cjk_requested();
    emscripten_fetch_attr_t attr;
    emscripten_fetch_attr_init(&attr);
    std::strcpy(attr.requestMethod, "GET");
    attr.attributes = EMSCRIPTEN_FETCH_LOAD_TO_MEMORY;
    attr.onsuccess = on_cjk_font_loaded;
    attr.onerror = on_cjk_font_failed;
    emscripten_fetch(&attr, "fonts/cjk.ttf");
}

void update_fonts() {
    Runtime& rt = *g_runtime;
    if (rt.fonts.wants_cjk_font()) fetch_cjk_font();
    if (!rt.fonts.needs_rebuild(rt.pixel_ratio)) return;
    ImGuiIO& io = ImGui::GetIO();
    rt.fonts.rebuild(*io.Fonts, rt.pixel_ratio);
    io.FontGlobalScale = 1.0f / rt.pixel_ratio;
    if (rt.device_objects_ready) {
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        ImGui_ImplOpenGL3_CreateFontsTexture();
    }
}

// GLFW on the web knows nothing of CSS pixels: it reports the canvas backing size and mouse
// positions in device pixels. ImGui works in CSS pixels and renders at the device ratio. The
// pointer comes from the queue (one button change per frame), not from GLFW's latest state.
void apply_display_and_pointer() {
    Runtime& rt = *g_runtime;
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(static_cast<float>(rt.css_width), static_cast<float>(rt.css_height));
    io.DisplayFramebufferScale = ImVec2(rt.pixel_ratio, rt.pixel_ratio);
    if (rt.pointer.advance()) request_frames(kFramesAfterInput);
    if (rt.pointer.x() >= 0) io.MousePos = ImVec2(rt.pointer.x() / rt.pixel_ratio, rt.pointer.y() / rt.pixel_ratio);
    for (int b = 0; b < cw::app::PointerQueue::kButtons; ++b) io.MouseDown[b] = rt.pointer.down(b);
}

void render_frame() {
    Runtime& rt = *g_runtime;
    // Moving the window to another screen changes the ratio without a resize event.
    if (static_cast<float>(std::max(1.0, emscripten_get_device_pixel_ratio())) != rt.pixel_ratio) sync_canvas_size();
    rt.app.tick();
    rt.app.prepare_frame();
    update_fonts();
    ImGui_ImplOpenGL3_NewFrame();
    rt.device_objects_ready = true;
    ImGui_ImplGlfw_NewFrame();
    apply_display_and_pointer();
    ImGui::NewFrame();
    rt.app.draw();
    ImGui::Render();

    int fb_width = 0, fb_height = 0;
    emscripten_get_canvas_element_size("#canvas", &fb_width, &fb_height);
    glViewport(0, 0, fb_width, fb_height);
    glClearColor(0.08f, 0.09f, 0.10f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

    if (!rt.first_frame_done) {
        rt.first_frame_done = true;
        cw_page_first_frame();
    }
    schedule_tick_if_busy();
}

EM_BOOL on_animation_frame(double, void*) {
    Runtime& rt = *g_runtime;
    rt.frame_scheduled = false;
    render_frame();
    if (--rt.frames_owed > 0) request_frames(rt.frames_owed);
    return EM_FALSE;
}

void install_input_callbacks(GLFWwindow* window) {
    glfwSetMouseButtonCallback(window, on_mouse_button);
    glfwSetCursorPosCallback(window, on_cursor_pos);
    glfwSetScrollCallback(window, on_scroll);
    glfwSetKeyCallback(window, on_key);
    glfwSetCharCallback(window, on_char);
    glfwSetCursorEnterCallback(window, on_cursor_enter);
}

bool create_window(Runtime& rt) {
    if (!glfwInit()) return false;
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    sync_canvas_size();
    rt.window = glfwCreateWindow(static_cast<int>(rt.css_width * rt.pixel_ratio),
                                 static_cast<int>(rt.css_height * rt.pixel_ratio), "Clipwright", nullptr, nullptr);
    if (!rt.window) return false;
    glfwMakeContextCurrent(rt.window);
    return true;
}

}  // namespace

extern "C" {

// Bridges call this when something arrived (bytes, a file, a drag); the next frame pulls it.
EMSCRIPTEN_KEEPALIVE void cw_platform_wake() { request_frames(1); }

EMSCRIPTEN_KEEPALIVE const char* cw_hook_state_json() {
    g_runtime->hook_buffer = g_runtime->app.snapshot().dump();
    return g_runtime->hook_buffer.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* cw_hook_rects_json() {
    g_runtime->hook_buffer = g_runtime->app.rects().to_json().dump();
    return g_runtime->hook_buffer.c_str();
}

}  // extern "C"

int main() {
    g_runtime = new Runtime();
    Runtime& rt = *g_runtime;
    if (!create_window(rt)) {
        cw_page_show_fatal("This browser could not start WebGL2, which Clipwright needs.");
        return 1;
    }
    ImGui::CreateContext();
    cw::app::apply_studio_style();
    install_input_callbacks(rt.window);
    ImGui_ImplGlfw_InitForOpenGL(rt.window, true);
    ImGui_ImplOpenGL3_Init("#version 300 es");
    if (cw_page_is_test_mode()) cw_page_install_test_hook();
    emscripten_set_resize_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, EM_FALSE, on_resize);
    rt.app.start();
    request_frames(2);
    return 0;
}
