// Strings that JS bridges copy into a caller's buffer: the bridge returns the UTF-8 length it
// needs (-1 for "none"), writing only when that fits; one retry with the right size covers the rest.
#pragma once
#include <optional>
#include <string>

namespace cw::platform {

template <typename Read>
std::optional<std::string> read_bridge_string(Read read) {
    std::string out(256, '\0');
    int needed = read(out.data(), static_cast<int>(out.size()));
    if (needed >= static_cast<int>(out.size())) {
        out.assign(static_cast<size_t>(needed) + 1, '\0');
        needed = read(out.data(), static_cast<int>(out.size()));
    }
    if (needed < 0) return std::nullopt;
    out.resize(static_cast<size_t>(needed));
    return out;
}

}  // namespace cw::platform
