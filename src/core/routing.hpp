// Which user messages skip the agent: short commands to export, show credits, show the state or
// upload. Anything that also asks for an edit goes to chat, even when it mentions exporting.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace cw::core {

enum class Route { chat, export_video, credits, status, upload, upload_link };
const char* to_string(Route route);

struct RouteDecision {
    Route route = Route::chat;
    // Export hints read from the command ("export as gif", "导出 1080p").
    std::optional<std::string> format;
    std::optional<int> height;
    std::string link;  // upload_link: the pasted address
};

// A message that is only a web address ("https://…/clip.mp4") is media to add by link.
RouteDecision route_message(std::string_view text);

}  // namespace cw::core
