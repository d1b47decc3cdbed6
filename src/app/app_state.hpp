// What the panels draw and edit: the UI's own state. Panels read and change it; nothing here talks HTTP.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace cw::app {

enum class ExportFormat { mp4, gif, webm };
const char* to_string(ExportFormat format);

struct ExportSettings {
    ExportFormat format = ExportFormat::mp4;
    int resolution = 1080;            // output height class: 720 or 1080
    std::string aspect = "16:9";      // "16:9" | "9:16" | "1:1" | "4:5"
    int gif_fps = 12;
    int gif_width = 480;
    int gif_colors = 256;
};

struct TimelineView {
    double pixels_per_second = 40.0;
    double scroll_seconds = 0.0;
};

struct ChatMessage {
    std::string role;  // "user" | "agent" | "notice"
    std::string text;
};

enum class Connection { offline, connecting, online };
const char* to_string(Connection connection);

struct AppState {
    Connection connection = Connection::offline;
    std::string chat_input;
    std::vector<ChatMessage> messages;
    ExportSettings export_settings;
    TimelineView timeline;
    std::vector<std::string> errors;
    uint64_t revision = 0;  // bumped on every change, so derived work (glyphs, layout) runs only then

    void touch() { ++revision; }
    nlohmann::json to_json() const;
};

// The contract's typical requests, offered to a new user as one-click starting points.
const std::vector<std::string>& suggested_requests();

}  // namespace cw::app
