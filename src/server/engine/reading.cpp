// Index:
//   [SECTION] Folding       full-width forms, punctuation, quotes, case
//   [SECTION] Numbers       Chinese numerals and English number words to digits
//   [SECTION] Words         English words, typo mending, clause splitting
//   [SECTION] Entities      one scan per clause: quantities, ranges, ordinals, and the word tables
#include "reading.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <map>
#include <numeric>
#include <set>
#include <string_view>

#include "draft/text.hpp"

namespace cw::server {

namespace {

// [SECTION] Folding

bool starts_with_at(const std::string& text, std::size_t at, std::string_view prefix) {
    return text.compare(at, prefix.size(), prefix) == 0;
}

std::string utf8(std::uint32_t code) {
    std::string out;
    if (code < 0x80) out += static_cast<char>(code);
    else if (code < 0x800) out += static_cast<char>(0xC0 | (code >> 6)), out += static_cast<char>(0x80 | (code & 0x3F));
    else {
        out += static_cast<char>(0xE0 | (code >> 12));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    }
    return out;
}

// Full-width ASCII to ASCII, CJK punctuation to its ASCII reading, ASCII lower-cased.
std::string fold(const std::string& message) {
    static const std::map<std::uint32_t, const char*> punctuation = {
        {0x3000, " "}, {0x3001, ", "}, {0x3002, ". "}, {0x2014, "-"}, {0x2013, "-"}, {0x2212, "-"},
        {0x00D7, "x"}, {0x2026, ". "}, {0x00A0, " "}};
    std::string out;
    out.reserve(message.size());
    for (std::size_t at = 0; at < message.size();) {
        std::uint32_t code = draft::decode_utf8(message, at);
        if (code >= 0xFF01 && code <= 0xFF5E) code -= 0xFEE0;
        if (auto p = punctuation.find(code); p != punctuation.end()) {
            out += p->second;
            continue;
        }
        if (code < 0x80) out += static_cast<char>(std::tolower(static_cast<int>(code)));
        else out += utf8(code);
    }
    return out;
}

// Quotes become «n» so that nothing inside them is read as a request.
const std::vector<std::pair<std::string, std::string>>& quote_pairs() {
    static const std::vector<std::pair<std::string, std::string>> pairs = {
        {"\"", "\""}, {"\xE2\x80\x9C", "\xE2\x80\x9D"}, {"\xE2\x80\x98", "\xE2\x80\x99"}, {"\xE3\x80\x8C", "\xE3\x80\x8D"},
        {"\xE3\x80\x8E", "\xE3\x80\x8F"}, {"\xE3\x80\x8A", "\xE3\x80\x8B"}, {"'", "'"}};
    return pairs;
}

bool word_byte(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// Quotes are taken from the message as written (case kept); the rest is folded.
std::string without_quotes(const std::string& message, std::vector<std::string>& quotes) {
    std::string out;
    std::size_t i = 0, plain_from = 0;
    std::vector<bool> unclosed(quote_pairs().size(), false);  // no closing quote of this kind lies ahead
    auto flush = [&](std::size_t to) { out += fold(message.substr(plain_from, to - plain_from)); };
    while (i < message.size()) {
        bool matched = false;
        for (std::size_t kind = 0; kind < quote_pairs().size(); ++kind) {
            const auto& [open, close] = quote_pairs()[kind];
            if (unclosed[kind] || !starts_with_at(message, i, open)) continue;
            if (open == "'" && i > 0 && word_byte(message[i - 1])) continue;  // don't, it's
            std::size_t end = message.find(close, i + open.size());
            while (close == "'" && end != std::string::npos && end + 1 < message.size() && word_byte(message[end + 1]))
                end = message.find(close, end + 1);
            if (end == std::string::npos) unclosed[kind] = true;
            if (end == std::string::npos || end == i + open.size()) continue;
            flush(i);
            out += " \xC2\xAB" + std::to_string(quotes.size()) + "\xC2\xBB ";
            quotes.push_back(message.substr(i + open.size(), end - i - open.size()));
            i = plain_from = end + close.size();
            matched = true;
            break;
        }
        if (!matched) ++i;
    }
    flush(message.size());
    return out;
}

// [SECTION] Numbers

int chinese_digit(std::uint32_t code) {
    switch (code) {
    case 0x96F6: case 0x3007: return 0;  // 零 〇
    case 0x4E00: return 1;               // 一
    case 0x4E8C: case 0x4E24: case 0x4FE9: return 2;  // 二 两 俩
    case 0x4E09: return 3; case 0x56DB: return 4; case 0x4E94: return 5; case 0x516D: return 6;
    case 0x4E03: return 7; case 0x516B: return 8; case 0x4E5D: return 9;
    default: return -1;
    }
}

int chinese_unit(std::uint32_t code) {
    switch (code) {
    case 0x5341: return 10;    // 十
    case 0x767E: return 100;   // 百
    case 0x5343: return 1000;  // 千
    default: return 0;
    }
}

// Words that start with 一 but are not the number one.
bool one_is_a_word(const std::string& text, std::size_t at) {
    static const std::array<const char*, 16> words = {"一点", "一下", "一些", "一起", "一样", "一直", "一般", "一边",
                                                      "一切", "一定", "一致", "一会", "一次性", "一键", "一半", "一步"};
    return std::any_of(words.begin(), words.end(), [&](const char* w) { return starts_with_at(text, at, w); });
}

std::string number_text(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", value);
    return text;
}

// 三十 → 30, 两 → 2, 一点五 → 1.5, 一分半 → 1.5分, 百分之四十 → 40%, 三成 → 3成.
std::string chinese_numbers_to_digits(const std::string& text) {
    std::string out;
    for (std::size_t at = 0; at < text.size();) {
        if (starts_with_at(text, at, "百分之")) {
            out += "%of ";
            at += std::string_view("百分之").size();
            continue;
        }
        std::size_t pos = at;
        std::uint32_t code = draft::decode_utf8(text, pos);
        bool numeral = chinese_digit(code) >= 0 || (chinese_unit(code) > 0 && code != 0x767E && code != 0x5343);
        bool decimal_one = code == 0x4E00 && starts_with_at(text, pos, "点") && pos + 3 < text.size() &&
                           [&] { std::size_t p = pos + 3; return chinese_digit(draft::decode_utf8(text, p)) >= 0; }();
        if (numeral && starts_with_at(text, pos, "分之")) {  // 三分之一: a fraction, kept as words
            std::size_t end = pos + std::string_view("分之").size();
            draft::decode_utf8(text, end);
            out.append(text, at, end - at);
            at = end;
            continue;
        }
        if (!numeral || (code == 0x4E00 && one_is_a_word(text, at) && !decimal_one)) {
            out.append(text, at, pos - at);
            at = pos;
            continue;
        }
        double total = 0, current = 0;
        std::size_t end = at;
        while (end < text.size()) {
            std::size_t next = end;
            std::uint32_t c = draft::decode_utf8(text, next);
            if (int d = chinese_digit(c); d >= 0) current = d;
            else if (int u = chinese_unit(c); u > 0) total += (current == 0 ? 1 : current) * u, current = 0;
            else break;
            end = next;
        }
        double value = total + current;
        if (starts_with_at(text, end, "点")) {  // a decimal point between numerals
            std::size_t next = end + std::string_view("点").size(), probe = next;
            if (next < text.size()) {
                int d = chinese_digit(draft::decode_utf8(text, probe));
                if (d >= 0) value += d / 10.0, end = probe;
            }
        }
        out += number_text(value);
        at = end;
    }
    return out;
}

bool digit_at(const std::string& text, std::size_t at) {
    return at < text.size() && (std::isdigit(static_cast<unsigned char>(text[at])) || text[at] == '.');
}

// One pass: "%of 40" (from 百分之) → "40%"; "1分半" → "1.5分", "2秒半" → "2.5秒"; 半分钟 → 30秒, 半秒 → 0.5秒.
std::string settle_number_forms(const std::string& text) {
    static const std::vector<std::pair<std::string, std::string>> halves = {{"半分钟", "30秒"}, {"半分", "30秒"}, {"半秒", "0.5秒"}};
    std::string out;
    out.reserve(text.size());
    for (std::size_t at = 0; at < text.size();) {
        if (starts_with_at(text, at, "%of ") && digit_at(text, at + 4)) {
            std::size_t end = at + 4;
            while (digit_at(text, end)) ++end;
            out += text.substr(at + 4, end - at - 4) + "%";
            at = end;
            continue;
        }
        if (digit_at(text, at) && (at == 0 || !digit_at(text, at - 1))) {
            std::size_t end = at;
            while (digit_at(text, end)) ++end;
            for (const char* unit : {"分", "秒"}) {
                std::string half = std::string(unit) + "半";
                if (!starts_with_at(text, end, half)) continue;
                out += number_text(std::strtod(text.substr(at, end - at).c_str(), nullptr) + 0.5) + unit;
                at = end + half.size();
                break;
            }
            if (at < end) {
                out += text.substr(at, end - at);
                at = end;
            }
            continue;
        }
        auto half = std::find_if(halves.begin(), halves.end(), [&](const auto& h) { return starts_with_at(text, at, h.first); });
        if (half != halves.end()) {
            out += half->second;
            at += half->first.size();
            continue;
        }
        out += text[at++];
    }
    return out;
}

// English number words become digits; "one" only before a unit, since "the last one" is no number.
void english_numbers_to_digits(const std::vector<std::string>& words, std::vector<std::string>& out) {
    static const std::map<std::string, int> small = {
        {"zero", 0}, {"two", 2}, {"three", 3}, {"four", 4}, {"five", 5}, {"six", 6}, {"seven", 7}, {"eight", 8},
        {"nine", 9}, {"ten", 10}, {"eleven", 11}, {"twelve", 12}, {"thirteen", 13}, {"fourteen", 14}, {"fifteen", 15},
        {"sixteen", 16}, {"seventeen", 17}, {"eighteen", 18}, {"nineteen", 19}, {"twenty", 20}, {"thirty", 30},
        {"forty", 40}, {"fifty", 50}, {"sixty", 60}, {"seventy", 70}, {"eighty", 80}, {"ninety", 90}, {"dozen", 12}};
    static const std::set<std::string> units = {"second", "seconds", "sec", "secs", "minute", "minutes", "min", "mins",
                                                "photo", "photos", "picture", "pictures", "clip", "clips", "image", "images"};
    for (std::size_t i = 0; i < words.size(); ++i) {
        const std::string& w = words[i];
        const std::string next = i + 1 < words.size() ? words[i + 1] : "";
        if (w == "half" && (next == "a" || next == "an") && i + 2 < words.size()) {
            const std::string& unit = words[i + 2];
            if (unit == "minute") out.insert(out.end(), {"30", "seconds"}), i += 2;
            else if (unit == "second") out.insert(out.end(), {"0.5", "seconds"}), i += 2;
            else out.push_back(w);
            continue;
        }
        if ((w == "a" || w == "an") && (next == "minute" || next == "dozen")) {
            bool half = i + 4 < words.size() && words[i + 2] == "and" && words[i + 3] == "a" && words[i + 4] == "half";
            out.push_back(next == "minute" ? (half ? "1.5" : "1") : "12");
            if (next == "dozen") ++i;
            if (half) out.push_back("minutes"), i += 4;
            continue;
        }
        if (w == "couple" && !out.empty() && out.back() == "a") {
            out.back() = "2";
            if (next == "of") ++i;
            continue;
        }
        auto and_a_half = [&](std::size_t at) {
            return at + 3 < words.size() && words[at + 1] == "and" && words[at + 2] == "a" && words[at + 3] == "half";
        };
        auto found = small.find(w);
        if (found != small.end() || (w == "one" && (units.count(next) || and_a_half(i)))) {
            double value = found != small.end() ? found->second : 1;
            if (value >= 20 && static_cast<int>(value) % 10 == 0 && i + 1 < words.size()) {
                auto unit = small.find(next);
                if (unit != small.end() && unit->second < 10) value += unit->second, ++i;
            }
            if (and_a_half(i)) value += 0.5, i += 3;
            out.push_back(number_text(value));
            continue;
        }
        if ((w == "first" || w == "last" || w == "final") && (next == "second" || next == "minute")) {
            out.insert(out.end(), {w, "1"});
            continue;
        }
        out.push_back(w);
    }
}

// [SECTION] Words

// Optimal string alignment distance, stopping early past `limit`.
int edit_distance(const std::string& a, const std::string& b, int limit) {
    if (std::abs(static_cast<int>(a.size()) - static_cast<int>(b.size())) > limit) return limit + 1;
    std::vector<std::vector<int>> d(a.size() + 1, std::vector<int>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = static_cast<int>(i);
    for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = static_cast<int>(j);
    for (std::size_t i = 1; i <= a.size(); ++i) {
        int row_best = limit + 1;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
            row_best = std::min(row_best, d[i][j]);
        }
        if (row_best > limit) return limit + 1;
    }
    return d[a.size()][b.size()];
}

// Every way to delete up to two letters from a word.
void deletions(const std::string& word, int depth, std::set<std::string>& out) {
    if (depth == 0 || word.size() <= 1) return;
    for (std::size_t i = 0; i < word.size(); ++i) {
        std::string shorter = word.substr(0, i) + word.substr(i + 1);
        if (out.insert(shorter).second) deletions(shorter, depth - 1, out);
    }
}

// Known words by their deletions (a symmetric-delete index): a lookup costs the length of the word,
// not the size of the vocabulary.
const std::map<std::string, std::vector<std::string>>& deletion_index() {
    static const std::map<std::string, std::vector<std::string>> index = [] {
        std::map<std::string, std::vector<std::string>> out;
        for (const std::string& word : known_english_words()) {
            if (word.size() < 4 || word.find(' ') != std::string::npos) continue;
            std::set<std::string> keys = {word};
            deletions(word, 2, keys);
            for (const std::string& key : keys) out[key].push_back(word);
        }
        return out;
    }();
    return index;
}

std::string mended_uncached(const std::string& word);

// A long message repeats its words: each is mended once (the cache is bounded, so no message can grow it).
std::string mended(const std::string& word) {
    thread_local std::map<std::string, std::string> cache;
    if (auto found = cache.find(word); found != cache.end()) return found->second;
    std::string result = mended_uncached(word);
    if (cache.size() < 20000) cache.emplace(word, result);
    return result;
}

// A word the tables do not know, within one edit (two for long words) of exactly one they do.
std::string mended_uncached(const std::string& word) {
    static const std::set<std::string> known(known_english_words().begin(), known_english_words().end());
    if (word.size() == 3 && !known.count(word)) {  // "gfi": three letters are mended only by swapping two
        for (std::size_t i = 0; i + 1 < 3; ++i) {
            std::string swapped = word;
            std::swap(swapped[i], swapped[i + 1]);
            if (known.count(swapped)) return swapped;
        }
    }
    if (word.size() < 4 || word.size() > 24 || known.count(word) ||
        !std::all_of(word.begin(), word.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); }))
        return word;
    int limit = word.size() >= 7 ? 2 : 1, best = limit + 1;
    std::set<std::string> keys = {word};
    deletions(word, limit, keys);
    std::set<std::string> candidates;
    for (const std::string& key : keys)
        if (auto found = deletion_index().find(key); found != deletion_index().end()) candidates.insert(found->second.begin(), found->second.end());
    // Equal candidates: a letter left out is the likeliest slip ("fist" → "first", not "fast").
    std::vector<std::string> closest;
    for (const std::string& candidate : candidates) {
        int distance = edit_distance(word, candidate, limit);
        if (distance < best) best = distance, closest = {candidate};
        else if (distance == best) closest.push_back(candidate);
    }
    if (best > limit) return word;
    if (closest.size() > 1) {
        std::vector<std::string> longer;
        for (const std::string& c : closest)
            if (c.size() == word.size() + 1) longer.push_back(c);
        closest = longer;
    }
    return closest.size() == 1 ? closest.front() : word;
}

bool english_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '\''; }

