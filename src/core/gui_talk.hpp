// The agent writes as if the user had a visual editor ("click Export", "drag the clip", "导出").
// This finds those instructions in a reply, rewrites them to point at what this app has, and
// lists the matching app actions so the chat can offer them as buttons.
#pragma once
#include <string>
#include <vector>

namespace cw::core {

enum class AppAction {
    export_video,   // run the export
    show_state,     // show the state / tracks
    edit_via_chat,  // the user describes the edit in chat instead of dragging
    show_timeline,  // show the timeline preview
    pick_files,     // open the file picker (the "upload" command)
    download_render,  // download the render the message is about
    preview_render,   // play the render the message is about
};
const char* to_string(AppAction action);
const char* label(AppAction action);

struct TranslatedReply {
    std::string text;
    std::vector<AppAction> actions;  // each at most once, in order of first mention
};

TranslatedReply translate_gui_talk(const std::string& reply);

}  // namespace cw::core
