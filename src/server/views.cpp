// Wire shapes for stored records.
#include "views.hpp"

#include <algorithm>

namespace cw::server {

using nlohmann::json;

json media_json(const MediaRecord& record, const std::string& origin) {
    const MediaInfo& m = record.info;
    return {{"id", m.id},           {"name", m.name},       {"type", m.type},
            {"url", origin + m.url}, {"size", m.size},       {"duration_ms", m.duration_ms},
            {"width", m.width},      {"height", m.height},   {"has_audio", m.has_audio}};
}

json normalize_draft(json draft) {
    if (!draft.is_object()) draft = json::object();
    if (!draft.contains("t") || !draft["t"].is_array()) draft["t"] = json::array();
    if (!draft.contains("m") || !draft["m"].is_object()) draft["m"] = json::object();
    for (json& track : draft["t"]) {
        if (!track.is_object()) continue;
        if (!track.contains("sg") || !track["sg"].is_array()) track["sg"] = json::array();
        int64_t next = 0;
        for (json& segment : track["sg"]) {
            if (!segment.is_object()) continue;
            if (!segment.contains("d") || !segment["d"].is_number()) segment["d"] = 0;
            if (!segment.contains("st") || !segment["st"].is_number()) segment["st"] = next;
            next = segment["st"].get<int64_t>() + std::max<int64_t>(segment["d"].get<int64_t>(), 0);
        }
    }
    return draft;
}

}  // namespace cw::server