// The text with English number words as digits and typos mended; everything else kept in place.
std::string mend_english(const std::string& text) {
    std::string out;
    std::size_t at = 0;
    while (at < text.size()) {
        if (!std::isalpha(static_cast<unsigned char>(text[at]))) {
            out += text[at++];
            continue;
        }
        std::size_t end = at;
        std::vector<std::string> run;  // a run of words separated by single spaces
        while (end < text.size() && std::isalpha(static_cast<unsigned char>(text[end]))) {
            std::size_t word_end = end;
            while (word_end < text.size() && std::isalpha(static_cast<unsigned char>(text[word_end]))) ++word_end;
            run.push_back(mended(text.substr(end, word_end - end)));
            end = word_end;
            // "one-minute", "slow-mo": a hyphen joins words like a space
            if (end + 1 < text.size() && (text[end] == ' ' || text[end] == '-') && std::isalpha(static_cast<unsigned char>(text[end + 1]))) ++end;
            else break;
        }
        std::vector<std::string> converted;
        english_numbers_to_digits(run, converted);
        for (std::size_t i = 0; i < converted.size(); ++i) out += (i ? " " : "") + converted[i];
        at = end;
    }
    return out;
}

std::vector<std::string> english_words(const std::string& text) {
    std::vector<std::string> words;
    std::string word;
    for (char c : text) {
        if (english_char(c) && static_cast<unsigned char>(c) < 0x80) {
            word += c;
            continue;
        }
        while (!word.empty() && (word.back() == '.' || word.back() == '\'')) word.pop_back();
        if (!word.empty()) words.push_back(word);
        word.clear();
    }
    while (!word.empty() && (word.back() == '.' || word.back() == '\'')) word.pop_back();
    if (!word.empty()) words.push_back(word);
    return words;
}

