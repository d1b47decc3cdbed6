// The reading rule in one place; the table in schema.hpp is its specification and test_schema its check.
#include "draft/schema.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>

namespace cw::draft {

namespace {

std::string trimmed_lower(const std::string& text) {
    std::size_t begin = 0, end = text.size();
    while (begin < end && std::isspace(static_cast<unsigned char>(text[begin]))) ++begin;
    while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
    std::string out = text.substr(begin, end - begin);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// Decimal numbers only: strtod alone would also take hex, "inf" and "nan".
std::optional<double> number_in_text(const std::string& text) {
    std::string plain = trimmed_lower(text);
    if (plain.empty() || plain.find_first_not_of("0123456789+-.e") != std::string::npos) return std::nullopt;
    char* end = nullptr;
    double value = std::strtod(plain.c_str(), &end);
    if (end != plain.c_str() + plain.size() || !std::isfinite(value)) return std::nullopt;
    return value;
}

}  // namespace

std::optional<double> read_number(const json& value) {
    if (value.is_number()) {
        double number = value.get<double>();
        return std::isfinite(number) ? std::optional<double>(number) : std::nullopt;
    }
    if (value.is_string()) return number_in_text(value.get_ref<const std::string&>());
    return std::nullopt;
}

std::optional<std::string> read_text(const json& value) {
    if (value.is_string()) return value.get<std::string>();
    if (value.is_number() && read_number(value)) return value.dump();
    return std::nullopt;
}

std::optional<bool> read_flag(const json& value) {
    if (value.is_boolean()) return value.get<bool>();
    if (value.is_number()) {
        auto number = read_number(value);
        return number ? std::optional<bool>(*number != 0) : std::nullopt;
    }
    if (!value.is_string()) return std::nullopt;
    std::string word = trimmed_lower(value.get<std::string>());
    if (word == "true" || word == "yes" || word == "1") return true;
    if (word == "false" || word == "no" || word == "0") return false;
    return std::nullopt;
}

// Rounds and clamps in double first: casting an out-of-range double to an integer is undefined.
std::optional<std::int64_t> read_ms(const json& value, bool* clamped) {
    auto number = read_number(value);
    if (!number) return std::nullopt;
    double rounded = std::round(*number);
    double limit = static_cast<double>(kMaxTimelineMs);
    if (clamped) *clamped = rounded < 0 || rounded > limit;
    return static_cast<std::int64_t>(std::clamp(rounded, 0.0, limit));
}

const json* field(const json& object, const char* name) {
    if (!object.is_object()) return nullptr;
    auto found = object.find(name);
    return found == object.end() ? nullptr : &*found;
}

double json_number(const json& object, const char* name, double fallback) {
    const json* value = field(object, name);
    return value ? read_number(*value).value_or(fallback) : fallback;
}

std::int64_t json_ms(const json& object, const char* name, std::int64_t fallback) {
    const json* value = field(object, name);
    return value ? read_ms(*value).value_or(fallback) : fallback;
}

std::string json_string(const json& object, const char* name, const std::string& fallback) {
    const json* value = field(object, name);
    return value ? read_text(*value).value_or(fallback) : fallback;
}

bool json_bool(const json& object, const char* name, bool fallback) {
    const json* value = field(object, name);
    return value ? read_flag(*value).value_or(fallback) : fallback;
}

}  // namespace cw::draft
