// How stored records look on the wire: the contract's JSON shapes for media, renders and drafts.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "store.hpp"

namespace cw::server {

// `origin` ("http://host:port") makes URLs absolute, so they work from any page or base URL.
nlohmann::json media_json(const MediaRecord& record, const std::string& origin);

// Gives every segment an `st` (after the one before when missing) and a `d`, and every track its
// `sg` array, so clients get the complete short-key form whatever the agent produced.
nlohmann::json normalize_draft(nlohmann::json draft);

}  // namespace cw::server
