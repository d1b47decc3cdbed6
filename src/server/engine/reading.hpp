// How the agent reads a request before deciding anything: the words made plain (full-width forms
// folded, English lower-cased, Chinese and English number words turned into digits, typos within a
// small edit distance of known words mended), the request split into clauses, and the entities in
// each clause, the way Duckling extracts them: durations, time points and ranges, percentages,
// relative amounts, ordinals, positions, colours, platforms and aspect ratios, quoted text.
// Linear in the message's length; no regular expressions.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cw::server {

struct Range {
    std::int64_t from_ms = 0;
    std::int64_t to_ms = 0;
};

struct Entities {
    std::vector<std::int64_t> durations;  // every "<n> s", "<n> 分钟", "0:05", "1m30s", in order
    std::optional<Range> range;           // "5 to 7 s", "1s-4s", "从第3秒到第6秒", "between 0:05 and 0:09"
    std::vector<double> percents;         // "40%", "百分之四十", "三成"
    std::vector<double> times;            // "2x", "两倍"
    std::optional<double> amount;         // a relative amount: 0.2 for "a bit", 0.5 for "a lot"
    std::vector<int> ordinals;            // 1-based; -1 for "last"
    std::vector<double> numbers;          // numbers that are none of the above
    std::optional<std::string> position;  // top, center, bottom, lower_third, top_left, …
    std::optional<std::string> colour;    // a name or #rrggbb
    std::optional<std::string> aspect;    // 9:16, 16:9, 1:1, 4:5, 3:4, from ratios and platforms
    std::optional<std::int64_t> bytes;    // "2MB", "500kb"
    std::optional<int> fps, pixels, colours;
    std::vector<std::string> quotes;      // quoted text, verbatim
};

struct Clause {
    std::string text;                // normalised: lower case, digits, quotes as «n»
    std::vector<std::string> words;  // its English words, mended
    Entities entities;

    // A word or phrase of the lexicon: English matches whole words, Chinese matches anywhere.
    bool has(const std::string& phrase) const;
    bool has_any(const std::vector<std::string>& phrases) const;

private:
    // Every clause is asked the same few hundred phrases; a long one answers each once.
    mutable std::map<std::string, bool> answers_;
};

// What only the whole request tells, read once.
struct Facts {
    std::optional<std::string> background;  // a colour with a background word: "on black", "粉色背景", "黑底"
    std::optional<std::string> ink;         // the text's colour: "white text", "白字", or a colour that is not the background
    std::optional<int> font_size;           // "字号120", "font size 80"
    std::optional<std::string> unquoted;    // words after "title:", "saying", "写着" when not quoted, as written
    std::vector<std::string> files;         // file names mentioned: "piano.mp3", "b.mp4"
};

struct Request {
    std::string message;              // as sent
    std::vector<std::string> quotes;  // the quoted texts, verbatim
    std::vector<Clause> clauses;      // one per request in the message
    Clause whole;                     // the whole message as one clause
    Facts facts;
};

Request read_request(const std::string& message);

// Neighbouring clauses read as one ("remove the middle bit" + "5 to 7 s").
Clause joined_clause(const std::vector<const Clause*>& parts, const Request& request);

// The English words of the entity tables (positions, colours, platforms, amounts, ordinals, units).
const std::vector<std::string>& entity_words();
// Every English word the agent knows: the entity tables, the action table and common words. A word
// outside it is mended to the one known word within a small edit distance, if there is exactly one.
const std::vector<std::string>& known_english_words();

}  // namespace cw::server