// Clause boundaries: punctuation (not a decimal point), "then", "also", "plus", 然后, 并且, 另外…
std::vector<std::string> split_clauses(const std::string& text) {
    static const std::vector<std::string> joiners = {" and then ", " then ", " also ", " plus ", " after that ", "然后", "并且",
                                                     "另外", "接着", "同时", "之后再", "还要", "顺便"};
    std::vector<std::string> clauses;
    std::string current;
    auto flush = [&] {
        if (current.find_first_not_of(' ') != std::string::npos) clauses.push_back(current);
        current.clear();
    };
    static const std::vector<std::string> verbs_after_and = {
        "add", "put", "make", "cut", "trim", "remove", "delete", "set", "change", "use", "turn", "speed", "slow", "mute",
        "move", "swap", "keep", "include", "insert", "give", "apply", "play", "fade", "reverse", "start", "end", "lower",
        "raise", "drop", "crop", "shorten", "lengthen", "extend", "replace", "write"};
    static const std::vector<std::string> verbs_after_zai = {"加", "把", "配", "放", "剪", "改", "调", "删", "去", "换", "做"};
    for (std::size_t at = 0; at < text.size();) {
        if (starts_with_at(text, at, " and ")) {
            std::size_t next = at + 5;
            bool verb = std::any_of(verbs_after_and.begin(), verbs_after_and.end(), [&](const std::string& v) {
                return starts_with_at(text, next, v) && (next + v.size() >= text.size() || !std::isalpha(static_cast<unsigned char>(text[next + v.size()])));
            });
            if (verb) {
                flush();
                at += 5;
                continue;
            }
        }
        if (starts_with_at(text, at, "再") &&
            std::any_of(verbs_after_zai.begin(), verbs_after_zai.end(), [&](const std::string& v) { return starts_with_at(text, at + 3, v); })) {
            flush();
            at += 3;
            continue;
        }
        char c = text[at];
        bool decimal = c == '.' && at > 0 && at + 1 < text.size() && std::isdigit(static_cast<unsigned char>(text[at - 1])) &&
                       std::isdigit(static_cast<unsigned char>(text[at + 1]));
        if ((c == ',' || c == ';' || c == '!' || c == '?' || c == '.' || c == '\n') && !decimal) {
            flush();
            ++at;
            continue;
        }
        auto joiner = std::find_if(joiners.begin(), joiners.end(), [&](const std::string& j) { return starts_with_at(text, at, j); });
        if (joiner != joiners.end()) {
            flush();
            at += joiner->size();
            continue;
        }
        current += c;
        ++at;
    }
    flush();
    return clauses;
}

