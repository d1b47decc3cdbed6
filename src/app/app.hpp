// The studio: owns the core client and the UI state, moves platform events into the core each
// tick, lays out and draws the panels each frame, and carries out what the panels ask for.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "app/app_state.hpp"
#include "app/fonts.hpp"
#include "app/layout.hpp"
#include "app/widgets.hpp"
#include "core/client.hpp"
#include "core/timeline_layout.hpp"
#include "core/ui_text.hpp"
#include "platform/platform.hpp"

namespace cw::app {

// Colours and spacing of the studio; call once after ImGui::CreateContext.
void apply_studio_style();

class App {
public:
    App(platform::Platform& platform, Fonts& fonts, core::ClientConfig config = {});

    // [SECTION] Lifecycle, driven by the platform's loop
    void start();
    // Network events, picked files and timers into the core; true when something visible changed.
    bool tick();
    // Work in flight (a turn, uploads, exports, reconnecting) that needs ticks even with no input.
    bool busy() const;
    std::int64_t next_poll_due_ms() const { return client_.next_poll_due_ms(); }
    // Before ImGui::NewFrame: tells the font manager about text that appeared since last frame.
    void prepare_frame();
    // Between ImGui::NewFrame and ImGui::Render.
    void draw();

    // [SECTION] What the panels ask for
    void send_chat();
    void use_suggestion(const std::string& text);
    // A precise instruction from a timeline action, sent as a chat message the user sees.
    void instruct(const std::string& text);
    void pick_files();
    void start_export();
    void download(const core::ExportJob& job);
    void cancel_export(const core::ExportJob& job);
    void preview(const core::ExportJob& job);
    void close_preview();
    void run_action(core::AppAction action);
    // An action offered under a chat message; render actions act on the message's own render.
    void run_message_action(const core::ChatMessage& message, core::AppAction action);
    void dismiss_error(std::size_t index);
    void open_link(const std::string& url);
    // The player: play and pause, seek on the playhead's timeline, step by frames, shuttle (J/K/L).
    void play_pause();
    void seek_to(double ms);
    void step_frames(int frames);
    void shuttle(int direction);  // -1 J, 0 K, +1 L
    // Backends without the preview extension: an ordinary export at the lowest quality, played.
    void make_preview_export();
    // Benchmarks through the test hook: {"data": <a state response's data>, "messages": [{"role",
    // "text"}]} shown as if the server had sent them.
    void load_fixture(const nlohmann::json& fixture);
    // The export panel reserves this area for the preview while one is open.
    void place_preview(const Rect& area) { preview_area_ = area; }
    // The player panel's video area, while the panel shows one.
    void place_player(const Rect& area) { player_area_ = area; }
    // The URL the player plays: the backend's preview, or a "Make preview" export.
    std::string player_url() const;
    // Where the platform's own text field goes, when it has one (see Platform::has_text_field).
    bool has_text_field() const { return platform_.has_text_field(); }
    void place_text_field(const Rect& area) { text_field_area_ = area; }

    // [SECTION] Read access
    AppState& ui() { return ui_; }
    const AppState& ui() const { return ui_; }
    const core::ClientState& model() const { return client_.state(); }
    const core::ClientConfig& config() const { return client_.config(); }
    const std::vector<std::string>& suggestions() const { return suggested_requests(draft::code_of(language_)); }
    // The interface's language: the browser's, or the one chosen in the status bar (kept across
    // reloads); notices, change summaries and new sessions follow it.
    draft::Language language() const { return language_; }
    const char* t(core::Text key) const { return core::text(key, language_); }
    void switch_language();
    const core::TimelineLayout& timeline_layout();
    const PanelLayout& layout() const { return layout_; }
    bool files_dragged_over() const { return platform_.files_dragged_over(); }
    // The media's thumbnail once the platform has decoded it; asks for it the first time.
    const platform::Platform::Thumbnail* thumbnail(const std::string& media_id, const std::string& url,
                                                   const std::string& type);
    // A video's filmstrip (`frames`) or a sound's waveform, for the timeline's lanes, once decoded.
    const platform::Platform::Thumbnail* lane_picture(const nlohmann::json& media, bool frames);
    std::int64_t now_ms() const { return platform_.now_ms(); }
    const WidgetRects& rects() const { return rects_; }
    uint64_t frames_drawn() const { return frames_drawn_; }
    // False between a change to the model or the UI state and the frame that draws it; tests read
    // widgets only when true. A click acts while its panel draws: panels drawn before it (a tab
    // chosen in the bar drawn last) show the change only in the next frame.
    bool screen_is_current() const {
        return drawn_model_revision_ == client_.state().revision && drawn_ui_revision_ == ui_.revision;
    }
    // Everything the test hook reports: the model, the UI state, the layout, frame and font facts.
    nlohmann::json snapshot() const;

private:
    void handle_ui_requests();
    const platform::Platform::Thumbnail* picture(const std::string& key, const std::string& url, bool is_video,
                                                 int max_px);
    void take_new_files();
    void sync_preview();
    void sync_player();
    void pull_player_status();
    void pull_text_field();
    void push_text_field();
    void save_layout_if_changed();
    std::string download_name(const core::ExportJob& job) const;

    platform::Platform& platform_;
    Fonts& fonts_;
    draft::Language language_;
    core::Client client_;
    AppState ui_;
    WidgetRects rects_;
    PanelLayout layout_;
    uint64_t frames_drawn_ = 0;
    uint64_t drawn_model_revision_ = ~uint64_t{0};
    uint64_t drawn_ui_revision_ = ~uint64_t{0};
    std::size_t messages_noted_ = 0;
    bool noted_interface_text_ = false;
    uint64_t noted_model_revision_ = 0;
    uint64_t saved_layout_revision_ = 0;

    std::unique_ptr<core::TimelineLayout> timeline_layout_;
    const void* timeline_layout_key_ = nullptr;
    std::size_t timeline_layout_segments_ = 0;

    struct ThumbnailSlot {
        int request = 0;
        platform::Platform::Thumbnail result;
    };
    std::map<std::string, ThumbnailSlot> thumbnails_;

    Rect text_field_area_;
    Rect placed_text_field_area_;
    draft::Language placed_language_ = draft::Language::en;
    std::string text_field_value_;

    Rect preview_area_;
    Rect player_area_;
    std::string shown_player_url_;
    Rect shown_player_area_;
    std::string preview_export_;  // the "Make preview" export's id
    std::string shown_preview_url_;
    Rect shown_preview_area_;
};

}  // namespace cw::app
