// Rules are (pattern, replacement, action); matching ignores ASCII case. Longer patterns come first
// so "click the Export button" is rewritten whole, not as "click" + "Export".
#include "core/gui_talk.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>

namespace cw::core {

namespace {

struct Rule {
    std::string_view pattern;
    std::string_view replacement;  // empty: keep the words, only offer the action
    AppAction action;
};

constexpr Rule kRules[] = {
    {"click the export button", "use Export below", AppAction::export_video},
    {"click on export", "use Export below", AppAction::export_video},
    {"click export", "use Export below", AppAction::export_video},
    {"press export", "use Export below", AppAction::export_video},
    {"hit export", "use Export below", AppAction::export_video},
    {"open the export panel", "use Export below", AppAction::export_video},
    {"点击导出", "点下方的导出", AppAction::export_video},
    {"导出", "", AppAction::export_video},
    {"open the panel", "use Show state below", AppAction::show_state},
    {"open the properties panel", "use Show state below", AppAction::show_state},
    {"check the panel", "use Show state below", AppAction::show_state},
    {"打开面板", "点下方的查看状态", AppAction::show_state},
    {"drag the clip", "tell me where the clip should go", AppAction::edit_via_chat},
    {"drag and drop", "tell me in chat", AppAction::edit_via_chat},
    {"drag it", "tell me where it should go", AppAction::edit_via_chat},
    {"拖动", "告诉我", AppAction::edit_via_chat},
    {"拖拽", "告诉我", AppAction::edit_via_chat},
    {"preview it in the timeline", "see it in the Timeline", AppAction::show_timeline},
    {"preview in the timeline", "see it in the Timeline", AppAction::show_timeline},
    {"preview in timeline", "see it in the Timeline", AppAction::show_timeline},
    {"preview it", "see it in the Timeline", AppAction::show_timeline},
    {"在时间线预览", "在时间线查看", AppAction::show_timeline},
    {"预览", "", AppAction::show_timeline},
};

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool matches_at(const std::string& text, std::size_t at, std::string_view pattern) {
    if (at + pattern.size() > text.size()) return false;
    for (std::size_t i = 0; i < pattern.size(); ++i)
        if (lower(text[at + i]) != pattern[i]) return false;
    return true;
}

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// ASCII patterns must stand as whole words ("click exported" is not an instruction).
bool at_word_bounds(const std::string& text, std::size_t at, std::string_view pattern) {
    bool ascii = static_cast<unsigned char>(pattern[0]) < 0x80;
    if (!ascii) return true;
    bool left_ok = at == 0 || !is_word_char(text[at - 1]);
    std::size_t end = at + pattern.size();
    bool right_ok = end >= text.size() || !is_word_char(text[end]);
    return left_ok && right_ok;
}

const Rule* rule_at(const std::string& text, std::size_t at) {
    for (const Rule& rule : kRules)
        if (matches_at(text, at, rule.pattern) && at_word_bounds(text, at, rule.pattern)) return &rule;
    return nullptr;
}

}  // namespace

const char* to_string(AppAction action) {
    switch (action) {
    case AppAction::export_video: return "export";
    case AppAction::show_state: return "show_state";
    case AppAction::edit_via_chat: return "edit_via_chat";
    case AppAction::show_timeline: return "show_timeline";
    case AppAction::pick_files: return "pick_files";
    case AppAction::download_render: return "download";
    case AppAction::preview_render: return "preview";
    }
    return "export";
}

const char* label(AppAction action) {
    switch (action) {
    case AppAction::export_video: return "Export";
    case AppAction::show_state: return "Show state";
    case AppAction::edit_via_chat: return "Describe the edit";
    case AppAction::show_timeline: return "Show timeline";
    case AppAction::pick_files: return "Choose files";
    case AppAction::download_render: return "Download";
    case AppAction::preview_render: return "Preview";
    }
    return "Export";
}

TranslatedReply translate_gui_talk(const std::string& reply) {
    TranslatedReply out;
    out.text.reserve(reply.size());
    for (std::size_t at = 0; at < reply.size();) {
        const Rule* rule = rule_at(reply, at);
        if (!rule) {
            out.text += reply[at++];
            continue;
        }
        if (rule->replacement.empty()) {
            out.text.append(reply, at, rule->pattern.size());
        } else {
            std::size_t first = out.text.size();
            out.text.append(rule->replacement);
            // "Click Export" at a sentence start stays capitalised: "Use Export below".
            if (std::isupper(static_cast<unsigned char>(reply[at])))
                out.text[first] = static_cast<char>(std::toupper(static_cast<unsigned char>(out.text[first])));
        }
        at += rule->pattern.size();
        if (std::find(out.actions.begin(), out.actions.end(), rule->action) == out.actions.end())
            out.actions.push_back(rule->action);
    }
    return out;
}

}  // namespace cw::core
