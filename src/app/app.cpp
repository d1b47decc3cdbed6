// Frame orchestration and the commands panels issue.
//
// [SECTION] Style
// [SECTION] Lifecycle
// [SECTION] Commands
// [SECTION] Preview, layout persistence, test hook
#include "app/app.hpp"

#include <algorithm>
#include <cctype>

#include "app/panels.hpp"
#include "draft/media_types.hpp"

namespace cw::app {
namespace {

constexpr const char* kLayoutKey = "cw.ui_layout";

nlohmann::json rect_json(const Rect& r) { return {r.x, r.y, r.w, r.h}; }
// The core reports track totals; the test hook also lists each track's first segments.
nlohmann::json segments_json(const core::Track& track) {
    constexpr std::size_t kListed = 200;
    nlohmann::json out = nlohmann::json::array();
    for (std::size_t i = 0; i < track.segments.size() && i < kListed; ++i) {
        const core::Segment& s = track.segments[i];
        out.push_back({{"id", s.id}, {"start_ms", s.start_ms}, {"duration_ms", s.duration_ms}, {"label", s.label},
                       {"text", s.text}, {"src", s.src}, {"volume", s.volume}, {"speed", s.speed},
                       {"transition", s.transition}, {"effect", s.effect}});
    }
    return out;
}


bool job_in_flight(const core::ExportJob& job) {
    return job.status != core::JobStatus::completed && job.status != core::JobStatus::failed;
}

bool upload_in_flight(const core::UploadItem& item) {
    return item.status == core::UploadStatus::queued || item.status == core::UploadStatus::uploading;
}

// A file name from a title or a media name: letters, digits, spaces and dashes only.
std::string file_stem(const std::string& text) {
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == ' ' || c == '-' || c == '_' || c >= 0x80) out.push_back(static_cast<char>(c));
        if (out.size() >= 60) break;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

}  // namespace

// [SECTION] Style

void apply_studio_style() {
    ImGui::StyleColorsDark();
    ImGuiStyle& style = ImGui::GetStyle();
    style.WindowRounding = 0.0f;
    style.WindowBorderSize = 1.0f;
    style.FrameRounding = 4.0f;
    style.GrabRounding = 4.0f;
    style.WindowPadding = ImVec2(10, 8);
    style.FramePadding = ImVec2(8, 5);
    style.ItemSpacing = ImVec2(8, 6);
    ImVec4* c = style.Colors;
    c[ImGuiCol_WindowBg] = ImVec4(0.11f, 0.12f, 0.14f, 1.0f);
    c[ImGuiCol_ChildBg] = ImVec4(0.0f, 0.0f, 0.0f, 0.0f);
    c[ImGuiCol_TitleBg] = ImVec4(0.14f, 0.15f, 0.18f, 1.0f);
    c[ImGuiCol_TitleBgActive] = ImVec4(0.16f, 0.18f, 0.22f, 1.0f);
    c[ImGuiCol_Button] = ImVec4(0.22f, 0.40f, 0.75f, 0.80f);
    c[ImGuiCol_ButtonHovered] = ImVec4(0.28f, 0.48f, 0.88f, 1.0f);
    c[ImGuiCol_PlotHistogram] = ImVec4(0.30f, 0.62f, 0.95f, 1.0f);
    ImGui::GetIO().ConfigInputTextCursorBlink = false;  // a blinking caret would keep an idle page drawing
    ImGui::GetIO().IniFilename = nullptr;
}

// [SECTION] Lifecycle

namespace {
constexpr const char* kLanguageKey = "cw.language";  // the language chosen in the status bar

// The browser's language ("zh-*" is Chinese, anything else English), unless the user chose one.
draft::Language initial_language(platform::Platform& platform) {
    const auto chosen = platform.storage().get(kLanguageKey);
    return draft::language_from_code(chosen ? *chosen : platform.language());
}
}  // namespace

App::App(platform::Platform& platform, Fonts& fonts, core::ClientConfig config)
    : platform_(platform),
      fonts_(fonts),
      language_(initial_language(platform)),
      client_(platform.transport(), platform.storage(), [&] {
          config.random_seed = platform.entropy();
          config.language = draft::code_of(language_);
          return config;
      }()) {
    if (auto saved = platform_.storage().get(kLayoutKey)) {
        ui_.restore_layout(nlohmann::json::parse(*saved, nullptr, false));
    }
    saved_layout_revision_ = ui_.revision;
}

void App::switch_language() {
    language_ = language_ == draft::Language::zh ? draft::Language::en : draft::Language::zh;
    platform_.storage().set(kLanguageKey, draft::code_of(language_));
    client_.set_language(draft::code_of(language_));
    ui_.chat_heights.clear();  // the speakers' names change length
    ui_.touch();
}

void App::start() { client_.connect(); }

void App::load_fixture(const nlohmann::json& fixture) {
    std::vector<core::ChatMessage> messages;
    for (const auto& item : fixture.value("messages", nlohmann::json::array())) {
        messages.push_back({item.value("role", "agent"), item.value("text", ""), false, {}});
    }
    client_.load_fixture(fixture.value("data", nlohmann::json::object()), std::move(messages));
}

bool App::tick() {
    platform_.pump(client_);
    take_new_files();
    pull_text_field();
    const bool changed = client_.update(platform_.now_ms());
    handle_ui_requests();
    return changed;
}

bool App::busy() const {
    const core::ClientState& m = client_.state();
    return m.turn_active || m.connection != core::ConnectionStatus::online || platform_.network_busy() ||
           std::any_of(m.jobs.begin(), m.jobs.end(), job_in_flight) ||
           std::any_of(m.uploads.begin(), m.uploads.end(), upload_in_flight) ||
           client_.next_poll_due_ms() != INT64_MAX;
}

void App::prepare_frame() {
    // A Chinese interface needs its labels' glyphs; an English one never fetches the Chinese font.
    if (language_ == draft::Language::zh && !noted_interface_text_) {
        for (const auto& [key, words] : core::chinese_table()) fonts_.note_text(words);
        noted_interface_text_ = true;
    }
    fonts_.note_text(ui_.chat_input);
    if (client_.state().messages.empty()) {
        for (const auto& suggestion : suggestions()) fonts_.note_text(suggestion);
    }
    const core::ClientState& m = client_.state();
    if (m.revision == noted_model_revision_) return;
    noted_model_revision_ = m.revision;
    // Streaming grows the last message in place, so it is noted again until it settles.
    messages_noted_ = std::min(messages_noted_, m.messages.empty() ? 0 : m.messages.size() - 1);
    for (; messages_noted_ < m.messages.size(); ++messages_noted_) fonts_.note_text(m.messages[messages_noted_].text);
    for (const auto& upload : m.uploads) fonts_.note_text(upload.name);
    for (const auto& error : m.errors) fonts_.note_text(error.message);
    fonts_.note_text(m.summary);
}

void App::draw() {
    ++frames_drawn_;
    drawn_model_revision_ = client_.state().revision;
    drawn_ui_revision_ = ui_.revision;
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    layout_ = compute_layout(display.x, display.y, ImGui::GetTextLineHeight(), ui_.tab);
    ui::set_touch(layout_.mode == LayoutMode::one_panel);
    rects_.clear();
    pull_player_status();
    preview_area_ = {};
    player_area_ = {};
    text_field_area_ = {};
    ui::set_registry(&rects_);
    // On a phone only the chosen panel has a rectangle; the others are not drawn at all.
    const auto shown = [](const Rect& r) { return r.w > 0 && r.h > 0; };
    if (shown(layout_.media)) draw_media_panel(*this, layout_.media);
    if (shown(layout_.chat)) draw_chat_panel(*this, layout_.chat);
    if (shown(layout_.player)) draw_player_panel(*this, layout_.player);
    if (shown(layout_.export_panel)) draw_export_panel(*this, layout_.export_panel);
    if (shown(layout_.timeline)) draw_timeline_panel(*this, layout_.timeline);
    if (shown(layout_.tabs)) draw_tab_bar(*this, layout_.tabs);
    draw_status_bar(*this, layout_.status);
    ui::set_registry(nullptr);
    push_text_field();
    sync_preview();
    sync_player();
    save_layout_if_changed();
}

const core::TimelineLayout& App::timeline_layout() {
    const core::Draft& draft = client_.state().draft;
    const void* key = draft.tracks.empty() ? nullptr : static_cast<const void*>(draft.tracks.data());
    if (!timeline_layout_ || key != timeline_layout_key_ || draft.segment_count != timeline_layout_segments_) {
        timeline_layout_ = std::make_unique<core::TimelineLayout>(draft);
        timeline_layout_key_ = key;
        timeline_layout_segments_ = draft.segment_count;
    }
    return *timeline_layout_;
}

void App::take_new_files() {
    for (const core::FileRef& file : platform_.take_new_files()) {
        client_.add_upload(file.handle, file.name, file.size, file.type);
    }
}

void App::handle_ui_requests() {
    for (core::AppAction action : client_.take_ui_requests()) {
        if (action == core::AppAction::pick_files) pick_files();
        if (action == core::AppAction::show_timeline) ui_.timeline_fitted = false;
    }
}

// The browser's own input holds the text while the user types; the app's copy follows it, and
// the app pushes only its own changes (a suggestion, clearing after send).
void App::pull_text_field() {
    if (!platform_.has_text_field()) return;
    if (platform_.take_text_field(ui_.chat_input)) {
        text_field_value_ = ui_.chat_input;
        ui_.touch();
    }
    for (int submits = platform_.take_text_submits(); submits > 0; --submits) send_chat();
}

void App::push_text_field() {
    if (!platform_.has_text_field()) return;
    const Rect& a = text_field_area_;
    const Rect& p = placed_text_field_area_;
    if (a.x != p.x || a.y != p.y || a.w != p.w || a.h != p.h || placed_language_ != language_) {
        platform_.place_text_field({a.x, a.y, a.w, a.h}, t(core::Text::chat_placeholder));
        placed_text_field_area_ = a;
        placed_language_ = language_;
    }
    if (ui_.chat_input != text_field_value_) {
        platform_.set_text_field(ui_.chat_input);
        text_field_value_ = ui_.chat_input;
    }
}

const platform::Platform::Thumbnail* App::thumbnail(const std::string& media_id, const std::string& url,
                                                    const std::string& type) {
    constexpr int kThumbnailPixels = 192;
    if (media_id.empty() || url.empty() || (type != "image" && type != "video")) return nullptr;
    return picture(media_id, url, type == "video", kThumbnailPixels);
}

// The local backend serves them beside the media: /media/<id>/frames.jpg and /media/<id>/wave.png.
const platform::Platform::Thumbnail* App::lane_picture(const nlohmann::json& media, bool frames) {
    constexpr int kStripPixels = 1600;
    const std::string id = media.value("id", std::string()), url = media.value("url", std::string());
    const std::size_t dot = url.rfind('.');
    if (id.empty() || dot == std::string::npos || dot < url.rfind('/')) return nullptr;
    const std::string kind = frames ? "frames" : "wave";
    return picture(kind + ":" + id, url.substr(0, dot) + (frames ? "/frames.jpg" : "/wave.png"), false, kStripPixels);
}

const platform::Platform::Thumbnail* App::picture(const std::string& key, const std::string& url, bool is_video,
                                                  int max_px) {
    using State = platform::Platform::Thumbnail::State;
    auto [it, inserted] = thumbnails_.try_emplace(key);
    ThumbnailSlot& slot = it->second;
    if (inserted) {
        slot.request = platform_.request_thumbnail(url, is_video, max_px);
        slot.result.state = slot.request ? State::pending : State::failed;
    }
    if (slot.result.state == State::pending) slot.result = platform_.thumbnail(slot.request);
    return slot.result.state == State::ready ? &slot.result : nullptr;
}

// [SECTION] Commands

void App::send_chat() {
    if (ui_.chat_input.find_first_not_of(" \t\r\n") == std::string::npos) return;
    if (client_.send_message(ui_.chat_input)) {
        ui_.chat_input.clear();
        ui_.touch();
    }
}

void App::instruct(const std::string& text) { client_.send_message(text); }

void App::use_suggestion(const std::string& text) {
    ui_.chat_input = text;
    ui_.touch();
}

void App::pick_files() { platform_.pick_files(draft::picker_accept()); }

void App::start_export() {
    client_.start_export(export_options(ui_.export_settings, client_.state().canvas));
}

void App::cancel_export(const core::ExportJob& job) { client_.cancel_export(job.id); }

void App::download(const core::ExportJob& job) {
    if (!job.url.empty()) platform_.download(job.url, download_name(job));
}

void App::preview(const core::ExportJob& job) {
    ui_.preview_job = job.id;
    ui_.touch();
}

void App::close_preview() {
    ui_.preview_job.clear();
    ui_.touch();
}

// [SECTION] Player

std::string App::player_url() const {
    const core::PreviewState& preview = client_.state().preview;
    if (!preview.url.empty()) return preview.url;
    for (const auto& job : client_.state().jobs) {
        if (job.id == preview_export_ && job.status == core::JobStatus::completed) return job.url;
    }
    return {};
}

void App::play_pause() {
    ui_.player.playing = !ui_.player.playing;
    if (!ui_.player.playing) ui_.player.rate = 1.0;
    platform_.player_play(ui_.player.playing, ui_.player.rate);
    ui_.touch();
}

void App::seek_to(double ms) {
    const double end = ui_.player.duration_ms > 0 ? ui_.player.duration_ms : static_cast<double>(client_.state().draft.duration_ms);
    ui_.player.time_ms = std::clamp(ms, 0.0, std::max(0.0, end));
    platform_.player_seek(ui_.player.time_ms / 1000.0);
    ui_.touch();
}

void App::step_frames(int frames) {
    const int fps = client_.state().preview.fps > 0 ? client_.state().preview.fps : 30;
    if (ui_.player.playing) play_pause();
    seek_to(ui_.player.time_ms + frames * 1000.0 / fps);
}

void App::shuttle(int direction) {
    PlayerView& p = ui_.player;
    if (direction == 0) {
        if (p.playing) play_pause();
        return;
    }
    if (direction > 0) {
        p.rate = p.playing ? std::min(4.0, p.rate * 2) : 1.0;
        p.playing = true;
        platform_.player_play(true, p.rate);
        ui_.touch();
        return;
    }
    // The browser's video plays forwards only: J slows a fast shuttle, then steps back a second.
    if (p.playing && p.rate > 1.0) {
        p.rate /= 2;
        platform_.player_play(true, p.rate);
        ui_.touch();
        return;
    }
    if (p.playing) play_pause();
    seek_to(p.time_ms - 1000.0);
}

void App::make_preview_export() {
    core::ExportOptions options;
    options.format = "mp4";
    options.quality = "low";
    options.height = 360;
    preview_export_ = client_.start_export(options);
    ui_.touch();
}

void App::pull_player_status() {
    if (shown_player_url_.empty()) return;
    const platform::Platform::PlayerStatus status = platform_.player_status();
    PlayerView& p = ui_.player;
    p.time_ms = status.time_s * 1000.0;
    p.duration_ms = status.duration_s * 1000.0;
    p.can_show = status.can_show;
    p.seeking = status.seeking;
    if (p.playing && status.paused && !status.seeking) p.playing = false, p.rate = 1.0;  // it reached the end
}

void App::sync_player() {
    const std::string url = player_area_.w > 0 && player_area_.h > 0 ? player_url() : std::string();
    const Rect& a = player_area_;
    const Rect& s = shown_player_area_;
    if (url == shown_player_url_ && a.x == s.x && a.y == s.y && a.w == s.w && a.h == s.h) return;
    if (url.empty()) {
        platform_.hide_player();
        ui_.player.playing = false;
    } else {
        platform_.show_player(url, {a.x, a.y, a.w, a.h});
    }
    shown_player_url_ = url;
    shown_player_area_ = a;
}

void App::run_action(core::AppAction action) {
    if (action == core::AppAction::export_video) start_export();
    else client_.run_action(action);
}

void App::run_message_action(const core::ChatMessage& message, core::AppAction action) {
    const bool on_render = action == core::AppAction::download_render || action == core::AppAction::preview_render;
    if (!on_render) return run_action(action);
    for (const core::ExportJob& job : client_.state().jobs) {
        if (job.id != message.job_id && job.first_id != message.job_id) continue;
        if (action == core::AppAction::download_render) download(job);
        else preview(job);
        return;
    }
}

void App::dismiss_error(std::size_t index) { client_.dismiss_error(index); }

void App::open_link(const std::string& url) { platform_.open_link(url); }

// [SECTION] Preview, layout persistence, test hook

std::string App::download_name(const core::ExportJob& job) const {
    std::string stem;
    for (const auto& track : client_.state().draft.tracks) {
        for (const auto& segment : track.segments) {
            if (stem.empty() && track.kind == core::TrackKind::text) stem = file_stem(segment.text);
        }
    }
    if (stem.empty() && !client_.state().uploads.empty()) {
        const std::string& name = client_.state().uploads.front().name;
        stem = file_stem(name.substr(0, name.rfind('.')));
    }
    if (stem.empty()) stem = "clipwright-video";
    return stem + "." + job.options.format;
}

void App::sync_preview() {
    const core::ExportJob* job = nullptr;
    for (const auto& j : client_.state().jobs) {
        if (j.id == ui_.preview_job && j.status == core::JobStatus::completed) job = &j;
    }
    const bool visible = job && preview_area_.w > 0 && preview_area_.h > 0;
    const std::string url = visible ? job->url : std::string();
    const Rect& a = preview_area_;
    const Rect& s = shown_preview_area_;
    if (url == shown_preview_url_ && a.x == s.x && a.y == s.y && a.w == s.w && a.h == s.h) return;
    if (visible) platform_.show_preview(url, job->options.format == "gif", {a.x, a.y, a.w, a.h});
    else platform_.hide_preview();
    shown_preview_url_ = url;
    shown_preview_area_ = a;
}

void App::save_layout_if_changed() {
    if (ui_.revision == saved_layout_revision_) return;
    saved_layout_revision_ = ui_.revision;
    platform_.storage().set(kLayoutKey, ui_.layout_json().dump());
}

nlohmann::json App::snapshot() const {
    nlohmann::json out = client_.to_json();
    const auto& tracks = client_.state().draft.tracks;
    for (std::size_t t = 0; t < tracks.size() && t < out["timeline"]["tracks"].size(); ++t) {
        out["timeline"]["tracks"][t]["items"] = segments_json(tracks[t]);
    }
    out["ui"] = ui_.to_json();
    out["panels"] = {
        {"media", rect_json(layout_.media)},         {"chat", rect_json(layout_.chat)},
        {"export", rect_json(layout_.export_panel)}, {"timeline", rect_json(layout_.timeline)},
        {"status", rect_json(layout_.status)},       {"player", rect_json(layout_.player)},
        {"tabs", rect_json(layout_.tabs)},
    };
    static const char* const kModes[] = {"desktop", "two_columns", "one_panel"};
    out["layout"] = kModes[static_cast<int>(layout_.mode)];
    out["player"] = {{"url", shown_player_url_},         {"area", rect_json(shown_player_area_)},
                     {"time_ms", ui_.player.time_ms},    {"duration_ms", ui_.player.duration_ms},
                     {"playing", ui_.player.playing},    {"rate", ui_.player.rate},
                     {"can_show", ui_.player.can_show},  {"seeking", ui_.player.seeking}};
    out["language"] = draft::code_of(language_);
    out["texts"] = rects_.texts();
    out["frames"] = frames_drawn_;
    out["on_screen"] = screen_is_current();
    // Media thumbnails are keyed by the media's id, the lanes' pictures by "frames:<id>"/"wave:<id>".
    std::size_t requested[2] = {0, 0}, ready[2] = {0, 0};
    for (const auto& [key, slot] : thumbnails_) {
        const int lane = key.find(':') != std::string::npos ? 1 : 0;
        ++requested[lane];
        ready[lane] += slot.result.state == platform::Platform::Thumbnail::State::ready ? 1 : 0;
    }
    out["thumbnails"] = {{"requested", requested[0]}, {"ready", ready[0]}};
    out["lane_pictures"] = {{"requested", requested[1]}, {"ready", ready[1]}};
    out["fonts"] = {{"cjk_loaded", fonts_.has_cjk_font()}, {"extra_glyphs", fonts_.extra_glyph_count()}};
    return out;
}

}  // namespace cw::app
