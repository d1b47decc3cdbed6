// Browser entry point: a GLFW + WebGL2 window sized to the page at the device pixel ratio, and a
// loop that draws only when something changed (input, resize, network, a font arriving, a running
// job's timer); an idle page renders no frames.
#include <emscripten.h>
#include <emscripten/html5.h>
#include <emscripten/wget.h>
#include <GLFW/glfw3.h>
#include <GLES3/gl3.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <deque>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>
#include <imgui.h>
#include <imgui_impl_glfw.h>

#include "app/app.hpp"
#include "app/pointer_queue.hpp"
#include "app/touch_gestures.hpp"
#include "app/wheel.hpp"
#include "platform/embedded_font.hpp"
#include "platform/bridge_string.hpp"
#include "platform/bridges.hpp"
#include "platform/page.hpp"
#include "platform/web_platform.hpp"
#include "platform/webgl_renderer.hpp"

namespace {

constexpr float kFontCssPixels = 15.0f;
// ImGui settles hover, press and release over a couple of frames after each event.
constexpr int kFramesAfterInput = 3;
constexpr const char* kShadersFailed = "This browser could not compile Clipwright's WebGL2 shaders.";
// While work is in flight (a chat turn, uploads, exports, reconnecting) the core's timers need a
// heartbeat; network arrivals wake the loop at once on their own.
constexpr double kTickMs = 250.0;

struct Runtime {
    GLFWwindow* window = nullptr;
    cw::app::Fonts fonts{cw::platform::latin_font_data(), cw::platform::latin_font_size(), kFontCssPixels};
    cw::platform::WebPlatform platform;
    cw::platform::WebGlRenderer renderer;
    cw::app::App app{platform, fonts};
    cw::app::PointerQueue pointer;  // in CSS pixels
    cw::app::TouchGestures gestures{pointer};
    cw::app::KeyPresses keys;
    int held_for_a_frame = -1;  // the key shown held last frame although it had been released
    bool frame_scheduled = false;
    bool tick_scheduled = false;
    int frames_owed = 0;
    double css_width = 0, css_height = 0;
    float pixel_ratio = 1.0f;
    bool first_frame_done = false;
    std::string hook_buffer;
    // For the test hook's perf(): CPU time of each frame, and how long chat text that arrived
    // waited until a frame showed it. Drained by each perf() call.
    std::vector<double> frame_ms;
    std::vector<bool> frame_presented;  // per frame: it changed the screen (else it equalled it)
    std::vector<double> text_wait_ms;
    std::vector<int> text_wait_frames;  // frames started from arrival until the one showing it
    std::deque<double> frame_starts_ms;
    std::pair<std::size_t, std::size_t> shown_chat_text{0, 0};
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

void on_tick(void*);

// The next heartbeat, or sooner when a render poll is due: polls then go out on time.
void schedule_tick_if_busy() {
    Runtime& rt = *g_runtime;
    if (rt.tick_scheduled || !rt.app.busy()) return;
    rt.tick_scheduled = true;
    const double until_poll = static_cast<double>(rt.app.next_poll_due_ms() - rt.app.now_ms());
    emscripten_set_timeout(on_tick, std::clamp(until_poll, 1.0, kTickMs), nullptr);
}

void on_tick(void*) {
    Runtime& rt = *g_runtime;
    rt.tick_scheduled = false;
    // A running turn animates its "working" indicator at the tick rate.
    if (rt.app.tick() || rt.app.model().turn_active) request_frames(1);
    schedule_tick_if_busy();
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
    const float ratio = g_runtime->pixel_ratio;
    g_runtime->pointer.move(static_cast<float>(x) / ratio, static_cast<float>(y) / ratio);
    request_frames(kFramesAfterInput);
}
// GLFW here hands ImGui the browser's raw pixel deltas with the sign reversed: one notch would
// zoom the timeline to its end. The wheel is read from the DOM event, which also gives its unit.
EM_BOOL on_wheel(int, const EmscriptenWheelEvent* event, void*) {
    const cw::app::WheelNotches notches =
        cw::app::wheel_notches(event->deltaX, event->deltaY, static_cast<int>(event->deltaMode));
    ImGuiIO& io = ImGui::GetIO();
    io.MouseWheelH += notches.horizontal;
    io.MouseWheel += notches.vertical;
    request_frames(kFramesAfterInput);
    return EM_TRUE;  // the page itself never scrolls
}
void on_key(GLFWwindow*, int key, int, int action, int mods) {
    if (action == GLFW_PRESS && key >= 0 && key < 512) {
        g_runtime->keys.press(key, mods & GLFW_MOD_CONTROL, mods & GLFW_MOD_SHIFT);
    }
    request_frames(kFramesAfterInput);
}
void on_char(GLFWwindow*, unsigned int) { request_frames(kFramesAfterInput); }
void on_cursor_enter(GLFWwindow*, int) { request_frames(kFramesAfterInput); }

void on_cjk_font_loaded(void*, void* data, int size) {
    const auto* bytes = static_cast<const unsigned char*>(data);
    g_runtime->fonts.set_cjk_font(std::vector<unsigned char>(bytes, bytes + size));
    request_frames(2);
}

void on_cjk_font_failed(void*) {
    emscripten_log(EM_LOG_WARN, "Chinese font could not be loaded; wide characters show as '?'");
}

// A plain XHR: Emscripten's fetch library would open an IndexedDB cache before main() may run,
// which delays the first frame of every page load.
void fetch_cjk_font() {
    g_runtime->fonts.mark_cjk_requested();
    const auto url = cw::platform::read_bridge_string(
        [](char* buf, int cap) { return cw_page_asset_url("fonts/cjk.ttf", buf, cap); });
    emscripten_async_wget_data(url.value_or("fonts/cjk.ttf").c_str(), nullptr, on_cjk_font_loaded, on_cjk_font_failed);
}

void update_fonts() {
    Runtime& rt = *g_runtime;
    if (rt.fonts.wants_cjk_font()) fetch_cjk_font();
    if (!rt.fonts.needs_rebuild(rt.pixel_ratio)) return;
    ImGuiIO& io = ImGui::GetIO();
    rt.fonts.rebuild(*io.Fonts, rt.pixel_ratio);
    io.FontGlobalScale = 1.0f / rt.pixel_ratio;
    rt.renderer.upload_fonts(*io.Fonts);
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
    if (rt.pointer.x() >= 0) io.MousePos = ImVec2(rt.pointer.x(), rt.pointer.y());
    for (int b = 0; b < cw::app::PointerQueue::kButtons; ++b) io.MouseDown[b] = rt.pointer.down(b);
    // A press already released shows as held for this one frame, with the modifiers it had. ImGui
    // keeps key states between frames, so the next frame puts the real state back.
    if (rt.held_for_a_frame >= 0) {
        const auto down = [&rt](int key) { return glfwGetKey(rt.window, key) == GLFW_PRESS; };
        io.KeysDown[rt.held_for_a_frame] = down(rt.held_for_a_frame);
        io.KeyCtrl = down(GLFW_KEY_LEFT_CONTROL) || down(GLFW_KEY_RIGHT_CONTROL);
        io.KeyShift = down(GLFW_KEY_LEFT_SHIFT) || down(GLFW_KEY_RIGHT_SHIFT);
    }
    rt.held_for_a_frame = -1;
    if (const auto press = rt.keys.take([&io](int key) { return io.KeysDown[key]; })) {
        rt.held_for_a_frame = press->key;
        io.KeysDown[press->key] = true;
        io.KeyCtrl = io.KeyCtrl || press->ctrl;
        io.KeyShift = io.KeyShift || press->shift;
        request_frames(kFramesAfterInput);
    }
}

// This frame's pans and pinches: the panels read them from the UI state; a vertical pan scrolls the
// ImGui window under the finger as a wheel would.
void apply_gestures() {
    Runtime& rt = *g_runtime;
    rt.gestures.update(emscripten_get_now());
    const cw::app::GestureFrame fingers = rt.gestures.take();
    rt.app.ui().gesture = fingers;
    ImGui::GetIO().MouseWheel += cw::app::pan_notches(fingers.pan_y, ImGui::GetFontSize());
    if (fingers.touching) request_frames(1);
}

// Message count and the last message's length: changes when streamed text reaches the chat.
std::pair<std::size_t, std::size_t> chat_text_signature(const cw::core::ClientState& model) {
    return {model.messages.size(), model.messages.empty() ? 0 : model.messages.back().text.size()};
}

void record_frame_timing(double started_ms, bool presented) {
    Runtime& rt = *g_runtime;
    constexpr std::size_t kKept = 20000;
    const double ended_ms = emscripten_get_now();
    if (rt.frame_ms.size() < kKept) {
        rt.frame_ms.push_back(ended_ms - started_ms);
        rt.frame_presented.push_back(presented);
    }
    rt.frame_starts_ms.push_back(started_ms);
    if (rt.frame_starts_ms.size() > 64) rt.frame_starts_ms.pop_front();
    const double arrival_ms = cw_http_take_arrival();
    const auto shown = chat_text_signature(rt.app.model());
    if (shown == rt.shown_chat_text) return;
    rt.shown_chat_text = shown;
    if (arrival_ms <= 0 || rt.text_wait_ms.size() >= kKept) return;
    rt.text_wait_ms.push_back(ended_ms - arrival_ms);
    rt.text_wait_frames.push_back(static_cast<int>(
        std::count_if(rt.frame_starts_ms.begin(), rt.frame_starts_ms.end(), [&](double at) { return at >= arrival_ms; })));
}

void render_frame() {
    Runtime& rt = *g_runtime;
    const double started_ms = emscripten_get_now();
    // Moving the window to another screen changes the ratio without a resize event.
    if (static_cast<float>(std::max(1.0, emscripten_get_device_pixel_ratio())) != rt.pixel_ratio) sync_canvas_size();
    rt.app.tick();
    rt.app.prepare_frame();
    update_fonts();
    ImGui_ImplGlfw_NewFrame();
    apply_display_and_pointer();
    apply_gestures();
    ImGui::NewFrame();
    rt.app.draw();
    ImGui::Render();

    int fb_width = 0, fb_height = 0;
    emscripten_get_canvas_element_size("#canvas", &fb_width, &fb_height);
    const bool presented = rt.renderer.draw(*ImGui::GetDrawData(), fb_width, fb_height);
    // A click handled in this frame may have changed the model or the UI after its panel was drawn.
    if (!rt.app.screen_is_current()) request_frames(1);

    if (!rt.first_frame_done && !rt.renderer.failed()) {
        rt.first_frame_done = true;
        cw_page_first_frame();
    }
    schedule_tick_if_busy();
    record_frame_timing(started_ms, presented);
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
    glfwSetKeyCallback(window, on_key);
    glfwSetCharCallback(window, on_char);
    glfwSetCursorEnterCallback(window, on_cursor_enter);
}

bool create_window(Runtime& rt) {
    if (!glfwInit()) return false;
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    // ImGui needs colour only; depth, stencil and alpha buffers make the WebGL context slower to create.
    glfwWindowHint(GLFW_DEPTH_BITS, 0);
    glfwWindowHint(GLFW_STENCIL_BITS, 0);
    glfwWindowHint(GLFW_ALPHA_BITS, 0);
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

// From clipwright_viewport.js: the visible part of the page changed (an on-screen keyboard).
EMSCRIPTEN_KEEPALIVE void cw_platform_viewport() {
    sync_canvas_size();
    request_frames(2);
}

// From clipwright_touch.js: a finger on the canvas, in CSS pixels; kind 0 down, 1 moves, 2 up;
// `at_ms` is the event's time on the page's clock (performance.now()).
EMSCRIPTEN_KEEPALIVE void cw_platform_touch(int kind, int finger, double x, double y, double at_ms) {
    cw::app::TouchGestures& gestures = g_runtime->gestures;
    const float fx = static_cast<float>(x), fy = static_cast<float>(y);
    const double now = at_ms > 0 ? at_ms : emscripten_get_now();
    if (kind == 0) gestures.down(finger, fx, fy, now);
    if (kind == 1) gestures.move(finger, fx, fy, now);
    if (kind == 2) gestures.up(finger, fx, fy, now);
    request_frames(kFramesAfterInput);
}

EMSCRIPTEN_KEEPALIVE const char* cw_hook_state_json() {
    nlohmann::json state = g_runtime->app.snapshot();
    // Tests wait on this rather than on a count of frames, which also run for other reasons.
    state["pointer"] = {{"applied_changes", g_runtime->pointer.applied_changes()}};
    g_runtime->hook_buffer = state.dump();
    return g_runtime->hook_buffer.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* cw_hook_rects_json() {
    g_runtime->hook_buffer = g_runtime->app.rects().to_json().dump();
    return g_runtime->hook_buffer.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* cw_hook_perf_json() {
    Runtime& rt = *g_runtime;
    g_runtime->hook_buffer =
        nlohmann::json{{"frame_ms", rt.frame_ms},
                       {"frame_presented", rt.frame_presented},
                       {"text_wait_ms", rt.text_wait_ms},
                       {"text_wait_frames", rt.text_wait_frames}}
            .dump();
    rt.frame_ms.clear();
    rt.frame_presented.clear();
    rt.text_wait_ms.clear();
    rt.text_wait_frames.clear();
    return g_runtime->hook_buffer.c_str();
}

EMSCRIPTEN_KEEPALIVE void cw_hook_load_fixture(const char* fixture_json) {
    g_runtime->app.load_fixture(nlohmann::json::parse(fixture_json, nullptr, false));
    request_frames(2);
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
    glfwSetScrollCallback(rt.window, nullptr);
    emscripten_set_wheel_callback("#canvas", nullptr, EM_FALSE, on_wheel);
    cw_touch_listen();
    cw_viewport_listen();
    rt.gestures.drags_here = [](float x, float y) { return g_runtime->app.rects().drags_at(x, y); };
    if (!rt.renderer.init()) {
        cw_page_show_fatal(kShadersFailed);
        return 1;
    }
    if (cw_page_is_test_mode()) cw_page_install_test_hook();
    emscripten_set_resize_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, EM_FALSE, on_resize);
    rt.app.start();
    // The first frame is drawn now rather than at the next animation frame: the page shows sooner.
    render_frame();
    if (rt.renderer.failed()) {
        cw_page_show_fatal(kShadersFailed);
        return 1;
    }
    request_frames(1);
    return 0;
}
