// A message is a command when, after removing its command words, only polite filler is left
// ("please export the video", "请帮我导出一下"); one word outside the filler makes it an edit request.
#include "core/routing.hpp"

#include <algorithm>
#include <cstdint>
#include <set>
#include <vector>

#include "draft/text.hpp"

namespace cw::core {

namespace {

struct Phrase {
    std::vector<std::string_view> words;
    Route route;
};

const std::vector<Phrase>& english_phrases() {
    static const std::vector<Phrase> phrases = {
        {{"send", "me"}, Route::export_video}, {{"export"}, Route::export_video},  {{"download"}, Route::export_video},
        {{"credits"}, Route::credits},         {{"credit"}, Route::credits},       {{"balance"}, Route::credits},
        {{"status"}, Route::status},           {{"state"}, Route::status},         {{"tracks"}, Route::status},
        {{"timeline"}, Route::status},         {{"upload"}, Route::upload},
    };
    return phrases;
}

const std::set<std::string_view>& english_filler() {
    static const std::set<std::string_view> words = {
        "a",      "again",    "ahead",   "all",   "an",     "and",       "another", "are",  "as",     "can",
        "check",  "clip",     "clips",   "could", "current","do",        "file",    "files","final",  "for",
        "get",    "give",     "go",      "have",  "hey",    "hi",        "how",     "i",    "id",     "image",
        "images", "in",       "is",      "it",    "just",   "left",      "let's",   "lets", "link",   "many",
        "me",     "media",    "more",    "movie", "much",   "music",     "my",      "need", "new",    "now",
        "of",     "ok",       "okay",    "photo", "photos", "please",    "pls",     "plz",  "project","remaining",
        "result", "see",      "show",    "some",  "thanks", "thank",     "that",    "the",  "this",   "to",
        "u",      "us",       "version", "video", "videos", "view",      "want",    "wanna","what",   "what's",
        "whats",  "will",     "would",   "you",   "audio",  "song",      "finished","here", "there",  "yes",
        "mine",   "where",    "into",    "quickly",
    };
    return words;
}

struct ChinesePhrase {
    std::string_view text;
    std::optional<Route> route;  // empty: filler
};

// Longest first, so "下载" wins over the filler "下".
const std::vector<ChinesePhrase>& chinese_phrases() {
    static const std::vector<ChinesePhrase> phrases = [] {
        std::vector<ChinesePhrase> list = {
            {"导出", Route::export_video}, {"下载", Route::export_video}, {"发给我", Route::export_video},
            {"积分", Route::credits},      {"余额", Route::credits},      {"点数", Route::credits},
            {"状态", Route::status},       {"轨道", Route::status},       {"时间线", Route::status},
            {"上传", Route::upload},
            {"请", {}}, {"帮我", {}}, {"帮", {}}, {"我", {}}, {"把", {}}, {"给", {}}, {"一下", {}}, {"吧", {}},
            {"了", {}}, {"吗", {}}, {"呢", {}}, {"啊", {}}, {"的", {}}, {"这个", {}}, {"那个", {}}, {"视频", {}},
            {"影片", {}}, {"文件", {}}, {"成片", {}}, {"最终", {}}, {"现在", {}}, {"马上", {}}, {"可以", {}},
            {"能", {}}, {"想", {}}, {"要", {}}, {"查看", {}}, {"查询", {}}, {"看看", {}}, {"看", {}}, {"显示", {}},
            {"多少", {}}, {"还有", {}}, {"剩余", {}}, {"剩下", {}}, {"有", {}}, {"为", {}}, {"成", {}}, {"当前", {}},
            {"素材", {}}, {"照片", {}}, {"图片", {}}, {"音乐", {}}, {"一个", {}}, {"些", {}}, {"个", {}}, {"和", {}},
            {"下", {}}, {"所有", {}}, {"全部", {}}, {"格式", {}}, {"一些", {}}, {"新", {}}, {"你", {}}, {"好", {}},
        };
        std::stable_sort(list.begin(), list.end(),
                         [](const ChinesePhrase& a, const ChinesePhrase& b) { return a.text.size() > b.text.size(); });
        return list;
    }();
    return phrases;
}

struct Tokens {
    std::vector<std::string> words;    // ASCII words, lower case
    std::vector<std::string> chinese;  // runs of CJK characters
};

bool is_word_char(std::uint32_t code) {
    return (code >= 'a' && code <= 'z') || (code >= 'A' && code <= 'Z') || (code >= '0' && code <= '9') || code == '\'';
}

Tokens tokenize(std::string_view text) {
    Tokens tokens;
    std::string word;
    std::string chinese;
    auto flush = [&] {
        if (!word.empty()) tokens.words.push_back(std::move(word));
        if (!chinese.empty()) tokens.chinese.push_back(std::move(chinese));
        word.clear();
        chinese.clear();
    };
    for (std::size_t pos = 0; pos < text.size();) {
        std::size_t start = pos;
        std::uint32_t code = draft::decode_utf8(text, pos);
        if (is_word_char(code)) {
            if (!chinese.empty()) flush();
            word += static_cast<char>(code >= 'A' && code <= 'Z' ? code - 'A' + 'a' : code);
        } else if (draft::is_ideograph(code)) {
            if (!word.empty()) flush();
            chinese.append(text.substr(start, pos - start));
        } else {
            flush();
        }
    }
    flush();
    return tokens;
}

// Collects the routes named in the message; false when something other than filler is left.
class RouteCollector {
public:
    bool take_english(const std::vector<std::string>& words, RouteDecision& hints) {
        for (std::size_t i = 0; i < words.size();) {
            if (std::size_t used = match_phrase(words, i)) {
                i += used;
            } else if (read_export_hint(words[i], hints) || english_filler().count(words[i])) {
                ++i;
            } else {
                return false;
            }
        }
        return true;
    }