// [SECTION] Entities

struct Phrase {
    const char* words;
    const char* value;
};

// Longest phrases first within each table, so "top right" wins over "top".
const std::vector<Phrase>& positions() {
    static const std::vector<Phrase> table = {
        {"lower third", "lower_third"}, {"lower-third", "lower_third"}, {"下三分之一", "lower_third"},
        {"下方三分之一", "lower_third"}, {"下面三分之一", "lower_third"}, {"name tag", "lower_third"}, {"名字条", "lower_third"},
        {"top right", "top_right"}, {"upper right", "top_right"}, {"top-right", "top_right"}, {"右上", "top_right"},
        {"top left", "top_left"}, {"upper left", "top_left"}, {"top-left", "top_left"}, {"左上", "top_left"},
        {"bottom right", "bottom_right"}, {"lower right", "bottom_right"}, {"bottom-right", "bottom_right"}, {"右下", "bottom_right"},
        {"bottom left", "bottom_left"}, {"lower left", "bottom_left"}, {"bottom-left", "bottom_left"}, {"左下", "bottom_left"},
        {"top", "top"}, {"upper", "top"}, {"header", "top"}, {"顶部", "top"}, {"顶端", "top"}, {"上方", "top"}, {"上面", "top"},
        {"最上", "top"}, {"顶上", "top"}, {"上边", "top"}, {"bottom", "bottom"}, {"footer", "bottom"}, {"底部", "bottom"},
        {"下方", "bottom"}, {"下面", "bottom"}, {"底下", "bottom"}, {"最下", "bottom"}, {"底端", "bottom"}, {"下边", "bottom"},
        {"center", "center"}, {"centre", "center"}, {"middle", "center"}, {"中间", "center"}, {"居中", "center"}, {"正中", "center"},
        {"中央", "center"}};
    return table;
}

const std::vector<Phrase>& colours() {
    static const std::vector<Phrase> table = {
        {"white", "white"}, {"black", "black"}, {"red", "red"}, {"green", "green"}, {"blue", "blue"}, {"yellow", "yellow"},
        {"orange", "orange"}, {"purple", "purple"}, {"pink", "pink"}, {"grey", "gray"}, {"gray", "gray"}, {"gold", "gold"},
        {"golden", "gold"}, {"navy", "navy"}, {"cyan", "cyan"}, {"深蓝", "navy"}, {"浅蓝", "lightblue"}, {"天蓝", "skyblue"},
        {"白色", "white"}, {"黑色", "black"}, {"红色", "red"},
        {"绿色", "green"}, {"蓝色", "blue"}, {"黄色", "yellow"}, {"橙色", "orange"}, {"紫色", "purple"}, {"粉色", "pink"},
        {"粉红", "pink"}, {"灰色", "gray"}, {"金色", "gold"}, {"白底", "white"}, {"黑底", "black"}, {"红底", "red"},
        {"蓝底", "blue"}, {"白字", "white"}, {"黑字", "black"}, {"红字", "red"}, {"黄字", "yellow"}, {"紫色", "purple"}, {"粉红色", "pink"}};
    return table;
}

// Platforms and the ratio their videos use.
const std::vector<Phrase>& aspects() {
    static const std::vector<Phrase> table = {
        {"instagram stories", "9:16"}, {"instagram story", "9:16"}, {"instagram reels", "9:16"}, {"instagram reel", "9:16"},
        {"ig story", "9:16"}, {"ig stories", "9:16"}, {"ig reels", "9:16"}, {"ig reel", "9:16"}, {"instagram post", "1:1"},
        {"instagram feed", "4:5"}, {"ig feed", "4:5"}, {"ig post", "1:1"}, {"快拍", "9:16"}, {"ins帖子", "1:1"}, {"ig帖子", "1:1"},
        {"ins 帖子", "1:1"}, {"ins", "1:1"}, {"油管", "16:9"}, {"youtube shorts", "9:16"}, {"yt shorts", "9:16"}, {"shorts", "9:16"},
        {"tiktok", "9:16"}, {"tik tok", "9:16"}, {"reels", "9:16"}, {"reel", "9:16"}, {"stories", "9:16"}, {"story", "9:16"},
        {"snapchat", "9:16"}, {"douyin", "9:16"}, {"kuaishou", "9:16"}, {"youtube", "16:9"}, {"bilibili", "16:9"},
        {"instagram", "1:1"}, {"xiaohongshu", "3:4"}, {"rednote", "3:4"}, {"red note", "3:4"}, {"vertical", "9:16"},
        {"portrait", "9:16"}, {"horizontal", "16:9"}, {"landscape", "16:9"}, {"widescreen", "16:9"}, {"square", "1:1"},
        {"抖音", "9:16"}, {"视频号", "9:16"}, {"竖平", "9:16"}, {"横平", "16:9"}, {"快手", "9:16"}, {"小红书", "3:4"}, {"b站", "16:9"}, {"哔哩哔哩", "16:9"},
        {"西瓜视频", "16:9"}, {"竖屏", "9:16"}, {"竖版", "9:16"}, {"竖的", "9:16"}, {"竖向", "9:16"}, {"竖着", "9:16"},
        {"横屏", "16:9"}, {"横版", "16:9"}, {"横的", "16:9"}, {"横向", "16:9"}, {"正方形", "1:1"}, {"方形", "1:1"},
        {"方的", "1:1"}};
    return table;
}

