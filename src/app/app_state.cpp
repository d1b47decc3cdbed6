// Serialisation of the UI state for the test hook, and the fixed lists the panels offer.
#include "app/app_state.hpp"

namespace cw::app {

const char* to_string(ExportFormat format) {
    switch (format) {
        case ExportFormat::gif: return "gif";
        case ExportFormat::webm: return "webm";
        case ExportFormat::mp4: break;
    }
    return "mp4";
}

const char* to_string(Connection connection) {
    switch (connection) {
        case Connection::connecting: return "connecting";
        case Connection::online: return "online";
        case Connection::offline: break;
    }
    return "offline";
}

nlohmann::json AppState::to_json() const {
    nlohmann::json messages_json = nlohmann::json::array();
    for (const auto& m : messages) messages_json.push_back({{"role", m.role}, {"text", m.text}});
    return {
        {"connection", to_string(connection)},
        {"chat", {{"input", chat_input}, {"messages", messages_json}}},
        {"export",
         {{"format", to_string(export_settings.format)},
          {"resolution", export_settings.resolution},
          {"aspect", export_settings.aspect},
          {"gif", {{"fps", export_settings.gif_fps},
                   {"width", export_settings.gif_width},
                   {"colors", export_settings.gif_colors}}}}},
        {"timeline", {{"pixels_per_second", timeline.pixels_per_second},
                      {"scroll_seconds", timeline.scroll_seconds}}},
        {"errors", errors},
        {"revision", revision},
    };
}

const std::vector<std::string>& suggested_requests() {
    static const std::vector<std::string> requests = {
        "Convert this clip into a looping GIF with auto-optimized colors",
        "Turn these images into a smooth animated video with transitions",
        "Turn these images into a 30-second promo video with background music",
        "Add the title \"Summer Sale\" for the first 3 seconds",
        "Make it 9:16 for stories",
        "把这些图片做成带转场的视频",
    };
    return requests;
}

}  // namespace cw::app
