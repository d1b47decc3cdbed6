// A small rule-based parser from English or Chinese instructions to intents. Index:
//   [SECTION] Normalising    quotes out, lower case, Chinese and English number words to digits
//   [SECTION] Matching       keyword and number helpers (std::regex over UTF-8 bytes: multibyte
//                            characters only ever appear inside (?:…) groups, never in […] classes)
//   [SECTION] Detectors      one function per family of requests, each adding intents for one clause
//   [SECTION] Ordering       clauses → intents, deduplicated and sorted into the order edits apply
#include "intent.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <mutex>
#include <optional>
#include <regex>

#include "draft/text.hpp"

namespace cw::server {

using nlohmann::json;

namespace {

// [SECTION] Normalising

// Patterns are compiled once: building a std::regex costs far more than running it on a message.
const std::regex& compiled(const std::string& pattern) {
    static std::mutex mutex;
    static std::map<std::string, std::regex> cache;  // node-based: references stay valid
    std::lock_guard<std::mutex> lock(mutex);
    auto it = cache.find(pattern);
    if (it == cache.end()) it = cache.emplace(pattern, std::regex(pattern)).first;
    return it->second;
}

struct Normalized {
    std::string text;                 // lower-case, quotes replaced by «0», «1», ...
    std::vector<std::string> quotes;  // the quoted strings, verbatim
};

// Pairs of opening/closing quotes, ASCII and CJK.
const std::vector<std::pair<std::string, std::string>>& quote_pairs() {
    static const std::vector<std::pair<std::string, std::string>> pairs = {
        {"\"", "\""}, {"\xE2\x80\x9C", "\xE2\x80\x9D"}, {"\xE2\x80\x98", "\xE2\x80\x99"},
        {"\xE3\x80\x8C", "\xE3\x80\x8D"}, {"\xE3\x80\x8E", "\xE3\x80\x8F"}, {"\xE3\x80\x8A", "\xE3\x80\x8B"}, {"'", "'"}};
    return pairs;
}

bool is_word_byte(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// An apostrophe inside a word ("don't", "it's") is not a quote.
bool opens_single_quote(const std::string& text, size_t at) { return at == 0 || !is_word_byte(text[at - 1]); }

void extract_quotes(const std::string& message, Normalized& out) {
    size_t i = 0;
    while (i < message.size()) {
        bool matched = false;
        for (const auto& [open, close] : quote_pairs()) {
            if (message.compare(i, open.size(), open) != 0) continue;
            if (open == "'" && !opens_single_quote(message, i)) continue;
            size_t end = message.find(close, i + open.size());
            if (close == "'")
                while (end != std::string::npos && end + 1 < message.size() && is_word_byte(message[end + 1]))
                    end = message.find(close, end + 1);
            if (end == std::string::npos || end == i + open.size()) continue;
            out.text += " \xC2\xAB" + std::to_string(out.quotes.size()) + "\xC2\xBB ";
            out.quotes.push_back(message.substr(i + open.size(), end - i - open.size()));
            i = end + close.size();
            matched = true;
            break;
        }
        if (!matched) out.text += message[i++];
    }
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

// Full-width digits and punctuation that change how numbers read.
std::string fold_full_width(std::string text) {
    static const std::vector<std::pair<std::string, std::string>> folds = {
        {"\xEF\xBC\x9A", ":"}, {"\xEF\xBC\x85", "%"}, {"\xEF\xBC\x8C", ", "}, {"\xE3\x80\x82", ". "},
        {"\xEF\xBC\x9B", "; "}, {"\xE3\x80\x81", ", "}, {"\xEF\xBC\x8E", "."}, {"\xEF\xBC\x8D", "-"},
        {"\xEF\xBD\x9E", "-"}, {"\xEF\xBC\x81", ". "}, {"\xEF\xBC\x9F", "? "}};
    for (const auto& [from, to] : folds) text = replace_all(text, from, to);
    for (int digit = 0; digit < 10; ++digit) {
        std::string wide = "\xEF\xBC";
        wide += static_cast<char>(0x90 + digit);
        text = replace_all(text, wide, std::to_string(digit));
    }
    return text;
}

// Chinese numerals up to 9999 ("三十" → 30, "两" → 2, "百分之三十五" → 35%).
std::string chinese_numbers_to_digits(const std::string& text) {
    static const std::map<std::string, int> digits = {
        {"\xE9\x9B\xB6", 0}, {"\xE4\xB8\x80", 1}, {"\xE4\xBA\x8C", 2}, {"\xE4\xB8\xA4", 2}, {"\xE4\xB8\x89", 3},
        {"\xE5\x9B\x9B", 4}, {"\xE4\xBA\x94", 5}, {"\xE5\x85\xAD", 6}, {"\xE4\xB8\x83", 7}, {"\xE5\x85\xAB", 8},
        {"\xE4\xB9\x9D", 9}};
    static const std::map<std::string, int> units = {{"\xE5\x8D\x81", 10}, {"\xE7\x99\xBE", 100}, {"\xE5\x8D\x83", 1000}};
    std::string source = replace_all(text, "\xE7\x99\xBE\xE5\x88\x86\xE4\xB9\x8B", "\x01");  // 百分之 → marker
    std::string out;
    size_t i = 0;
    while (i < source.size()) {
        int total = 0, current = 0;
        size_t j = i;
        bool any = false;
        while (j + 3 <= source.size()) {
            std::string ch = source.substr(j, 3);
            if (auto d = digits.find(ch); d != digits.end()) current = d->second;
            else if (auto u = units.find(ch); u != units.end()) total += (current == 0 ? 1 : current) * u->second, current = 0;
            else break;
            any = true;
            j += 3;
        }
        if (any) {
            out += std::to_string(total + current);
            i = j;
        } else {
            out += source[i++];
        }
    }
    // "百分之35" → "35%"
    static const std::regex percent("\x01(\\d+(?:\\.\\d+)?)");
    return std::regex_replace(out, percent, "$1%");
}

std::string english_numbers_to_digits(const std::string& text) {
    static const std::vector<std::pair<const char*, const char*>> words = {
        {"one", "1"},     {"two", "2"},      {"three", "3"},    {"four", "4"},      {"five", "5"},
        {"six", "6"},     {"seven", "7"},    {"eight", "8"},    {"nine", "9"},      {"ten", "10"},
        {"fifteen", "15"}, {"twenty", "20"}, {"thirty", "30"},  {"forty", "40"},    {"forty-five", "45"},
        {"fifty", "50"},  {"sixty", "60"},   {"ninety", "90"},  {"twelve", "12"},   {"half a", "0.5"}};
    std::string out = text;
    for (const auto& [word, digit] : words) out = std::regex_replace(out, compiled(std::string("\\b") + word + "\\b"), digit);
    return out;
}

Normalized normalize(const std::string& message) {
    Normalized result;
    extract_quotes(fold_full_width(message), result);
    std::string lower;
    for (char c : result.text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    result.text = english_numbers_to_digits(chinese_numbers_to_digits(lower));
    return result;
}

// [SECTION] Matching

bool contains(const std::string& text, std::initializer_list<const char*> needles) {
    return std::any_of(needles.begin(), needles.end(), [&](const char* n) { return text.find(n) != std::string::npos; });
}

bool matches(const std::string& text, const std::string& pattern) { return std::regex_search(text, compiled(pattern)); }

// The groups of the first match, copied so they outlive the searched string.
std::optional<std::vector<std::string>> search(const std::string& text, const std::string& pattern) {
    std::smatch match;
    if (!std::regex_search(text, match, compiled(pattern))) return std::nullopt;
    std::vector<std::string> groups;
    for (const auto& group : match) groups.push_back(group.str());
    return groups;
}

// A number the user wrote, at most a million (seconds, pixels, percent, positions): "speed up 999…9x"
// with 400 digits must not overflow a conversion; nothing here means anything that large.
double number(const std::string& digits) { return std::min(std::strtod(digits.c_str(), nullptr), 1e6); }
int whole_number(const std::string& digits) { return static_cast<int>(number(digits)); }

const std::string kNum = "(\\d+(?:\\.\\d+)?)";
const std::string kSec = "\\s*-?\\s*(?:seconds?|secs?|s\\b|(?:\xE7\xA7\x92))";                       // s, 秒
const std::string kMin = "\\s*-?\\s*(?:minutes?|mins?\\b|(?:\xE5\x88\x86\xE9\x92\x9F)|(?:\xE5\x88\x86))";  // 分钟

// A duration in ms for "<n> seconds" or "<n> minutes" written right after `prefix`.
std::optional<int64_t> duration_after(const std::string& text, const std::string& prefix) {
    if (auto m = search(text, prefix + kNum + kSec)) return static_cast<int64_t>(number((*m)[1]) * 1000);
    if (auto m = search(text, prefix + kNum + kMin)) return static_cast<int64_t>(number((*m)[1]) * 60000);
    return std::nullopt;
}

int64_t ms(double seconds) { return static_cast<int64_t>(seconds * 1000 + 0.5); }

// Chinese keywords as UTF-8 escapes, so the regex byte rules above are easy to check.
const char* const kZhGif = "\xE5\x8A\xA8\xE5\x9B\xBE";                               // 动图
const char* const kZhImage = "\xE5\x9B\xBE";                                          // 图
const char* const kZhPhoto = "\xE7\x85\xA7\xE7\x89\x87";                              // 照片
const char* const kZhPicture = "\xE7\x9B\xB8\xE7\x89\x87";                            // 相片
const char* const kZhVideo = "\xE8\xA7\x86\xE9\xA2\x91";                              // 视频
const char* const kZhPromo = "\xE5\xAE\xA3\xE4\xBC\xA0";                              // 宣传
const char* const kZhAd = "\xE5\xB9\xBF\xE5\x91\x8A";                                 // 广告
const char* const kZhFilm = "\xE7\x9F\xAD\xE7\x89\x87";                               // 短片
const char* const kZhSlides = "\xE5\xB9\xBB\xE7\x81\xAF";                             // 幻灯
const char* const kZhMusic = "\xE9\x9F\xB3\xE4\xB9\x90";                              // 音乐
const char* const kZhScore = "\xE9\x85\x8D\xE4\xB9\x90";                              // 配乐
const char* const kZhSong = "\xE6\xAD\x8C";                                           // 歌
const char* const kZhTitle = "\xE6\xA0\x87\xE9\xA2\x98";                              // 标题
const char* const kZhText = "\xE6\x96\x87\xE5\xAD\x97";                               // 文字
const char* const kZhCaption = "\xE5\xAD\x97\xE5\xB9\x95";                            // 字幕
const char* const kZhTextAlt = "\xE6\x96\x87\xE6\x9C\xAC";                            // 文本
const char* const kZhVolume = "\xE9\x9F\xB3\xE9\x87\x8F";                             // 音量
const char* const kZhMute = "\xE9\x9D\x99\xE9\x9F\xB3";                               // 静音
const char* const kZhUnmute = "\xE5\x8F\x96\xE6\xB6\x88\xE9\x9D\x99\xE9\x9F\xB3";     // 取消静音
const char* const kZhOriginal = "\xE5\x8E\x9F\xE5\xA3\xB0";                           // 原声
const char* const kZhSound = "\xE5\xA3\xB0\xE9\x9F\xB3";                              // 声音
const char* const kZhUndo = "\xE6\x92\xA4\xE9\x94\x80";                               // 撤销
const char* const kZhUndoAlt = "\xE6\x92\xA4\xE5\x9B\x9E";                            // 撤回
const char* const kZhRedo = "\xE9\x87\x8D\xE5\x81\x9A";                               // 重做
const char* const kZhPortrait = "\xE7\xAB\x96";                                       // 竖
const char* const kZhLandscape = "\xE6\xA8\xAA";                                      // 横
const char* const kZhSquare = "\xE6\x96\xB9\xE5\xBD\xA2";                             // 方形
const char* const kZhBlur = "\xE6\xA8\xA1\xE7\xB3\x8A";                               // 模糊
const char* const kZhBlackBars = "\xE9\xBB\x91\xE8\xBE\xB9";                          // 黑边
const char* const kZhCrop = "\xE8\xA3\x81";                                           // 裁
const char* const kZhFill = "\xE5\xA1\xAB\xE6\xBB\xA1";                               // 填满
const char* const kZhRemove = "\xE5\x88\xA0";                                         // 删
const char* const kZhDrop = "\xE5\x8E\xBB\xE6\x8E\x89";                               // 去掉
const char* const kZhTakeOut = "\xE7\xA7\xBB\xE9\x99\xA4";                            // 移除
const char* const kZhDontWant = "\xE4\xB8\x8D\xE8\xA6\x81";                           // 不要
const char* const kZhReplace = "\xE6\x8D\xA2";                                        // 换
const char* const kZhBigger = "\xE5\xA4\xA7";                                         // 大
const char* const kZhSmaller = "\xE5\xB0\x8F";                                        // 小
const char* const kZhTop = "\xE9\xA1\xB6";                                            // 顶
const char* const kZhAbove = "\xE4\xB8\x8A\xE6\x96\xB9";                              // 上方
const char* const kZhBottom = "\xE5\xBA\x95";                                         // 底
const char* const kZhBelow = "\xE4\xB8\x8B\xE6\x96\xB9";                              // 下方
const char* const kZhMiddle = "\xE4\xB8\xAD\xE9\x97\xB4";                             // 中间
const char* const kZhCentered = "\xE5\xB1\x85\xE4\xB8\xAD";                           // 居中
const char* const kZhSpeedUp = "\xE5\x8A\xA0\xE9\x80\x9F";                            // 加速
const char* const kZhSlowMo = "\xE6\x85\xA2\xE5\x8A\xA8\xE4\xBD\x9C";                 // 慢动作
const char* const kZhSlowDown = "\xE6\x94\xBE\xE6\x85\xA2";                           // 放慢
const char* const kZhSlowDownAlt = "\xE5\x87\x8F\xE9\x80\x9F";                        // 减速
const char* const kZhTimes = "\xE5\x80\x8D";                                          // 倍
const char* const kZhSpeed = "\xE9\x80\x9F";                                          // 速
const char* const kZhTransition = "\xE8\xBD\xAC\xE5\x9C\xBA";                         // 转场
const char* const kZhTransitionAlt = "\xE8\xBF\x87\xE6\xB8\xA1";                      // 过渡
const char* const kZhFadeInOut = "\xE6\xB7\xA1\xE5\x85\xA5\xE6\xB7\xA1\xE5\x87\xBA";  // 淡入淡出
const char* const kZhBlackFade = "\xE9\xBB\x91\xE5\x9C\xBA";                          // 黑场
const char* const kZhSlide = "\xE6\xBB\x91";                                          // 滑
const char* const kZhMotion = "\xE5\x8A\xA8\xE6\x84\x9F";                             // 动感
const char* const kZhMotionAlt = "\xE5\x8A\xA8\xE6\x95\x88";                          // 动效
const char* const kZhMotionAlt2 = "\xE8\xBF\x90\xE5\x8A\xA8";                         // 运动
const char* const kZhZoom = "\xE7\xBC\xA9\xE6\x94\xBE";                               // 缩放
const char* const kZhAnimated = "\xE5\x8A\xA8\xE7\x94\xBB";                           // 动画
const char* const kZhSmooth = "\xE6\xB5\x81\xE7\x95\x85";                             // 流畅
const char* const kZhHd = "\xE9\xAB\x98\xE6\xB8\x85";                                 // 高清
const char* const kZhReverse = "\xE5\x80\x92\xE5\xBA\x8F";                            // 倒序
const char* const kZhSwap = "\xE4\xBA\xA4\xE6\x8D\xA2";                               // 交换
const char* const kZhMove = "\xE7\xA7\xBB\xE5\x88\xB0";                               // 移到
const char* const kZhPutTo = "\xE6\x94\xBE\xE5\x88\xB0";                              // 放到
const char* const kZhStart = "\xE5\xBC\x80\xE5\xA4\xB4";                              // 开头
const char* const kZhFront = "\xE6\x9C\x80\xE5\x89\x8D";                              // 最前
const char* const kZhLast = "\xE6\x9C\x80\xE5\x90\x8E";                               // 最后
const char* const kZhEnd = "\xE7\xBB\x93\xE5\xB0\xBE";                                // 结尾
const char* const kZhOrdinal = "\xE7\xAC\xAC";                                        // 第
const char* const kZhFirstN = "\xE5\x89\x8D";                                         // 前
const char* const kZhKeep = "\xE4\xBF\x9D\xE7\x95\x99";                               // 保留
const char* const kZhCut = "\xE5\x89\xAA";                                            // 剪
const char* const kZhShorten = "\xE7\xBC\xA9\xE7\x9F\xAD";                            // 缩短
const char* const kZhEach = "\xE6\xAF\x8F";                                           // 每
const char* const kZhLouder = "\xE8\xB0\x83\xE9\xAB\x98";                             // 调高
const char* const kZhLouderAlt = "\xE8\xB0\x83\xE5\xA4\xA7";                          // 调大
const char* const kZhQuieter = "\xE8\xB0\x83\xE4\xBD\x8E";                            // 调低
const char* const kZhQuieterAlt = "\xE8\xB0\x83\xE5\xB0\x8F";                         // 调小
const char* const kZhLower = "\xE9\x99\x8D\xE4\xBD\x8E";                              // 降低
const char* const kZhRaise = "\xE6\x8F\x90\xE9\xAB\x98";                              // 提高
const char* const kZhChangeTo = "\xE6\x94\xB9\xE6\x88\x90";                           // 改成
const char* const kZhChangeToAlt = "\xE6\x94\xB9\xE4\xB8\xBA";                        // 改为
const char* const kZhColor = "\xE8\x89\xB2";                                          // 色
const char* const kZhSegment = "\xE6\xAE\xB5";                                        // 段
const char* const kZhSheet = "\xE5\xBC\xA0";                                          // 张
const char* const kZhItem = "\xE4\xB8\xAA";                                           // 个
const char* const kZhClip = "\xE7\x89\x87\xE6\xAE\xB5";                               // 片段

const std::string kZhSecondsUnit = "(?:\xE7\xA7\x92)";                                      // 秒

// [SECTION] Detectors

struct Clause {
    std::string text;
    const std::vector<std::string>& quotes;
    std::vector<Intent>& out;

    void add(const std::string& name, json args = json::object()) { out.push_back({name, std::move(args)}); }
    bool has(std::initializer_list<const char*> needles) const { return contains(text, needles); }
    bool re(const std::string& pattern) const { return matches(text, pattern); }
    // The first quoted string in this clause, if any.
    std::optional<std::string> quoted() const {
        if (auto m = search(text, "\xC2\xAB(\\d+)\xC2\xBB")) return quotes.at(std::stoul((*m)[1]));
        return std::nullopt;
    }
};

bool mentions_music(const Clause& c) {
    return c.re("\\b(music|bgm|soundtrack|song|track|audio bed)\\b") || c.has({kZhMusic, kZhScore, kZhSong, "bgm"});
}
bool mentions_text(const Clause& c) {
    return c.re("\\b(title|text|caption|subtitle|headline|overlay|words?)\\b") ||
           c.has({kZhTitle, kZhText, kZhCaption, kZhTextAlt});
}
bool mentions_images(const Clause& c) {
    return c.re("\\b(images?|photos?|pictures?|pics?|stills?|slides?|slideshow)\\b") ||
           c.has({kZhImage, kZhPhoto, kZhPicture, kZhSlides});
}
bool says_remove(const Clause& c) {
    return c.re("\\b(remove|delete|drop|get rid of|take out|take off|without|no more)\\b") ||
           c.has({kZhRemove, kZhDrop, kZhTakeOut, kZhDontWant});
}

std::optional<std::string> transition_type(const Clause& c) {
    if (c.re("\\bslide|\\bwipe|\\bpush\\b") || c.has({kZhSlide})) return "slide";
    if (c.re("fade (to|through|from) black|dip to black|\\bfade\\b") || c.has({kZhFadeInOut, kZhBlackFade}))
        return c.re("cross-?fade|dissolve") ? "crossfade" : "fade";
    if (c.re("cross-?fades?|dissolves?|transitions?|smooth") || c.has({kZhTransition, kZhTransitionAlt}))
        return "crossfade";
    return std::nullopt;
}

std::optional<int64_t> transition_length(const Clause& c) {
    if (auto m = search(c.text, kNum + "\\s*ms\\b")) return static_cast<int64_t>(number((*m)[1]));
    if (auto m = search(c.text, kNum + kSec + "\\s*(?:long\\s+)?(?:cross-?fade|fade|slide|transition|dissolve|wipe)"))
        return ms(number((*m)[1]));
    if (auto m = search(c.text, "(?:transitions?|cross-?fades?|fades?|slides?)\\s+(?:of|lasting)\\s+" + kNum + kSec))
        return ms(number((*m)[1]));
    return std::nullopt;
}

std::optional<int64_t> total_duration(const Clause& c) {
    const std::string kind = "(?:promo|promotional|video|clip|movie|film|slideshow|ad|advert|reel|story|mp4|gif)";
    if (auto d = duration_after(c.text, "(?:^|[^\\d.])")) {
        if (auto m = search(c.text, kNum + kSec + "\\s*(?:long\\s+)?(?:\\w+\\s+){0,3}" + kind)) return ms(number((*m)[1]));
        if (auto m = search(c.text, kNum + "\\s*-?\\s*(?:minutes?|mins?)\\s*(?:long\\s+)?(?:\\w+\\s+){0,3}" + kind))
            return ms(number((*m)[1]) * 60);
        if (auto m = search(c.text, "(?:total|in total|overall|lasting|long|duration)\\D{0,12}" + kNum + kSec))
            return ms(number((*m)[1]));
        if (auto m = search(c.text, kNum + kSec + "\\s*(?:long|in total|total)")) return ms(number((*m)[1]));
        // Chinese: "30秒的宣传片", "时长30秒", "总共30秒"
        if (c.has({kZhVideo, kZhPromo, kZhAd, kZhFilm, kZhSlides}) &&
            !c.re("(?:\xE5\x89\x8D|\xE6\x9C\x80\xE5\x90\x8E|\xE6\xAF\x8F)\\s*\\d"))  // 前 / 最后 / 每 belong to other requests
            return d;
        if (c.re("(?:\xE6\x97\xB6\xE9\x95\xBF|\xE6\x80\xBB\xE5\x85\xB1|\xE6\x80\xBB\xE6\x97\xB6\xE9\x95\xBF)"))  // 时长 总共 总时长
            return d;
        if (c.re("\\b(?:make|set) (?:it|the video|the clip)\\s+(?:to\\s+)?" + kNum + kSec)) return d;
    }
    return std::nullopt;
}

std::optional<int64_t> per_image_duration(const Clause& c) {
    const std::string item = "(?:images?|photos?|pictures?|slides?|shots?|stills?)";
    if (auto m = search(c.text, kNum + kSec + "\\s*(?:per|each|for each|for every|an?)\\s+" + item)) return ms(number((*m)[1]));
    if (auto m = search(c.text, "(?:each|every)\\s+" + item + "\\s+(?:for|lasts?|of|shows? for|is)?\\s*" + kNum + kSec))
        return ms(number((*m)[1]));
    if (auto m = search(c.text, "(?:\xE6\xAF\x8F)(?:\\S{0,9}?)" + kNum + kZhSecondsUnit)) return ms(number((*m)[1]));  // 每张3秒
    return std::nullopt;
}

void detect_history(Clause& c) {
    if (c.re("\\bredo\\b") || c.has({kZhRedo})) c.add("redo");
    else if (c.re("\\bundo\\b|\\brevert\\b|\\bgo back\\b|\\bundo that\\b") || c.has({kZhUndo, kZhUndoAlt})) c.add("undo");
}

void detect_gif(Clause& c) {
    if (!c.re("\\bgifs?\\b") && !c.has({kZhGif})) return;
    json args = json::object();
    if (auto m = search(c.text, kNum + "\\s*(?:fps|frames? per second|(?:\xE5\xB8\xA7))")) args["fps"] = static_cast<int>(number((*m)[1]));
    if (auto m = search(c.text, kNum + "\\s*(?:px|pixels?)")) args["width"] = static_cast<int>(number((*m)[1]));
    else if (auto m = search(c.text, "(?:width|wide|(?:\xE5\xAE\xBD))\\D{0,6}" + kNum)) args["width"] = static_cast<int>(number((*m)[1]));
    if (auto m = search(c.text, kNum + "\\s*(?:colou?rs|(?:\xE8\x89\xB2))")) args["colors"] = static_cast<int>(number((*m)[1]));
    if (auto m = search(c.text, kNum + "\\s*(mb|kb|m\\b|k\\b)")) {
        double value = number((*m)[1]);
        args["max_bytes"] = static_cast<int64_t>(value * ((*m)[2][0] == 'm' ? 1000000 : 1000));
    }
    if (auto total = duration_after(c.text, "(?:first|keep|only|under|max|at most|up to|(?:\xE5\x89\x8D))\\s*"))
        args["max_ms"] = *total;
    c.add("make_gif", args);
}

void detect_build(Clause& c) {
    bool promo = c.re("\\b(promo|promotional|advert|advertisement|commercial|ad)\\b") || c.has({kZhPromo, kZhAd});
    bool build_verb = c.re("\\b(turn|make|create|convert|generate|combine|build|produce|put together|into)\\b") ||
                      c.has({"\xE5\x81\x9A", "\xE7\x94\x9F\xE6\x88\x90", "\xE5\x88\xB6\xE4\xBD\x9C",
                             "\xE5\x90\x88\xE6\x88\x90", "\xE8\xBD\xAC", "\xE5\x8F\x98\xE6\x88\x90",
                             "\xE5\x89\xAA\xE8\xBE\x91"});  // 做 生成 制作 合成 转 变成 剪辑
    bool video_word = c.re("\\b(video|slideshow|movie|film|clip|reel|mp4|montage|story)\\b") ||
                      c.has({kZhVideo, kZhFilm, kZhSlides});
    if (c.re("\\bgifs?\\b") || c.has({kZhGif})) return;
    bool clips = c.re("\\b(clips|footage|videos|my clip|the clip|this clip)\\b") ||
                 c.has({kZhClip, "\xE7\xB4\xA0\xE6\x9D\x90"});  // 片段 素材
    if (!(((mentions_images(c) || clips) && build_verb && (video_word || promo)) || (promo && build_verb) ||
          c.re("\\bslideshow\\b")))
        return;
    json args = json::object();
    if (auto total = total_duration(c)) args["total_ms"] = *total;
    else if (promo) args["total_ms"] = 30000;
    if (auto per = per_image_duration(c)) args["per_image_ms"] = *per;
    if (auto type = transition_type(c)) args["transition"] = *type;
    else args["transition"] = "crossfade";
    if (auto length = transition_length(c)) args["transition_ms"] = *length;
    bool still = c.re("\\b(no motion|static|still|without motion|no zoom)\\b");
    args["kenburns"] = !still;
    args["promo"] = promo;
    c.add("build_from_media", args);
    if (promo || mentions_music(c)) c.add("add_music", json::object());
}

void detect_canvas(Clause& c) {
    std::string ratio;
    if (auto m = search(c.text, "\\b(16|9|1|4)\\s*[:x/]\\s*(9|16|1|5)\\b")) {
        std::string candidate = (*m)[1] + ":" + (*m)[2];
        if (candidate == "16:9" || candidate == "9:16" || candidate == "1:1" || candidate == "4:5") ratio = candidate;
    }
    if (ratio.empty()) {
        if (c.re("\\b(vertical|portrait|tiktok|reels?|shorts|stories|story format)\\b") || c.has({kZhPortrait})) ratio = "9:16";
        else if (c.re("\\b(square)\\b") || c.has({kZhSquare})) ratio = "1:1";
        else if (c.re("\\b(landscape|widescreen|horizontal|youtube)\\b") || c.has({kZhLandscape})) ratio = "16:9";
    }
    std::string fit;
    if (c.re("\\bblur") || c.has({kZhBlur})) fit = "blur";
    else if (c.re("\\b(pad|padding|letterbox|pillarbox|black bars?|bars)\\b") || c.has({kZhBlackBars})) fit = "pad";
    else if (c.re("\\b(crop|cropped|fill the frame|fill)\\b") || c.has({kZhCrop, kZhFill})) fit = "crop";
    if (!ratio.empty()) {
        json args = {{"ratio", ratio}};
        if (!fit.empty()) args["fit"] = fit;
        c.add("set_aspect", args);
    } else if (!fit.empty() && !c.re("\\btrim\\b")) {
        c.add("set_fit", {{"fit", fit}});
    }
    if (c.re("\\b720\\s*p?\\b")) c.add("set_resolution", {{"height", 720}});
    else if (c.re("\\b(1080\\s*p?|full hd|fhd|4k|2160p?)\\b") || c.has({kZhHd})) c.add("set_resolution", {{"height", 1080}});
}

void detect_export_format(Clause& c) {
    if (c.re("\\bwebm\\b")) c.add("set_export", {{"format", "webm"}});
    else if (c.re("\\bmp4\\b")) c.add("set_export", {{"format", "mp4"}});
}

std::optional<json> ordinal_index(const Clause& c) {
    static const std::vector<std::pair<std::string, int>> words = {
        {"first", 1}, {"second", 2}, {"third", 3}, {"fourth", 4}, {"fifth", 5}, {"sixth", 6}, {"last", -1}};
    const std::string item = "(?:clip|image|photo|picture|segment|slide|scene|shot|video|one)";
    if (auto m = search(c.text, item + "\\s*(?:#|no\\.?|number)?\\s*(\\d+)\\b(?!\\s*(?:s\\b|sec|second|%|x\\b))"))
        return whole_number((*m)[1]);
    for (const auto& [word, index] : words)
        if (c.re("\\b" + word + "\\s+" + item)) return index;
    if (auto m = search(c.text, std::string("(?:\xE7\xAC\xAC)(\\d+)\\s*(?:\xE6\xAE\xB5|\xE5\xBC\xA0|\xE4\xB8\xAA)")))
        return whole_number((*m)[1]);  // 第N段 / 第N张 / 第N个
    if (c.re("(?:\xE6\x9C\x80\xE5\x90\x8E)(?:\xE4\xB8\x80)?\\s*(?:1)?\\s*(?:\xE6\xAE\xB5|\xE5\xBC\xA0|\xE4\xB8\xAA)"))
        return -1;  // 最后一段
    return std::nullopt;
}

void detect_reorder(Clause& c) {
    if (c.re("\\breverse\\b.*\\border\\b|\\breverse the (clips|images|photos)\\b") || c.has({kZhReverse})) {
        c.add("reorder", {{"reverse", true}});
        return;
    }
    if (auto m = search(c.text, "\\bswap\\b\\D*(\\d+)\\D+(\\d+)")) {
        c.add("reorder", {{"swap", {whole_number((*m)[1]), whole_number((*m)[2])}}});
        return;
    }
    if (c.has({kZhSwap}))
        if (auto m = search(c.text, "(\\d+)\\D+(\\d+)")) {
            c.add("reorder", {{"swap", {whole_number((*m)[1]), whole_number((*m)[2])}}});
            return;
        }
    bool move = c.re("\\b(move|put|place)\\b") || c.has({kZhMove, kZhPutTo});
    if (!move) return;
    auto from = ordinal_index(c);
    if (!from) return;
    if (c.re("\\b(start|beginning|front|first)\\b\\s*$|to the (start|beginning|front)|to first") || c.has({kZhStart, kZhFront}))
        c.add("reorder", {{"from", *from}, {"to", 1}});
    else if (c.re("\\b(the end|last|back)\\b") || c.has({kZhEnd}) ||
             c.re("(?:\xE7\xA7\xBB\xE5\x88\xB0|\xE6\x94\xBE\xE5\x88\xB0)(?:\xE6\x9C\x80\xE5\x90\x8E)"))
        c.add("reorder", {{"from", *from}, {"to", -1}});
    else if (auto m = search(c.text, "(?:position|place|spot|slot)\\s*(\\d+)"))
        c.add("reorder", {{"from", *from}, {"to", whole_number((*m)[1])}});
}

void detect_trim(Clause& c) {
    bool cut_word = c.re("\\b(trim|cut|shorten|keep|crop|clip it|only)\\b") || c.has({kZhCut, kZhShorten, kZhKeep});
    if (!cut_word && !says_remove(c)) return;
    if (mentions_text(c) || mentions_music(c)) return;
    if (auto m = search(c.text, "(?:from|between)\\s*" + kNum + "\\s*(?:s|sec|seconds?)?\\s*(?:to|and|-)\\s*" + kNum + kSec)) {
        c.add("trim", {{"from_ms", ms(number((*m)[1]))}, {"to_ms", ms(number((*m)[2]))}});
        return;
    }
    if (auto m = search(c.text, kNum + "\\s*(?:-|to|(?:\xE5\x88\xB0))\\s*" + kNum + kSec)) {
        c.add("trim", {{"from_ms", ms(number((*m)[1]))}, {"to_ms", ms(number((*m)[2]))}});
        return;
    }
    bool removing = says_remove(c) || c.re("\\b(cut|trim) (off|away)\\b") || c.re("\\bcut the (first|last)\\b");
    if (auto first = duration_after(c.text, "(?:first|opening|(?:\xE5\x89\x8D))\\s*")) {
        if (removing) c.add("trim", {{"from_ms", *first}});
        else c.add("trim", {{"from_ms", 0}, {"to_ms", *first}});
        return;
    }
    if (auto last = duration_after(c.text, "(?:last|final|(?:\xE6\x9C\x80\xE5\x90\x8E)|(?:\xE5\x90\x8E))\\s*")) {
        if (removing) c.add("trim", {{"remove_last_ms", *last}});
        else c.add("trim", {{"keep_last_ms", *last}});
        return;
    }
    if (auto to = duration_after(c.text, "(?:to|down to|under|at most|max|(?:\xE5\x88\xB0)|(?:\xE6\x88\x90))\\s*"))
        c.add("trim", {{"from_ms", 0}, {"to_ms", *to}});
}

void detect_speed(Clause& c) {
    bool speed_word = c.re("\\b(speed|faster|slower|fast forward|slow ?-?mo(tion)?|time-?lapse|quicker)\\b") ||
                      c.has({kZhSpeedUp, kZhSlowMo, kZhSlowDown, kZhSlowDownAlt, kZhSpeed});
    auto times = search(c.text, kNum + "\\s*(?:x\\b|times\\b|(?:\xE5\x80\x8D))");
    if (!speed_word && !(times && c.re("\\bplay\\b"))) return;
    if (c.re("\\b(normal|original|regular) speed\\b") || c.has({"\xE5\x8E\x9F\xE9\x80\x9F", "\xE6\xAD\xA3\xE5\xB8\xB8\xE9\x80\x9F"}))
        return c.add("set_speed", {{"factor", 1.0}});
    if (c.re("\\bhalf[- ]speed\\b")) return c.add("set_speed", {{"factor", 0.5}});
    if (c.re("\\bdouble[- ]speed\\b")) return c.add("set_speed", {{"factor", 2.0}});
    bool slower = c.re("\\b(slow|slower|slow ?-?mo)") || c.has({kZhSlowMo, kZhSlowDown, kZhSlowDownAlt});
    if (times) {
        double factor = number((*times)[1]);
        if (slower && factor > 1) factor = 1 / factor;
        return c.add("set_speed", {{"factor", factor}});
    }
    if (auto m = search(c.text, kNum + "\\s*%")) {
        double percent = number((*m)[1]) / 100;
        return c.add("set_speed", {{"factor", slower ? 1 - std::min(percent, 0.75) : 1 + percent}, {"relative", true}});
    }
    if (c.re("\\bslow ?-?mo") || c.has({kZhSlowMo})) return c.add("set_speed", {{"factor", 0.5}});
    c.add("set_speed", {{"factor", slower ? 0.75 : 1.5}, {"relative", true}});
}

void detect_audio(Clause& c) {
    bool unmute = c.re("\\bunmute\\b|\\bturn the sound back on\\b|\\brestore the (sound|audio)\\b") || c.has({kZhUnmute});
    bool mute = !unmute && (c.re("\\bmute\\b|\\bsilence\\b|\\bno sound\\b") || c.has({kZhMute}) ||
                            (says_remove(c) && (c.re("\\b(sound|original audio|clip audio|audio)\\b") || c.has({kZhOriginal, kZhSound}))));
    std::string target = mentions_music(c) ? "music"
                         : c.re("\\b(original|clip|video|voice|camera)\\b") || c.has({kZhOriginal}) ? "original"
                                                                                                   : "all";
    if (unmute) return c.add("unmute", {{"target", target}});
    if (mute) return c.add("mute", {{"target", target}});
    if (!mentions_music(c)) return;

    if (auto m = search(c.text, kNum + "\\s*%")) return c.add("set_music_volume", {{"volume", number((*m)[1]) / 100}});
    if (c.re("\\bvolume\\b\\D{0,12}(0?\\.\\d+|1\\.0|1\\b)"))
        if (auto m = search(c.text, "\\bvolume\\b\\D{0,12}(0?\\.\\d+|1\\.0|1\\b)")) return c.add("set_music_volume", {{"volume", number((*m)[1])}});
    bool quieter = c.re("\\b(lower|quieter|softer|turn down|reduce|decrease|less loud|too loud)\\b") ||
                   c.has({kZhQuieter, kZhQuieterAlt, kZhLower, "\xE5\xB0\x8F\xE5\xA3\xB0", "\xE5\xB0\x8F\xE4\xB8\x80"});
    bool louder = c.re("\\b(louder|raise|turn up|increase|boost|too quiet|more volume)\\b") ||
                  c.has({kZhLouder, kZhLouderAlt, kZhRaise, "\xE5\xA4\xA7\xE5\xA3\xB0", "\xE5\xA4\xA7\xE4\xB8\x80"});
    if (quieter) return c.add("set_music_volume", {{"factor", 0.6}});
    if (louder) return c.add("set_music_volume", {{"factor", 1.5}});
    if (says_remove(c)) return c.add("remove_music");
    if (c.re("\\b(replace|swap|change|switch|use (my|the uploaded|this|the new))\\b") || c.has({kZhReplace}))
        return c.add("add_music", {{"replace", true}});
    if (c.re("\\b(add|with|put|include|set|play|give|background)\\b") || c.has({"\xE5\x8A\xA0", "\xE9\x85\x8D", "\xE8\x83\x8C\xE6\x99\xAF", "\xE6\x94\xBE"}))
        c.add("add_music");
}

std::optional<std::string> color_word(const Clause& c) {
    static const std::vector<std::pair<std::string, std::string>> colors = {
        {"white", "white"}, {"black", "black"}, {"red", "red"}, {"green", "green"}, {"blue", "blue"},
        {"yellow", "yellow"}, {"orange", "orange"}, {"purple", "purple"}, {"pink", "pink"}, {"gr[ae]y", "gray"},
        {"gold(en)?", "gold"}, {"cyan", "cyan"},
        {"\xE7\x99\xBD", "white"}, {"\xE9\xBB\x91", "black"}, {"\xE7\xBA\xA2", "red"}, {"\xE7\xBB\xBF", "green"},
        {"\xE8\x93\x9D", "blue"}, {"\xE9\xBB\x84", "yellow"}, {"\xE6\xA9\x99", "orange"}, {"\xE7\xB4\xAB", "purple"},
        {"\xE7\xB2\x89", "pink"}, {"\xE9\x87\x91", "gold"}, {"\xE7\x81\xB0", "gray"}};
    for (const auto& [pattern, name] : colors) {
        bool chinese = static_cast<unsigned char>(pattern[0]) >= 0x80;
        if (chinese ? c.text.find(pattern + kZhColor) != std::string::npos : c.re("\\b" + pattern + "\\b")) return name;
    }
    if (auto m = search(c.text, "#([0-9a-f]{6})\\b")) return "#" + (*m)[1];
    return std::nullopt;
}

// The time window of a text: "for the first 3 seconds", "from 2 to 5 s", "at 4s for 2s", "前3秒", "最后3秒".
json text_window(const Clause& c) {
    if (auto m = search(c.text, "(?:from|between)\\s*" + kNum + "\\s*(?:s|sec|seconds?)?\\s*(?:to|and|-|until)\\s*" + kNum + kSec))
        return {{"start_ms", ms(number((*m)[1]))}, {"end_ms", ms(number((*m)[2]))}};
    if (auto m = search(c.text, "(?:\xE4\xBB\x8E)?(?:\xE7\xAC\xAC)?" + kNum + "\\s*" + kZhSecondsUnit + "?\\s*(?:\xE5\x88\xB0|\xE8\x87\xB3|-)\\s*(?:\xE7\xAC\xAC)?" + kNum + kZhSecondsUnit))
        return {{"start_ms", ms(number((*m)[1]))}, {"end_ms", ms(number((*m)[2]))}};
    if (auto m = search(c.text, "(?:first|opening|(?:\xE5\x89\x8D)|(?:\xE5\xBC\x80\xE5\xA4\xB4))\\s*" + kNum + kSec))
        return {{"start_ms", 0}, {"end_ms", ms(number((*m)[1]))}};
    if (auto m = search(c.text, "(?:last|final|(?:\xE6\x9C\x80\xE5\x90\x8E)|(?:\xE7\xBB\x93\xE5\xB0\xBE))\\s*" + kNum + kSec))
        return {{"last_ms", ms(number((*m)[1]))}};
    if (auto m = search(c.text, "\\bat\\s*" + kNum + kSec + "\\s*for\\s*" + kNum + kSec))
        return {{"start_ms", ms(number((*m)[1]))}, {"end_ms", ms(number((*m)[1]) + number((*m)[2]))}};
    if (auto m = search(c.text, "\\b(?:starting )?(?:at|after)\\s*" + kNum + kSec))
        return {{"start_ms", ms(number((*m)[1]))}};
    if (auto m = search(c.text, "\\bfor\\s*" + kNum + kSec)) return {{"start_ms", 0}, {"end_ms", ms(number((*m)[1]))}};
    if (c.re("\\b(whole|entire|all the way|throughout|full)\\b") || c.has({"\xE5\x85\xA8\xE7\xA8\x8B", "\xE6\x95\xB4\xE4\xB8\xAA"}))
        return {{"whole", true}};
    return json::object();
}

std::optional<std::string> position_word(const Clause& c) {
    if (c.re("\\b(top|upper|header)\\b") || c.has({kZhTop, kZhAbove})) return "top";
    if (c.re("\\b(bottom|lower|footer)\\b") || c.has({kZhBottom, kZhBelow})) return "bottom";
    if (c.re("\\b(center|centre|middle)\\b") || c.has({kZhMiddle, kZhCentered})) return "center";
    return std::nullopt;
}

// Unquoted text after "title:" / "标题：" / "标题为", up to the end of its clause.
std::optional<std::string> unquoted_text(const std::string& original_message) {
    static const std::regex pattern(
        "(?:title|text|caption|subtitle|\xE6\xA0\x87\xE9\xA2\x98|\xE6\x96\x87\xE5\xAD\x97|\xE5\xAD\x97\xE5\xB9\x95)\\s*(?::|(?:\xE4\xB8\xBA)|(?:\xE6\x98\xAF))\\s*(.+)$",
        std::regex::icase);
    std::smatch match;
    std::string message = fold_full_width(original_message);
    if (std::regex_search(message, match, pattern)) {
        std::string text = match[1].str();
        text = text.substr(0, text.find_first_of(",;"));
        while (!text.empty() && (text.back() == ' ' || text.back() == '.')) text.pop_back();
        if (!text.empty()) return text;
    }
    return std::nullopt;
}

void detect_text(Clause& c, const std::string& original_message) {
    bool text_word = mentions_text(c);
    auto quoted = c.quoted();
    bool change_words = c.re("\\b(change|rename|edit|replace|update|reword|make the (title|text) say)\\b") ||
                        c.has({kZhChangeTo, kZhChangeToAlt, kZhReplace});
    if (!text_word && !quoted) return;
    std::optional<std::string> literal = quoted ? quoted : (text_word ? unquoted_text(original_message) : std::nullopt);
    std::string role = c.re("\\b(caption|subtitle|lower third)\\b") || c.has({kZhCaption}) ? "caption" : "title";
    if (text_word && says_remove(c) && !literal) return c.add("remove_text", {{"role", c.re("\\btitle\\b") || c.has({kZhTitle}) ? "title" : "any"}});
    if (literal && change_words && text_word && !c.re("\\badd\\b")) return c.add("edit_text", {{"text", *literal}, {"role", role}});
    if (literal) {
        json args = {{"text", *literal}, {"role", role}};
        args.update(text_window(c));
        if (auto position = position_word(c)) args["position"] = *position;
        if (auto color = color_word(c)) args["color"] = *color;
        if (c.re("\\b(big|large|huge)\\b")) args["size"] = 128;
        if (c.re("\\b(small|tiny)\\b")) args["size"] = 48;
        return c.add("add_text", args);
    }
    if (!text_word) return;
    bool bigger = c.re("\\b(bigger|larger|increase|enlarge|more prominent)\\b") ||
                  (c.has({kZhBigger}) && !c.has({kZhSmaller}));
    bool smaller = c.re("\\b(smaller|decrease|reduce|shrink|less prominent)\\b") || c.has({kZhSmaller});
    if (bigger || smaller) {
        double factor = 1.3;
        if (auto m = search(c.text, kNum + "\\s*%")) factor = 1 + number((*m)[1]) / 100;
        c.add("resize_text", {{"factor", smaller ? 1 / factor : factor}});
    }
    if (c.re("\\b(move|put|place|position)\\b") || c.has({kZhMove, kZhPutTo, "\xE6\x94\xBE"}))
        if (auto position = position_word(c)) c.add("style_text", {{"position", *position}});
    if (auto color = color_word(c)) c.add("style_text", {{"color", *color}});
}

void detect_transitions(Clause& c) {
    bool transition_word = c.re("\\b(transitions?|cross-?fades?|dissolves?|wipes?)\\b|\\bslide (transition|in)") ||
                           c.has({kZhTransition, kZhTransitionAlt, kZhFadeInOut, kZhBlackFade});
    if (!transition_word) return;
    if (says_remove(c) || c.re("\\b(hard cuts?|no transitions?)\\b")) return c.add("remove_transitions");
    json args = {{"type", transition_type(c).value_or("crossfade")}};
    if (auto length = transition_length(c)) args["ms"] = *length;
    c.add("set_transition", args);
}

void detect_motion(Clause& c) {
    bool motion = c.re("\\b(ken ?burns|motion|zoom|pan|animate|animated|movement|moving)\\b") ||
                  c.has({kZhMotion, kZhMotionAlt, kZhMotionAlt2, kZhZoom, kZhAnimated});
    if (!motion) return;
    if (says_remove(c) || c.re("\\b(no|stop|static|still)\\b")) return c.add("set_motion", {{"on", false}});
    c.add("set_motion", {{"on", true}});
}

void detect_remove_segment(Clause& c) {
    if (!says_remove(c) || mentions_music(c) || mentions_text(c)) return;
    if (c.re("\\d" + kSec)) return;
    if (auto index = ordinal_index(c)) c.add("remove_segment", {{"index", *index}});
}

void detect_duration(Clause& c) {
    if (auto total = total_duration(c))
        if (c.re("\\b(make|set|change|extend|lengthen)\\b") || c.has({"\xE6\x94\xB9", "\xE8\xAE\xBE", "\xE5\x8F\x98"}))
            c.add("set_duration", {{"total_ms", *total}});
}

// [SECTION] Ordering

std::vector<std::string> split_clauses(const std::string& text) {
    static const std::regex separators(
        "[,;.!?]\\s+|\\s+and then\\s+|\\s+then\\s+|\\s+also\\s+|,|;|\\s+plus\\s+|"
        "(?:\xE7\x84\xB6\xE5\x90\x8E)|(?:\xE5\xB9\xB6\xE4\xB8\x94)|(?:\xE5\x8F\xA6\xE5\xA4\x96)|(?:\xE5\x86\x8D)|(?:\xE5\xB9\xB6)");
    std::vector<std::string> clauses;
    std::sregex_token_iterator it(text.begin(), text.end(), separators, -1), end;
    for (; it != end; ++it)
        if (it->length() > 0) clauses.push_back(it->str());
    return clauses;
}

int phase(const std::string& name) {
    static const std::map<std::string, int> order = {
        {"undo", 0}, {"redo", 0}, {"make_gif", 1}, {"build_from_media", 1}, {"set_aspect", 2}, {"set_fit", 2},
        {"set_resolution", 2}, {"reorder", 3}, {"remove_segment", 4}, {"set_duration", 5}, {"trim", 5},
        {"set_speed", 6}, {"set_transition", 7}, {"remove_transitions", 7}, {"set_motion", 7}, {"add_music", 8},
        {"remove_music", 8}, {"mute", 9}, {"unmute", 9}, {"set_music_volume", 9}, {"add_text", 10},
        {"edit_text", 10}, {"remove_text", 10}, {"resize_text", 11}, {"style_text", 11}, {"set_export", 12}};
    auto it = order.find(name);
    return it == order.end() ? 99 : it->second;
}

// Keeps the first of each intent, except texts (several may be added) and detectors that the build step
// already covers (its own transitions, motion and length).
std::vector<Intent> tidy(std::vector<Intent> intents) {
    bool builds = std::any_of(intents.begin(), intents.end(), [](const Intent& i) { return i.name == "build_from_media"; });
    bool gif = std::any_of(intents.begin(), intents.end(), [](const Intent& i) { return i.name == "make_gif"; });
    std::vector<Intent> kept;
    for (auto& intent : intents) {
        if (builds && (intent.name == "set_transition" || intent.name == "set_duration")) continue;
        if (builds && intent.name == "set_motion" && intent.args.value("on", false)) continue;
        if (gif && (intent.name == "trim" || intent.name == "set_export")) continue;
        bool repeatable = intent.name == "add_text" || intent.name == "style_text";
        bool seen = std::any_of(kept.begin(), kept.end(), [&](const Intent& k) { return k.name == intent.name; });
        if (!seen || repeatable) kept.push_back(std::move(intent));
    }
    std::stable_sort(kept.begin(), kept.end(), [](const Intent& a, const Intent& b) { return phase(a.name) < phase(b.name); });
    if (!kept.empty() && phase(kept.front().name) == 0) kept.resize(1);  // undo/redo stand alone
    return kept;
}

}  // namespace

std::vector<Intent> parse_instruction(const std::string& whole_message) {
    const std::string message = whole_message.substr(0, draft::character_boundary(whole_message, kMaxInstructionBytes));
    Normalized normalized = normalize(message);
    std::vector<Intent> intents;
    Clause whole{normalized.text, normalized.quotes, intents};
    detect_history(whole);
    detect_gif(whole);
    detect_build(whole);
    for (const std::string& text : split_clauses(normalized.text)) {
        Clause clause{text, normalized.quotes, intents};
        detect_canvas(clause);
        detect_export_format(clause);
        detect_reorder(clause);
        detect_remove_segment(clause);
        detect_duration(clause);
        detect_trim(clause);
        detect_speed(clause);
        detect_transitions(clause);
        detect_motion(clause);
        detect_audio(clause);
        detect_text(clause, message);
    }
    return tidy(std::move(intents));
}

}  // namespace cw::server