const std::vector<Phrase>& amounts() {
    static const std::vector<Phrase> table = {
        {"a little bit", "0.2"}, {"a little", "0.2"}, {"a bit", "0.2"}, {"slightly", "0.2"}, {"a tad", "0.2"},
        {"a touch", "0.2"}, {"somewhat", "0.2"}, {"little", "0.2"}, {"bit", "0.2"}, {"一点点", "0.15"}, {"一点", "0.2"},
        {"一些", "0.2"}, {"稍微", "0.2"}, {"稍", "0.2"}, {"有点", "0.2"}, {"略", "0.2"}, {"a lot", "0.5"}, {"much", "0.5"},
        {"way", "0.5"}, {"lots", "0.5"}, {"greatly", "0.5"}, {"很多", "0.5"}, {"大幅", "0.5"}, {"多很多", "0.5"}, {"非常", "0.5"}};
    return table;
}

const std::vector<Phrase>& ordinal_words() {
    static const std::vector<Phrase> table = {
        {"first", "1"}, {"1st", "1"}, {"second", "2"}, {"2nd", "2"}, {"third", "3"}, {"3rd", "3"}, {"fourth", "4"},
        {"4th", "4"}, {"fifth", "5"}, {"5th", "5"}, {"sixth", "6"}, {"6th", "6"}, {"seventh", "7"}, {"7th", "7"},
        {"eighth", "8"}, {"8th", "8"}, {"ninth", "9"}, {"9th", "9"}, {"tenth", "10"}, {"10th", "10"}, {"last", "-1"},
        {"final", "-1"}};
    return table;
}

const std::vector<std::string>& item_words() {
    static const std::vector<std::string> words = {"photo", "photos", "picture", "pictures", "pic", "pics", "image", "images",
                                                   "clip", "clips", "segment", "slide", "shot", "scene", "one", "video", "still",
                                                   "place", "position", "spot", "slot", "张", "个", "段", "幅", "条", "幕", "图",
                                                   "照片", "片段", "位"};
    return words;
}