    bool take_chinese(std::string_view run) {
        while (!run.empty()) {
            auto match = std::find_if(chinese_phrases().begin(), chinese_phrases().end(),
                                      [&](const ChinesePhrase& phrase) { return run.substr(0, phrase.text.size()) == phrase.text; });
            if (match == chinese_phrases().end()) return false;
            if (match->route) routes_.insert(*match->route);
            run.remove_prefix(match->text.size());
        }
        return true;
    }

    std::optional<Route> single_route() const {
        if (routes_.size() != 1) return std::nullopt;
        return *routes_.begin();
    }

private:
    std::size_t match_phrase(const std::vector<std::string>& words, std::size_t at) {
        for (const Phrase& phrase : english_phrases()) {
            if (at + phrase.words.size() > words.size()) continue;
            if (std::equal(phrase.words.begin(), phrase.words.end(), words.begin() + static_cast<std::ptrdiff_t>(at))) {
                routes_.insert(phrase.route);
                return phrase.words.size();
            }
        }
        return 0;
    }

    static bool read_export_hint(const std::string& word, RouteDecision& hints) {
        if (word == "mp4" || word == "gif" || word == "webm") {
            hints.format = word;
            return true;
        }
        if (word == "1080p" || word == "1080" || word == "fhd") {
            hints.height = 1080;
            return true;
        }
        if (word == "720p" || word == "720" || word == "hd") {
            hints.height = 720;
            return true;
        }
        return false;
    }

    std::set<Route> routes_;
};

}  // namespace

const char* to_string(Route route) {
    switch (route) {
    case Route::chat: return "chat";
    case Route::export_video: return "export";
    case Route::credits: return "credits";
    case Route::status: return "status";
    case Route::upload: return "upload";
    case Route::upload_link: return "upload_link";
    }
    return "chat";
}

RouteDecision route_message(std::string_view text) {
    bool web = text.rfind("http://", 0) == 0 || text.rfind("https://", 0) == 0;
    if (web && text.size() > 8 && text.find_first_of(" \t\n") == std::string_view::npos) {
        RouteDecision link;
        link.route = Route::upload_link;
        link.link = std::string(text);
        return link;
    }
    Tokens tokens = tokenize(text);
    RouteDecision hints;
    RouteCollector collector;
    bool only_commands = collector.take_english(tokens.words, hints);
    for (const std::string& run : tokens.chinese) only_commands = only_commands && collector.take_chinese(run);
    std::optional<Route> route = collector.single_route();
    if (!only_commands || !route) return {};
    if (*route != Route::export_video) return {*route, std::nullopt, std::nullopt};
    hints.route = Route::export_video;
    return hints;
}

}  // namespace cw::core
