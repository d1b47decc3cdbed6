#include "core/ui_text.hpp"

#include <array>
#include <cmath>

namespace cw::core {

namespace {

using Table = std::array<const char*, static_cast<std::size_t>(Text::count)>;

Table index(const std::vector<std::pair<Text, const char*>>& rows) {
    Table table{};
    for (const auto& [key, value] : rows) table[static_cast<std::size_t>(key)] = value;
    return table;
}

}  // namespace

const char* text(Text key, Language language) {
    static const Table english = index(english_table());
    static const Table chinese = index(chinese_table());
    const auto at = static_cast<std::size_t>(key);
    const char* found = language == Language::zh ? chinese[at] : english[at];
    return found ? found : english[at] ? english[at] : "";
}

std::string whole_number(double value) { return std::to_string(static_cast<long long>(std::llround(value))); }

std::string fill(const char* text, const std::vector<std::string>& values) {
    std::string out;
    std::size_t next = 0;
    for (const char* p = text; *p; ++p) {
        if (p[0] == '{' && p[1] == '}' && next < values.size()) {
            out += values[next++];
            ++p;
        } else {
            out += *p;
        }
    }
    return out;
}

}  // namespace cw::core