// Where the tables' phrases occur: English on word boundaries, Chinese anywhere.
std::size_t phrase_at(const std::string& text, const std::string& phrase, std::size_t from = 0) {
    bool ascii = std::all_of(phrase.begin(), phrase.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    for (std::size_t at = text.find(phrase, from); at != std::string::npos; at = text.find(phrase, at + 1)) {
        if (!ascii) return at;
        bool left = at == 0 || !std::isalnum(static_cast<unsigned char>(text[at - 1]));
        std::size_t end = at + phrase.size();
        bool right = end >= text.size() || !std::isalnum(static_cast<unsigned char>(text[end]));
        if (left && right) return at;
    }
    return std::string::npos;
}

std::optional<std::string> first_phrase(const std::string& text, const std::vector<Phrase>& table) {
    for (const Phrase& phrase : table)
        if (phrase_at(text, phrase.words) != std::string::npos) return std::string(phrase.value);
    return std::nullopt;
}

enum class Unit { none, ms, seconds, minutes, clock, percent, tenth_percent, times, fps, pixels, colours, kilobytes, megabytes };

struct Quantity {
    double value = 0;
    Unit unit = Unit::none;
    std::size_t at = 0, end = 0;  // bytes of the clause text, unit included
};

// The unit written after a number, and where it ends.
Unit unit_after(const std::string& text, std::size_t& at) {
    static const std::vector<std::pair<std::string, Unit>> units = {
        {"milliseconds", Unit::ms}, {"millisecond", Unit::ms}, {"ms", Unit::ms}, {"毫秒", Unit::ms},
        {"seconds", Unit::seconds}, {"second", Unit::seconds}, {"secs", Unit::seconds}, {"sec", Unit::seconds},
        {"s", Unit::seconds}, {"秒钟", Unit::seconds}, {"秒", Unit::seconds}, {"minutes", Unit::minutes},
        {"minute", Unit::minutes}, {"mins", Unit::minutes}, {"min", Unit::minutes}, {"分钟", Unit::minutes},
        {"分", Unit::minutes}, {"%", Unit::percent}, {"percent", Unit::percent}, {"per cent", Unit::percent},
        {"成", Unit::tenth_percent}, {"x", Unit::times}, {"times", Unit::times}, {"倍", Unit::times}, {"fps", Unit::fps},
        {"帧", Unit::fps}, {"px", Unit::pixels}, {"pixels", Unit::pixels}, {"pixel", Unit::pixels}, {"像素", Unit::pixels},
        {"colours", Unit::colours}, {"colors", Unit::colours}, {"色", Unit::colours}, {"被", Unit::times}, {"mb", Unit::megabytes},
        {"兆", Unit::megabytes}, {"m", Unit::megabytes}, {"kb", Unit::kilobytes}, {"k", Unit::kilobytes}};
    std::size_t probe = at;
    while (probe < text.size() && (text[probe] == ' ' || text[probe] == '-')) ++probe;
    for (const auto& [word, unit] : units) {
        if (!starts_with_at(text, probe, word)) continue;
        std::size_t end = probe + word.size();
        bool ascii = std::isalpha(static_cast<unsigned char>(word[0]));
        if (ascii && end < text.size() && std::isalpha(static_cast<unsigned char>(text[end]))) continue;
        at = end;
        return unit;
    }
    return Unit::none;
}

std::vector<Quantity> quantities(const std::string& text) {
    std::vector<Quantity> out;
    for (std::size_t at = 0; at < text.size();) {
        bool starts = std::isdigit(static_cast<unsigned char>(text[at])) ||
                      (text[at] == '.' && at + 1 < text.size() && std::isdigit(static_cast<unsigned char>(text[at + 1])));
        if (!starts || (at > 0 && std::isalpha(static_cast<unsigned char>(text[at - 1])) && text[at - 1] != 'x')) {
            ++at;
            continue;
        }
        Quantity q;
        q.at = at;
        std::size_t end = at;
        while (end < text.size() && (std::isdigit(static_cast<unsigned char>(text[end])) || text[end] == '.')) ++end;
        q.value = std::min(std::strtod(text.substr(at, end - at).c_str(), nullptr), 1e6);
        // 0:05 and 1:30 are clock times; 9:16 and other ratios are left to the aspect reader.
        if (end + 2 < text.size() && text[end] == ':' && std::isdigit(static_cast<unsigned char>(text[end + 1])) &&
            std::isdigit(static_cast<unsigned char>(text[end + 2])) && (end + 3 >= text.size() || !std::isdigit(static_cast<unsigned char>(text[end + 3])))) {
            double seconds = std::strtod(text.substr(end + 1, 2).c_str(), nullptr);
            std::string ratio = text.substr(at, end + 3 - at);
            if (ratio != "16:9" && ratio != "9:16" && ratio != "1:1" && ratio != "4:5" && ratio != "3:4" && ratio != "4:3") {
                q.value = q.value * 60 + seconds, q.unit = Unit::clock, q.end = end + 3;
                out.push_back(q);
                at = q.end;
                continue;
            }
        }
        // 1m30s
        if (end < text.size() && text[end] == 'm' && end + 1 < text.size() && std::isdigit(static_cast<unsigned char>(text[end + 1]))) {
            std::size_t s = end + 1, s_end = s;
            while (s_end < text.size() && std::isdigit(static_cast<unsigned char>(text[s_end]))) ++s_end;
            if (s_end < text.size() && text[s_end] == 's') {
                q.value = q.value * 60 + std::strtod(text.substr(s, s_end - s).c_str(), nullptr);
                q.unit = Unit::clock, q.end = s_end + 1;
                out.push_back(q);
                at = q.end;
                continue;
            }
        }
        std::size_t unit_end = end;
        q.unit = unit_after(text, unit_end);
        q.end = q.unit == Unit::none ? end : unit_end;
        out.push_back(q);
        at = q.end;
    }
    return out;
}

std::optional<std::int64_t> to_ms(const Quantity& q) {
    switch (q.unit) {
    case Unit::ms: return static_cast<std::int64_t>(std::llround(q.value));
    case Unit::seconds: case Unit::clock: return static_cast<std::int64_t>(std::llround(q.value * 1000));
    case Unit::minutes: return static_cast<std::int64_t>(std::llround(q.value * 60000));
    default: return std::nullopt;
    }
}

// "seconds 3 through 6", "secs 10-15": the unit written before the numbers.
bool unit_word_before(const std::string& text, std::size_t at) {
    std::size_t end = at;
    while (end > 0 && text[end - 1] == ' ') --end;
    for (const char* unit : {"seconds", "second", "secs", "sec"})
        if (end >= std::strlen(unit) && text.compare(end - std::strlen(unit), std::strlen(unit), unit) == 0) return true;
    return false;
}

bool range_joiner(const std::string& between, bool after_between) {
    std::string plain;
    for (char c : between)
        if (c != ' ') plain += c;
    for (const char* skip : {"第", "秒"}) {
        for (std::size_t at = plain.find(skip); at != std::string::npos; at = plain.find(skip)) plain.erase(at, std::string_view(skip).size());
    }
    return plain == "-" || plain == "~" || plain == "to" || plain == "until" || plain == "till" || plain == "through" ||
           plain == "到" || plain == "至" || plain == "s-" || plain == "sto" || (after_between && plain == "and");
}

// Two quantities joined by "to", "-", "到", "and" (after "between"): a range in the unit of the second.
std::optional<Range> range_in(const std::string& text, const std::vector<Quantity>& list) {
    const std::size_t between = text.find("between");
    for (std::size_t i = 0; i + 1 < list.size(); ++i) {
        const Quantity& a = list[i];
        const Quantity& b = list[i + 1];
        Quantity second = b;
        if (second.unit == Unit::none && a.unit == Unit::none && unit_word_before(text, a.at)) second.unit = Unit::seconds;
        auto b_ms = to_ms(second);
        if (!b_ms) continue;
        bool after_between = between != std::string::npos && between < a.at;
        if (!range_joiner(text.substr(a.end, b.at - a.end), after_between)) continue;
        Quantity first = a;
        if (first.unit == Unit::none) first.unit = second.unit == Unit::clock ? Unit::seconds : second.unit;
        if (first.unit == Unit::none) continue;
        auto a_ms = to_ms(first);
        if (a_ms && *a_ms < *b_ms) return Range{*a_ms, *b_ms};
    }
    return std::nullopt;
}

void read_quantities(const std::string& text, Entities& e) {
    std::vector<Quantity> list = quantities(text);
    e.range = range_in(text, list);
    for (const Quantity& q : list) {
        if (auto ms = to_ms(q)) {
            e.durations.push_back(*ms);
            continue;
        }
        switch (q.unit) {
        case Unit::percent: e.percents.push_back(q.value); break;
        case Unit::tenth_percent: e.percents.push_back(q.value * 10); break;
        case Unit::times: e.times.push_back(q.value); break;
        case Unit::fps: e.fps = static_cast<int>(q.value); break;
        case Unit::pixels: e.pixels = static_cast<int>(q.value); break;
        case Unit::colours: e.colours = static_cast<int>(q.value); break;
        case Unit::megabytes: e.bytes = static_cast<std::int64_t>(q.value * 1000000); break;
        case Unit::kilobytes: e.bytes = static_cast<std::int64_t>(q.value * 1000); break;
        default: e.numbers.push_back(q.value); break;
        }
    }
}

bool item_follows(const std::string& text, std::size_t at) {
    std::size_t probe = at;
    while (probe < text.size() && text[probe] == ' ') ++probe;
    for (const std::string& item : item_words())
        if (starts_with_at(text, probe, item)) return true;
    // "the second and third photos": another ordinal, then the item
    return false;
}

// "photo 2", "clip #3", "number 4": an English item word right before the number.
bool english_item_before(const std::string& text, std::size_t at) {
    std::size_t end = at;
    while (end > 0 && text[end - 1] == ' ') --end;
    if (end > 0 && text[end - 1] == '#') return true;
    for (const std::string& item : item_words()) {
        if (static_cast<unsigned char>(item[0]) >= 0x80 || item == "one" || item == "place") continue;
        if (end >= item.size() && text.compare(end - item.size(), item.size(), item) == 0) return true;
    }
    return end >= 6 && text.compare(end - 6, 6, "number") == 0;
}

bool digit_before(const std::string& text, std::size_t at) {
    std::size_t end = at;
    while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '-')) --end;
    return end > 0 && std::isdigit(static_cast<unsigned char>(text[end - 1]));
}

