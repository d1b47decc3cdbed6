// Every sentence and label the studio writes itself (panels, hints, notices), in English and in
// Chinese: one table per language (ui_text_en.cpp, ui_text_zh.cpp), looked up by key. `{}` marks a
// value filled in at the point of use. The agent's own replies and the change summaries come from
// the backend and the draft library, in the session's language.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "draft/text.hpp"

namespace cw::core {

using draft::Language;

enum class Text {
    // Panel titles
    panel_media, panel_chat, panel_preview, panel_export, panel_timeline,
    // Chat
    chat_intro, chat_steps, chat_steps_stacked, chat_steps_tabs, chat_try, chat_you, chat_note, chat_agent, chat_checking, chat_watching, chat_working, chat_send,
    chat_placeholder,
    // Media
    media_video, media_image, media_audio, media_file, media_waiting, media_add, media_drop, media_hint,
    media_unnamed,
    // Export
    export_format, export_resolution, export_aspect, export_as_edited, export_width, export_fps, export_colours,
    export_max_size, export_no_limit, export_dither, export_smooth, export_pattern, export_none, export_cancelling,
    export_starting, export_waiting, export_rendering, export_done, export_cancelled, export_failed,
    export_download, export_hide_preview, export_preview, export_cancel, export_start, export_offline_hint,
    export_empty_hint,
    // Player
    player_making, player_failed, player_unsupported, player_empty, player_play, player_pause, player_make,
    player_updating,
    // Timeline
    timeline_delete, timeline_earlier, timeline_later, timeline_set_length, timeline_set_volume, timeline_text,
    timeline_set_text, timeline_video, timeline_audio, timeline_fit, timeline_undo, timeline_redo, timeline_empty,
    timeline_volume, timeline_speed, timeline_transition,
    // Status bar
    status_connected, status_connecting, status_offline_in, status_offline, status_credits_unknown,
    status_credits, status_register, status_open, status_dismiss, status_more, status_session,
    status_switch_language,
    // Notices the core writes into the chat
    notice_busy, notice_choose_files, notice_exporting, notice_credits, notice_credits_unread,
    notice_state_unread, notice_export_cancelled, notice_export_failed, notice_export_ready,
    count
};

// The string for `key` in `language`.
const char* text(Text key, Language language);

// A count for a sentence: credits and the like, rounded to a whole number.
std::string whole_number(double value);

// `text` with each `{}` replaced by the next value, in order.
std::string fill(const char* text, const std::vector<std::string>& values);

// The tables, for the check that both are complete.
const std::vector<std::pair<Text, const char*>>& english_table();
const std::vector<std::pair<Text, const char*>>& chinese_table();

}  // namespace cw::core
