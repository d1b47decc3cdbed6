// Writes the ASS script for text overlays: one Dialogue line per text segment, in its time window.
#include "text_overlay.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <regex>

#include "draft/edit.hpp"

namespace cw::server {

using namespace cw::draft;
using nlohmann::json;

namespace {

std::string ass_time(int64_t ms) {
    int64_t cs = ms / 10;
    char text[32];
    std::snprintf(text, sizeof text, "%lld:%02lld:%02lld.%02lld", static_cast<long long>(cs / 360000),
                  static_cast<long long>(cs / 6000 % 60), static_cast<long long>(cs / 100 % 60),
                  static_cast<long long>(cs % 100));
    return text;
}

// ASS colours are &HBBGGRR.
std::string ass_color(const std::string& color) {
    static const std::map<std::string, std::string> named = {
        {"white", "FFFFFF"}, {"black", "000000"}, {"red", "3030E0"},   {"green", "40C040"},  {"blue", "E08030"},
        {"yellow", "00E0FF"}, {"orange", "0090FF"}, {"purple", "B04090"}, {"pink", "B070FF"}, {"gray", "A0A0A0"},
        {"cyan", "E0E000"},  {"magenta", "E000E0"}, {"gold", "00D7FF"}};
    auto it = named.find(color);
    if (it != named.end()) return "&H" + it->second + "&";
    std::smatch match;
    if (std::regex_match(color, match, std::regex("#?([0-9A-Fa-f]{2})([0-9A-Fa-f]{2})([0-9A-Fa-f]{2})")))
        return "&H" + match[3].str() + match[2].str() + match[1].str() + "&";
    return "&HFFFFFF&";
}

// ASS alignment: the numeric keypad's layout (7 8 9 / 4 5 6 / 1 2 3).
int alignment(const std::string& position) {
    static const std::map<std::string, int> keypad = {{"top", 8},         {"bottom", 2},      {"lower_third", 1},
                                                       {"top_left", 7},    {"top_right", 9},   {"bottom_left", 1},
                                                       {"bottom_right", 3}, {"center", 5}};
    auto found = keypad.find(position);
    return found == keypad.end() ? 5 : found->second;
}

// A lower third sits a third of the way up from the bottom edge, not on it.
int vertical_margin(const std::string& position, int height, int margin) {
    return position == "lower_third" ? height / 4 : margin;
}

}  // namespace

std::string ass_literal(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '{') out += "\\{";
        else if (c == '}') out += "\\}";
        else if (c == '\\') out += "\\\xE2\x80\x8B";  // a zero-width space after it stops "\N", "\h" escapes
        else if (c == '\n') out += "\\N";
        else if (c == '\t') out += ' ';
        else if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) out += c;  // other controls end or garble the line
    }
    return out;
}

std::string text_overlay_script(const json& draft, int width, int height) {
    std::string events;
    int margin = static_cast<int>(std::lround(height * 0.08));
    for (const auto& track : tracks_of(draft)) {
        if (track_type(track) != kTextTrack) continue;
        for (const auto& segment : segments_of(track)) {
            const json& meta = meta_of(segment);
            std::string text = json_string(meta, "text");
            if (text.empty() || segment_duration(segment) <= 0) continue;
            int size = std::max(8, static_cast<int>(std::lround(json_number(meta, "size", 72) * height / 1080.0)));
            const std::string position = json_string(meta, "position", "center");
            char overrides[96];
            std::snprintf(overrides, sizeof overrides, "{\\an%d\\fs%d\\bord%d\\c%s}", alignment(position), size,
                          std::max(1, size / 18), ass_color(json_string(meta, "color", "white")).c_str());
            events += "Dialogue: 0," + ass_time(segment_start(segment)) + "," + ass_time(segment_end(segment)) +
                      ",Default,,0,0," + std::to_string(vertical_margin(position, height, margin)) + ",," + overrides +
                      ass_literal(text) + "\n";
        }
    }
    if (events.empty()) return {};
    std::string w = std::to_string(width), h = std::to_string(height), m = std::to_string(margin);
    return "[Script Info]\nScriptType: v4.00+\nPlayResX: " + w + "\nPlayResY: " + h +
           "\nWrapStyle: 0\nScaledBorderAndShadow: yes\n\n[V4+ Styles]\n"
           "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, "
           "Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, "
           "MarginL, MarginR, MarginV, Encoding\n"
           "Style: Default,Noto Sans,72,&H00FFFFFF,&H00FFFFFF,&H60000000,&H80000000,-1,0,0,0,100,100,0,0,1,3,1,5," +
           m + "," + m + "," + m + ",1\n\n[Events]\n"
           "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n" + events;
}

}  // namespace cw::server