// "the second photo", "第3张", "最后一张", "photo 2", "#2", "move the last photo to second place": item
// positions, 1-based, in the order they are written.
void read_ordinals(const std::string& text, Entities& e) {
    std::vector<std::pair<std::size_t, int>> found;
    for (const Phrase& phrase : ordinal_words()) {
        for (std::size_t at = phrase_at(text, phrase.words); at != std::string::npos; at = phrase_at(text, phrase.words, at + 1)) {
            std::size_t end = at + std::string_view(phrase.words).size();
            if (digit_before(text, at)) continue;  // "1 second" is a unit
            bool before_number = end + 1 < text.size() && std::isdigit(static_cast<unsigned char>(text[end + 1]));
            if (item_follows(text, end) || (!before_number && text.compare(end, 5, " and ") == 0)) found.push_back({at, std::atoi(phrase.value)});
        }
    }
    for (std::size_t at = text.find("第"); at != std::string::npos; at = text.find("第", at + 1)) {
        std::size_t digits = at + std::string_view("第").size(), end = digits;
        while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end]))) ++end;
        if (end > digits && !starts_with_at(text, end, "秒") && !starts_with_at(text, end, "分")) found.push_back({at, std::atoi(text.c_str() + digits)});
    }
    // 最后一张 (now 最后1张): the last item; 最后两张 is a count, not a position.
    for (std::size_t at = text.find("最后"); at != std::string::npos; at = text.find("最后", at + 1)) {
        std::size_t end = at + std::string_view("最后").size();
        if (starts_with_at(text, end, "1")) ++end;
        if (item_follows(text, end) || starts_with_at(text, end, "面")) found.push_back({at, -1});
    }
    for (std::size_t at = 0; at < text.size(); ++at) {
        if (!std::isdigit(static_cast<unsigned char>(text[at])) || (at > 0 && std::isdigit(static_cast<unsigned char>(text[at - 1])))) continue;
        std::size_t end = at;
        while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end]))) ++end;
        std::size_t unit_end = end;
        bool unit = (end < text.size() && (std::isalpha(static_cast<unsigned char>(text[end])) || text[end] == '.')) ||
                    unit_after(text, unit_end) != Unit::none;
        if (english_item_before(text, at) && !unit) {
            found.push_back({at, std::atoi(text.c_str() + at)});
            // "photos 2 and 4", "clips 1, 3"
            std::size_t next = end;
            while (true) {
                std::size_t probe = next;
                for (const char* joiner : {" and ", ", ", ",", " & "})
                    if (starts_with_at(text, probe, joiner)) { probe += std::strlen(joiner); break; }
                if (probe == next || probe >= text.size() || !std::isdigit(static_cast<unsigned char>(text[probe]))) break;
                found.push_back({probe, std::atoi(text.c_str() + probe)});
                next = probe;
                while (next < text.size() && std::isdigit(static_cast<unsigned char>(text[next]))) ++next;
            }
        }
    }
    std::sort(found.begin(), found.end());
    for (const auto& entry : found) e.ordinals.push_back(entry.second);
}

// "1080x1920", "1920 x 1080": a size, read as its ratio.
std::optional<std::string> size_ratio(const std::string& text) {
    for (std::size_t at = 0; at < text.size(); ++at) {
        if (!std::isdigit(static_cast<unsigned char>(text[at])) || (at > 0 && std::isdigit(static_cast<unsigned char>(text[at - 1])))) continue;
        char* end = nullptr;
        long w = std::strtol(text.c_str() + at, &end, 10);
        std::size_t x = static_cast<std::size_t>(end - text.c_str());
        while (x < text.size() && text[x] == ' ') ++x;
        if (x >= text.size() || (text[x] != 'x' && text[x] != '*')) continue;
        ++x;
        while (x < text.size() && text[x] == ' ') ++x;
        long h = std::strtol(text.c_str() + x, &end, 10);
        if (w < 100 || h < 100 || w > 10000 || h > 10000) continue;
        long g = std::gcd(w, h);
        return std::to_string(w / g) + ":" + std::to_string(h / g);
    }
    return std::nullopt;
}

std::optional<std::string> ratio_in(const std::string& raw) {
    std::string text = raw;
    for (std::size_t at = text.find("比"); at != std::string::npos; at = text.find("比", at)) text.replace(at, 3, ":");
    if (auto size = size_ratio(text)) return size;
    for (const char* ratio : {"16:9", "9:16", "1:1", "4:5", "3:4", "4:3", "16x9", "9x16", "1x1", "4x5", "3x4"}) {
        std::size_t at = text.find(ratio);
        if (at == std::string::npos) continue;
        bool left = at == 0 || !std::isdigit(static_cast<unsigned char>(text[at - 1]));
        std::size_t end = at + std::string_view(ratio).size();
        bool right = end >= text.size() || !std::isdigit(static_cast<unsigned char>(text[end]));
        if (!left || !right) continue;
        std::string r(ratio);
        std::replace(r.begin(), r.end(), 'x', ':');
        return r;
    }
    return std::nullopt;
}

std::optional<std::string> hex_colour(const std::string& text) {
    std::size_t at = text.find('#');
    if (at == std::string::npos || at + 7 > text.size()) return std::nullopt;
    std::string hex = text.substr(at + 1, 6);
    if (!std::all_of(hex.begin(), hex.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); })) return std::nullopt;
    return "#" + hex;
}

