// Runs one render job: builds the ffmpeg command for the draft and runs it.
#include "renderer.hpp"

#include <stdexcept>

namespace cw::server {

RenderOptions RenderOptions::from_json(const nlohmann::json& output) {
    RenderOptions options;
    if (output.is_object() && output.contains("format")) options.format = output.at("format").get<std::string>();
    if (options.format != "mp4" && options.format != "gif" && options.format != "webm")
        throw std::invalid_argument("format must be mp4, gif or webm");
    return options;
}

RenderResult render(const RenderJob&, const std::function<void(double)>&, const std::atomic<bool>&) {
    RenderResult result;
    result.error = "rendering is not available yet";
    return result;
}

}  // namespace cw::server