Entities read_entities(const std::string& text, const std::vector<std::string>& quotes) {
    Entities e;
    read_quantities(text, e);
    read_ordinals(text, e);
    e.position = first_phrase(text, positions());
    e.colour = hex_colour(text);
    if (!e.colour) e.colour = first_phrase(text, colours());
    e.aspect = ratio_in(text);
    if (!e.aspect) e.aspect = first_phrase(text, aspects());
    if (auto amount = first_phrase(text, amounts())) e.amount = std::atof(amount->c_str());
    for (std::size_t at = text.find("\xC2\xAB"); at != std::string::npos; at = text.find("\xC2\xAB", at + 2)) {
        std::size_t index = static_cast<std::size_t>(std::atoi(text.c_str() + at + 2));
        if (index < quotes.size()) e.quotes.push_back(quotes[index]);
    }
    return e;
}

Clause make_clause(const std::string& text, const std::vector<std::string>& quotes) {
    Clause clause;
    clause.text = " " + text + " ";
    clause.words = english_words(text);
    clause.entities = read_entities(clause.text, quotes);
    return clause;
}

// [SECTION] Facts of the whole request

std::optional<std::string> colour_between(const std::string& text, std::size_t from, std::size_t to) {
    from = draft::character_boundary(text, from);
    to = draft::character_boundary(text, std::min(to, text.size()));
    if (to <= from) return std::nullopt;
    std::string part = " " + text.substr(from, to - from) + " ";
    if (auto hex = hex_colour(part)) return hex;
    return first_phrase(part, colours());
}

std::optional<std::string> background_in(const std::string& t) {
    for (const char* lead : {" on a ", " on ", "背景是", "背景为", "背景用"}) {
        std::size_t at = t.find(lead);
        if (at == std::string::npos) continue;
        if (auto colour = colour_between(t, at + std::strlen(lead), at + std::strlen(lead) + 12)) return colour;
    }
    for (const char* tail : {" background", " backdrop", "背景", "底"}) {
        std::size_t at = t.find(tail);
        if (at == std::string::npos) continue;
        if (auto colour = colour_between(t, at >= 12 ? at - 12 : 0, at + std::strlen(tail))) return colour;
    }
    return std::nullopt;
}

// The colour word right before a text word ("white text on black", "黑底白字"), else a colour that is
// not the background's.
std::optional<std::string> ink_in(const std::string& t, const std::optional<std::string>& background, const std::optional<std::string>& any) {
    static const std::vector<std::pair<const char*, std::size_t>> tails = {{" text", 8}, {" letters", 8}, {" words", 8}, {"文字", 6}, {"字", 3}};
    for (const auto& [tail, window] : tails) {
        std::size_t at = t.find(tail);
        if (at == std::string::npos || at == 0) continue;
        if (auto colour = colour_between(t, at >= window ? at - window : 0, at + std::strlen(tail))) return colour;
    }
    return any && any != background ? any : std::nullopt;
}

std::optional<int> font_size_in(const std::string& t) {
    for (const char* lead : {"字号", "font size", "size"}) {
        std::size_t at = t.find(lead);
        if (at == std::string::npos) continue;
        std::size_t digits = at + std::strlen(lead);
        while (digits < t.size() && (t[digits] == ' ' || t[digits] == ':')) ++digits;
        if (digits < t.size() && std::isdigit(static_cast<unsigned char>(t[digits]))) return std::atoi(t.c_str() + digits);
    }
    return std::nullopt;
}

// Words after "title:", "saying", "that says", "写着" when the user did not quote them.
std::optional<std::string> unquoted_in(const std::string& m) {
    for (const char* lead : {"title:", "text:", "caption:", "saying ", "that says ", "which says ", "标题：", "标题:", "字幕：",
                             "文字：", "写着", "标题为", "标题是", "字幕为"}) {
        std::size_t at = m.find(lead);
        if (at == std::string::npos) continue;
        std::string words = m.substr(at + std::strlen(lead));
        words = words.substr(0, words.find_first_of(",;.!?\n"));
        for (const char* stop : {"，", "。", "；", " for ", " at ", " on "}) words = words.substr(0, words.find(stop));
        while (!words.empty() && words.back() == ' ') words.pop_back();
        while (!words.empty() && words.front() == ' ') words.erase(0, 1);
        if (!words.empty()) return words;
    }
    return std::nullopt;
}

Facts read_facts(const std::string& text, const std::string& message, const std::vector<std::string>& words) {
    Facts facts;
    facts.background = background_in(text);
    facts.ink = ink_in(text, facts.background, first_phrase(text, colours()));
    facts.font_size = font_size_in(text);
    facts.unquoted = unquoted_in(message);
    for (const std::string& word : words) {
        std::size_t dot = word.rfind('.');
        if (dot != std::string::npos && dot > 0 && dot + 2 < word.size() && std::isalpha(static_cast<unsigned char>(word[dot + 1])))
            facts.files.push_back(word);
    }
    return facts;
}

}  // namespace

bool Clause::has(const std::string& phrase) const {
    if (text.size() < 512) return phrase_at(text, phrase) != std::string::npos;
    auto found = answers_.find(phrase);
    if (found == answers_.end()) found = answers_.emplace(phrase, phrase_at(text, phrase) != std::string::npos).first;
    return found->second;
}

bool Clause::has_any(const std::vector<std::string>& phrases) const {
    return std::any_of(phrases.begin(), phrases.end(), [&](const std::string& p) { return has(p); });
}

const std::vector<std::string>& entity_words() {
    static const std::vector<std::string> words = [] {
        std::vector<std::string> out;
        for (const auto* table : {&positions(), &colours(), &aspects(), &amounts(), &ordinal_words()})
            for (const Phrase& phrase : *table) out.emplace_back(phrase.words);
        for (const char* unit : {"seconds", "second", "minutes", "minute", "percent", "pixels", "colours", "colors", "times",
                                 "milliseconds", "between", "until", "through"})
            out.emplace_back(unit);
        out.insert(out.end(), item_words().begin(), item_words().end());
        return out;
    }();
    return words;
}

Request read_request(const std::string& message) {
    Request request;
    request.message = message;
    std::string text = without_quotes(message, request.quotes);
    text = settle_number_forms(chinese_numbers_to_digits(mend_english(text)));
    for (const std::string& part : split_clauses(text)) request.clauses.push_back(make_clause(part, request.quotes));
    request.whole = make_clause(text, request.quotes);
    request.facts = read_facts(request.whole.text, message, request.whole.words);
    return request;
}

Clause joined_clause(const std::vector<const Clause*>& parts, const Request& request) {
    std::string text;
    for (const Clause* part : parts) text += part->text;
    return make_clause(text, request.quotes);
}

}  // namespace cw::server
