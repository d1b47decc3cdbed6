// From a request to intents, through one table of actions. Index:
//   [SECTION] Words      the vocabulary the rows share, English and Chinese
//   [SECTION] Readers    one small function per action: the slots it fills from the clause's
//                        entities, and how sure it is
//   [SECTION] Table      trigger words × object words × reader → intent
//   [SECTION] Parsing    clauses → rows → intents, in the order edits apply
//
// A new kind of request is one row here and one edit function in draft_edits.cpp.
#include "intent.hpp"

#include <algorithm>
#include <cstring>
#include <functional>
#include <map>
#include <optional>
#include <set>

#include "draft/text.hpp"
#include "reading.hpp"

namespace cw::server {

using nlohmann::json;

namespace {

using Words = std::vector<std::string>;

// [SECTION] Words

const Words kMusic = {"music", "bgm", "soundtrack", "song", "songs", "track", "tune", "audio", "mp3", "音乐", "配乐", "背景乐", "歌", "曲子",
                      "因乐"};
const Words kText = {"title", "titles", "text", "caption", "captions", "subtitle", "subtitles", "headline", "overlay", "words",
                     "label", "name tag", "tag", "letters", "标题", "文字", "字幕", "文本", "文案", "大字", "名字条", "名牌"};
const Words kImages = {"image", "images", "photo", "photos", "picture", "pictures", "pic", "pics", "still", "stills", "slides",
                       "shots", "图", "照片", "相片", "图片", "幻灯"};
const Words kClips = {"clip", "clips", "footage", "videos", "video", "recording", "视频", "片段", "素材", "片子"};
const Words kVideoWords = {"video", "vid", "slideshow", "movie", "film", "reel", "mp4", "montage", "vlog", "something", "anything",
                           "视频", "短片", "片子", "幻灯片", "影片", "东西", "作品", "小视频"};
const Words kPromo = {"promo", "promotional", "advert", "advertisement", "commercial", "ad", "teaser", "宣传", "广告"};
const Words kGif = {"gif", "gifs", "动图"};
const Words kRemove = {"remove", "delete", "drop", "get rid of", "take out", "take off", "without", "no more", "erase", "ditch",
                       "lose", "cut out", "cut off", "chop off", "leave out", "skip", "exclude", "删", "去掉", "移除", "不要", "拿掉",
                       "去除", "剪掉", "砍掉", "去了", "别放", "不放"};
const Words kCut = {"cut", "trim", "chop", "snip", "剪", "裁掉", "截掉"};
const Words kThatPart = {"that part", "this part", "这段", "这一段", "那段", "那一段"};
const Words kKeep = {"keep", "only", "use only", "only use", "just keep", "just the", "clip out", "extract", "只用", "to the first", "to the last", "to first", "to last", "down to", "trim to",
                     "trim it to", "cut to", "cut it to", "cut down to", "shorten to", "shorten it to", "保留", "只要", "只留",
                     "只保留", "留下", "剪到", "剪成", "截取", "只剩"};
const Words kBuild = {"turn", "make", "create", "convert", "generate", "combine", "build", "produce", "put together", "compile",
                      "stitch", "edit", "join", "merge", "splice", "from these", "from my", "out of these", "out of my",
                      "put it on the timeline", "add it to the timeline", "use this clip", "做", "生成", "制作", "合成", "转成",
                      "变成", "剪辑", "弄", "剪成", "拼成", "串成", "整成", "拼接", "拼起来", "连起来", "合并", "放上去", "拼在一起",
                      "合在一起", "放在一起", "连在一起",
                      "放到时间线", "放进时间线", "加到时间线", "用这些", "用我的"};
const Words kStart = {"first", "opening", "beginning", "start", "intro", "前", "开头", "开始", "片头", "头"};
const Words kEnd = {"last", "ending", "end", "final", "outro", "后", "最后", "结尾", "末尾", "片尾", "尾"};
const Words kBuiltin = {"built-in", "built in", "builtin", "default music", "your music", "stock music", "内置", "自带", "默认音乐"};
const Words kLonger = {"longer", "lengthen", "extend", "stretch", "长一点", "长一些", "加长", "延长", "更长", "再长", "长点", "长些"};
const Words kShorter = {"shorter", "shorten", "shrink", "短一点", "短一些", "缩短", "更短", "剪短", "再短", "短点", "短些"};
const Words kFaster = {"faster", "speed up", "quicker", "fast forward", "quick", "加速", "快一点", "快一些", "更快", "快点", "快些", "加快"};
const Words kSlower = {"slower", "slow down", "slow motion", "slow-mo", "slowmo", "slow mo", "slow", "减速", "放慢", "慢放", "慢一点", "慢一些",
                       "慢动作", "慢点", "更慢", "慢些"};
const Words kLoudness = {"louder", "quieter", "softer", "大声", "小声", "响一点", "轻一点", "half volume", "音量"};
const Words kLouder = {"louder", "turn up", "raise", "increase", "boost", "too quiet", "up", "大一点", "大一些", "大点", "调高",
                       "调大", "提高", "加大", "大声", "响一点", "响些"};
const Words kQuieter = {"quieter", "softer", "lower", "turn down", "reduce", "decrease", "too loud", "down", "小一点", "小一些",
                        "小点", "调低", "调小", "降低", "小声", "轻一点", "轻些", "低一点"};
const Words kEach = {"each", "every", "per", "apiece", "a piece", "每", "各"};

bool is_music_subject(const Clause& c) { return c.has_any(kMusic); }
bool is_text_subject(const Clause& c) { return c.has_any(kText); }

std::optional<std::int64_t> first_duration(const Clause& c) {
    if (c.entities.durations.empty()) return std::nullopt;
    return c.entities.durations.front();
}

// [SECTION] Readers

struct Reading {
    json args = json::object();
    double confidence = 1.0;
};

using Reader = std::function<std::optional<Reading>(const Clause&, const Request&)>;


Reading read(json args, double confidence = 1.0) { return {std::move(args), confidence}; }

// An intent that changes nothing and asks: options in both languages.
Reading ask(const std::string& en, const std::string& zh) { return read({{"en", en}, {"zh", zh}}, 1.0); }

std::optional<Reading> no_args(const Clause&, const Request&) { return read(json::object()); }

std::string transition_type(const Clause& c) {
    if (c.has_any({"slide", "wipe", "push", "滑动", "滑入", "推移"})) return "slide";
    if (c.has_any({"fade to black", "fade through black", "dip to black", "黑场", "through black"})) return "fade";
    if (c.has_any({"fade", "fades"}) && !c.has_any({"crossfade", "cross-fade", "cross fade", "dissolve"})) return "fade";
    return "crossfade";
}

// A GIF's options are often listed after commas: they are read from the whole request.
std::optional<Reading> read_gif(const Clause& clause, const Request& request) {
    const Clause& c = request.clauses.size() > 1 ? request.whole : clause;
    const Entities& e = c.entities;
    json args = json::object();
    if (e.fps) args["fps"] = *e.fps;
    if (e.pixels) args["width"] = *e.pixels;
    if (e.colours) args["colors"] = *e.colours;
    if (e.bytes) args["max_bytes"] = *e.bytes;
    if (e.range) args["from_ms"] = e.range->from_ms, args["to_ms"] = e.range->to_ms;
    else if (auto d = first_duration(c); d && c.has_any(kEnd) && !c.has_any(kStart)) args["last_ms"] = *d;
    else if (d) args["max_ms"] = *d;
    return read(args);
}

bool per_item(const Clause& c) { return c.has_any(kEach); }

std::optional<Reading> read_build(const Clause& c, const Request& request) {
    bool media = c.has_any(kImages) || c.has_any(kClips) || c.has_any({"these", "them", "my stuff", "这些", "素材", "slideshow",
                                                                        "montage", "幻灯片"}) ||
                 (c.entities.aspect && !c.entities.durations.empty());
    bool target = c.has_any(kVideoWords) || c.has_any(kPromo) || c.has_any({"into", "from", "随便", "一个", "1个", "1条", "一条"});
    bool relative = c.has_any(kLonger) || c.has_any(kShorter) || c.has_any(kFaster) || c.has_any(kSlower);
    if (!media || !target || relative || c.has_any(kGif) || is_text_subject(c)) return std::nullopt;
    json args = json::object();
    bool promo = c.has_any(kPromo);
    bool item_lengths = per_item(c) || !c.entities.ordinals.empty() || c.has_any({"the rest", "其余", "其他"});
    if (auto d = first_duration(c); d && !item_lengths) args["total_ms"] = *d;
    else if (promo) args["total_ms"] = 30000;
    if (auto d = first_duration(c); d && per_item(c)) args["per_image_ms"] = *d;
    const Clause& w = request.whole;
    if (!args.contains("per_image_ms") && c.entities.durations.empty() && w.has_any(kEach) && !w.entities.durations.empty())
        args["per_image_ms"] = w.entities.durations.front();
    args["transition"] = w.has_any({"no transitions", "no transition", "hard cut", "hard cuts", "不要转场", "无转场", "没有转场"}) ? "none" : transition_type(w);
    args["kenburns"] = !w.has_any({"no motion", "static", "without motion", "no zoom", "still photos", "静止", "不要动"});
    bool music = is_music_subject(request.whole) && !request.whole.has_any(kRemove);
    args["promo"] = promo;
    return read(args, music || promo ? 1.0 : 0.95);
}

// "do something cool with these", "你看着办": with media there, the obvious slideshow.
std::optional<Reading> read_vague(const Clause&, const Request&) {
    return read({{"transition", "crossfade"}, {"kenburns", true}, {"promo", false}}, 0.8);
}

std::optional<Reading> read_music_in_build(const Clause& c, const Request& request) {
    if (!c.has_any(kPromo) || is_music_subject(request.whole)) return std::nullopt;
    return read(json::object());
}

// Title cards: "an intro that says 'Welcome' for 6 seconds", three quoted lines as three cards.
std::optional<Reading> read_cards(const Clause& c, const Request& request) {
    const Entities& whole = request.whole.entities;
    if (whole.quotes.empty()) {
        if (!c.has_any({"says", "saying", "写", "with the words", "that reads"})) return std::nullopt;
        return ask("What should the card say? Put the words in quotes, e.g. an intro that says “Welcome”.",
                   "卡片上写什么？请把文字放在引号里，例如：片头写“欢迎”。");
    }
    json args = {{"texts", whole.quotes}};
    if (auto d = first_duration(request.whole)) args[per_item(request.whole) ? "each_ms" : "total_ms"] = *d;
    if (auto background = request.facts.background) args["color"] = *background;
    if (auto ink = request.facts.ink) args["ink"] = *ink;
    if (request.whole.has_any({"gradient", "渐变"})) args["look"] = "gradient";
    args["place"] = c.has_any({"outro", "end card", "ending", "片尾", "结尾"}) ? "end" : "start";
    return read(args);
}

// How long a text-only video runs: the one length the request names.
std::optional<std::int64_t> card_length(const Request& request) {
    const auto& durations = request.whole.entities.durations;
    if (durations.empty() || request.whole.entities.range) return std::nullopt;
    return durations.front();
}

json text_window(const Clause& clause, const Request& request) {
    const Clause& c = clause.entities.durations.empty() ? request.whole : clause;
    const Entities& e = c.entities;
    bool to_end = c.has_any({"until the end", "to the end", "till the end", "到结尾", "到最后", "到结束", "一直到"});
    if (e.range) return {{"start_ms", e.range->from_ms}, {"end_ms", e.range->to_ms}};
    auto d = first_duration(c);
    if (d && c.has_any({"from", "at", "after", "starting", "从", "第"}) && !c.has_any({"for", "持续"}))
        return to_end ? json{{"start_ms", *d}, {"to_end", true}} : json{{"start_ms", *d}};
    if (d && c.has_any(kEnd) && !c.has_any(kStart)) return {{"last_ms", *d}};
    if (d) return {{"start_ms", 0}, {"end_ms", *d}};
    if (c.has_any({"whole", "entire", "throughout", "all the way", "全程", "整个", "一直"})) return {{"whole", true}};
    return json::object();
}

std::optional<Reading> read_add_text(const Clause& c, const Request& request) {
    std::optional<std::string> words;
    if (!c.entities.quotes.empty()) words = c.entities.quotes.front();
    else if (!request.whole.entities.quotes.empty() && request.clauses.size() > 1) words = request.whole.entities.quotes.front();
    else words = request.facts.unquoted;
    bool caption = c.has_any({"caption", "captions", "subtitle", "subtitles", "lower third", "字幕"});
    if (!words) {
        if (c.has_any({"add", "put", "with", "加", "添加", "配", "加上", "加个", "来个", "给"}) && !c.entities.position && !c.entities.colour)
            return ask(std::string("What should the ") + (caption ? "caption" : "title") + " say? For example: add " +
                           (caption ? "a caption" : "a title") + " “Summer Sale”.",
                       std::string(caption ? "字幕" : "标题") + "要写什么？例如：加" + (caption ? "字幕" : "标题") + "“夏日特卖”。");
        return std::nullopt;
    }
    json args = {{"text", *words}, {"role", caption ? "caption" : "title"}};
    args.update(text_window(c, request));
    const Entities& whole = request.whole.entities;
    if (auto position = c.entities.position ? c.entities.position : whole.position) args["position"] = *position;
    if (auto colour = request.facts.ink) args["color"] = *colour;
    if (auto size = request.facts.font_size) args["size"] = *size;
    else if (c.entities.pixels || whole.pixels) args["size"] = c.entities.pixels ? *c.entities.pixels : *whole.pixels;
    else if (request.whole.has_any({"big", "large", "huge", "大号", "大字"})) args["size"] = 128;
    else if (request.whole.has_any({"small", "tiny", "小号", "小字"})) args["size"] = 48;
    if (auto d = card_length(request)) args["card_ms"] = *d;
    args["texts"] = whole.quotes.empty() ? json::array({*words}) : json(whole.quotes);
    if (auto background = request.facts.background) args["background"] = *background;
    return read(args);
}

std::optional<Reading> read_edit_text(const Clause& c, const Request&) {
    if (c.entities.quotes.empty() || c.has_any({"add", "加", "添加"})) return std::nullopt;
    return read({{"text", c.entities.quotes.back()}, {"role", "title"}});
}

std::optional<Reading> read_remove_text(const Clause& c, const Request&) {
    if (!c.entities.quotes.empty()) return std::nullopt;
    return read({{"role", c.has_any({"title", "标题"}) ? "title" : "any"}});
}

std::optional<Reading> read_resize_text(const Clause& c, const Request&) {
    bool bigger = c.has_any({"bigger", "larger", "enlarge", "increase", "大一点", "放大", "大些", "大点", "更大"});
    bool smaller = c.has_any({"smaller", "shrink", "decrease", "小一点", "缩小", "小些", "小点", "更小"});
    if (bigger == smaller) return std::nullopt;
    double factor = c.entities.percents.empty() ? 1.3 : 1 + c.entities.percents.front() / 100;
    return read({{"factor", smaller ? 1 / factor : factor}});
}

std::optional<Reading> read_style_text(const Clause& c, const Request&) {
    json args = json::object();
    if (c.entities.position) args["position"] = *c.entities.position;
    if (c.entities.colour) args["color"] = *c.entities.colour;
    if (!c.entities.quotes.empty()) return std::nullopt;
    if (args.empty() && c.has_any({"colour", "color", "颜色"}))
        return ask("Which colour should the text be? For example: white, yellow, red, or #FFCC00.", "文字要换成什么颜色？例如：白色、黄色、红色。");
    if (args.empty() && c.has_any({"位置", "somewhere else", "another place", "move the title", "move the text"}))
        return ask("Where should the text go: top, center, bottom, the lower third, or a corner?", "文字放在哪里：顶部、中间、底部、下三分之一处，还是某个角？");
    if (args.empty()) return std::nullopt;
    return read(args);
}

std::optional<Reading> read_aspect(const Clause& c, const Request&) {
    if (!c.entities.aspect) return std::nullopt;
    json args = {{"ratio", *c.entities.aspect}};
    if (c.has_any({"blur", "blurred", "模糊"})) args["fit"] = "blur";
    else if (c.has_any({"black bars", "bars", "letterbox", "pad", "黑边"})) args["fit"] = "pad";
    else if (c.has_any({"crop", "cropped", "fill", "裁切", "裁剪", "填满", "铺满"})) args["fit"] = "crop";
    return read(args);
}

std::optional<Reading> read_fit(const Clause& c, const Request&) {
    if (c.entities.aspect) return std::nullopt;
    if (c.has_any({"blur", "blurred", "模糊"})) return read({{"fit", "blur"}});
    if (c.has_any({"black bars", "letterbox", "pillarbox", "pad", "padding", "黑边"})) return read({{"fit", "pad"}});
    return read({{"fit", "crop"}});
}

std::optional<Reading> read_resolution(const Clause& c, const Request&) {
    if (c.has_any({"720p", "720"})) return read({{"height", 720}});
    return read({{"height", 1080}});
}

std::optional<Reading> read_export(const Clause& c, const Request&) {
    return read({{"format", c.has("webm") ? "webm" : "mp4"}});
}

std::optional<Reading> read_reorder(const Clause& c, const Request& request) {
    const auto& ordinals = c.entities.ordinals;
    if (c.has_any({"reverse", "backwards", "backward", "倒序", "到序", "反过来", "倒过来", "反向", "倒着", "倒回来", "反回来", "original order",
                   "原来的顺序"}))
        return read({{"reverse", true}});
    const auto& numbers = request.whole.entities.numbers;
    if (request.whole.has_any({"order", "顺序"}) && numbers.size() >= 2) return read({{"order", numbers}});
    if (c.has_any({"从"}) && c.has_any({"开始"}) && !ordinals.empty()) return read({{"from", ordinals.front()}, {"to", 1}});
    if (ordinals.empty() && c.has_any({"first", "then", "最前", "开头", "最后", "after", "before"})) return read({{"by_mention", true}});
    if (c.has_any({"start with", "begin with", "open with", "lead with", "先放", "开头放", "放在最前", "放到最前", "放最前", "放在开头",
                   "放到开头", "移到开头", "移到最前", "挪到最前", "挪到开头"}) && !ordinals.empty())
        return read({{"from", ordinals.front()}, {"to", 1}});
    if (c.has_any({"end with", "finish with", "close with", "to the end", "at the end", "放在最后", "放到最后", "移到最后", "挪到最后",
                   "放最后", "放到结尾", "移到结尾"}) && !ordinals.empty())
        return read({{"from", ordinals.front()}, {"to", -1}});
    if (ordinals.size() >= 2 && c.has_any({"swap", "switch", "exchange", "交换", "换一下", "对调", "互换", "调换", "换个位置"}))
        return read({{"swap", {ordinals[0], ordinals[1]}}});
    if (ordinals.size() >= 2 && c.has_any({"move", "put", "移到", "放到", "挪到"})) return read({{"from", ordinals[0]}, {"to", ordinals[1]}});
    // "the first 2 seconds of clip 2" is a part of the clip, not a place for it.
    if (ordinals.size() == 1 && c.entities.durations.empty() && c.has_any({"to the front", "to the start", "to the beginning", "first"}))
        return read({{"from", ordinals.front()}, {"to", 1}});
    return std::nullopt;
}

std::optional<std::string> named_file(const Request& request, std::initializer_list<const char*> extensions) {
    for (const std::string& file : request.facts.files)
        for (const char* extension : extensions)
            if (file.size() > std::strlen(extension) && file.compare(file.size() - std::strlen(extension), std::strlen(extension), extension) == 0)
                return file;
    return std::nullopt;
}

std::optional<std::string> named_media(const Request& request) {
    return named_file(request, {".mp4", ".mov", ".jpg", ".jpeg", ".png", ".webm", ".gif", ".heic"});
}

std::optional<Reading> read_remove_segment(const Clause& c, const Request& request) {
    if (!c.entities.durations.empty() || is_music_subject(c) || is_text_subject(c)) return std::nullopt;
    if (c.entities.ordinals.empty()) {
        if (auto name = named_media(request)) return read({{"name", *name}});
        return std::nullopt;
    }
    if (c.entities.ordinals.size() > 1) return read({{"indexes", c.entities.ordinals}});
    return read({{"index", c.entities.ordinals.front()}});
}

// "start it at 0:04", "end at 8 s", "everything after 0:12 can go", "从第4秒开始", "0:07以后的都剪掉".
std::optional<Reading> read_cut_point(const Clause& c, bool keep, bool remove, std::int64_t at) {
    bool after = c.has_any({"after", "onwards", "以后", "之后", "往后"}), before = c.has_any({"before", "以前", "之前", "前面的"});
    if (remove && after) return read({{"from_ms", 0}, {"to_ms", at}});
    if (remove && before) return read({{"from_ms", at}});
    if (c.has_any({"to the end", "until the end", "onwards", "到结尾", "到最后", "到结束"}) && (keep || c.has_any({"from", "从"})))
        return read({{"from_ms", at}});
    if (c.has_any({"start at", "starts at", "start it at", "start the video at", "begin at", "start from", "seconds in", "s in",
                   "开始"}) && !c.has_any({"title", "text", "caption", "标题", "字幕"}))
        return read({{"from_ms", at}});
    if (c.has_any({"end at", "end it at", "ends at", "stop at", "stop it at", "finish at", "结束", "停"})) return read({{"from_ms", 0}, {"to_ms", at}});
    return std::nullopt;
}

// "cut the first 2 seconds of clip 2", "trim 1.5 s off the end of the third photo", "剪掉第2段开头2秒":
// one item's head or tail, the rest of the timeline untouched.
std::optional<Reading> read_item_trim(const Clause& c, const Request&) {
    const Entities& e = c.entities;
    if (e.ordinals.size() != 1 || e.durations.empty() || e.range || is_music_subject(c) || is_text_subject(c)) return std::nullopt;
    if (c.has_any(kKeep) || !(c.has_any(kRemove) || c.has_any(kCut))) return std::nullopt;
    const bool at_start = c.has_any(kStart), at_end = c.has_any(kEnd);
    if (at_start == at_end) return std::nullopt;
    return read({{"index", e.ordinals.front()}, {at_start ? "head_ms" : "tail_ms", e.durations.front()}});
}

// Which part a cut removes or keeps must be clear; a destructive edit never guesses.
std::optional<Reading> read_trim(const Clause& c, const Request&) {
    const Entities& e = c.entities;
    if (is_music_subject(c) || is_text_subject(c)) return std::nullopt;
    bool removing = c.has_any(kRemove) || c.has_any({"can go", "不要"});
    bool keep = c.has_any(kKeep) || c.has_any({"part between", "bit between", "section between", "the part from", "just the part"}) ||
                (c.has_any(kThatPart) && !removing);
    bool remove = !keep && (removing || c.has_any(kCut));
    if (e.range) {
        if (keep) return read({{"from_ms", e.range->from_ms}, {"to_ms", e.range->to_ms}});
        if (remove) return read({{"remove_from_ms", e.range->from_ms}, {"remove_to_ms", e.range->to_ms}});
        return std::nullopt;
    }
    auto d = first_duration(c);
    bool at_start = c.has_any(kStart), at_end = c.has_any(kEnd);
    if (d && at_start && at_end && c.has_any({"both", "each", "and the last", "各", "都"}) && remove) {
        std::int64_t tail = e.durations.size() > 1 ? e.durations[1] : *d;
        return read({{"from_ms", *d}, {"remove_last_ms", tail}});
    }
    if (d && e.durations.size() >= 2 && at_start && at_end && remove) return read({{"from_ms", e.durations[0]}, {"remove_last_ms", e.durations[1]}});
    if (d)
        if (auto point = read_cut_point(c, keep, remove, *d)) return point;
    if (d && at_start != at_end) {
        if (at_start) return keep ? read({{"from_ms", 0}, {"to_ms", *d}}) : read({{"from_ms", *d}});
        return keep ? read({{"keep_last_ms", *d}}) : read({{"remove_last_ms", *d}});
    }
    bool half = c.has_any({"half", "一半", "半段"});
    if (half && (keep || remove)) {
        bool first_half = c.has_any({"first half", "前一半", "前半", "上半"}), last_half = c.has_any({"second half", "last half", "后一半", "后半", "下半"});
        if (first_half != last_half) return read({{"keep_part", (first_half == keep) ? "first_half" : "last_half"}});
    }
    if (!remove) return std::nullopt;
    // Asking needs a cutting verb: "without motion" or "no more music" is not a cut.
    if (!c.has_any(kCut) && !c.has_any({"remove", "delete", "get rid of", "take out", "chop off", "删", "去掉", "剪掉", "不要", "砍掉"}))
        return std::nullopt;
    if (at_start && !at_end) return ask("How much of the beginning should go? For example: cut the first 3 seconds.",
                                        "开头要剪掉多少？例如：剪掉开头3秒。");
    if (at_end && !at_start) return ask("How much of the ending should go? For example: cut the last 2 seconds.",
                                        "结尾要剪掉多少？例如：去掉最后2秒。");
    if (c.entities.ordinals.empty())
        return ask("Which part should I cut? For example: cut the first 3 seconds, or remove 5 to 7 s.",
                   "要剪掉哪一部分？例如：剪掉开头3秒，或者删掉第5到7秒。");
    return std::nullopt;
}

// "make it 20 seconds", "shorten it to 8 s", "a bit longer", "时长改成15秒".
std::optional<Reading> read_length(const Clause& c, const Request&) {
    if (per_item(c) || is_music_subject(c) || is_text_subject(c) || !c.entities.ordinals.empty()) return std::nullopt;
    auto d = first_duration(c);
    std::size_t digit = c.text.find_first_of("0123456789");
    std::size_t comparative = std::string::npos;
    for (const Words* list : {&kShorter, &kLonger})
        for (const std::string& word : *list) comparative = std::min(comparative, c.text.find(word));
    bool chinese_delta = c.has_any({"再", "多", "少"}) && !c.has_any({"到", "成", "为"});
    bool by = c.has_any({" by "}) || chinese_delta || (digit != std::string::npos && digit < comparative && comparative != std::string::npos);
    if (d && !c.entities.range && (c.has_any(kLonger) || c.has_any(kShorter)) && by)
        return read({{"delta_ms", c.has_any(kShorter) ? -*d : *d}});
    if (d && !c.entities.range) return read({{"total_ms", *d}});
    if (!c.entities.times.empty() || c.has_any({"double", "twice as long", "翻倍", "两倍"}))
        return read({{"factor", c.entities.times.empty() ? 2.0 : c.entities.times.front()}});
    if (c.has_any({"half as long", "half the length", "缩短一半", "减半"})) return read({{"factor", 0.5}});
    double amount = c.entities.amount.value_or(0.25);
    if (c.has_any(kLonger)) return read({{"factor", 1 + amount}});
    if (c.has_any(kShorter)) return read({{"factor", 1 / (1 + amount)}});
    return std::nullopt;
}

// "3 seconds per photo", "每张图片停留3秒", "the first picture longer than the others", "最后一张5秒",
// "the first photo 5 seconds and the rest 2", "2 seconds per photo and the last one 4".
std::optional<Reading> read_item_length(const Clause& c, const Request&) {
    if (is_music_subject(c) || is_text_subject(c) || c.entities.range) return std::nullopt;
    if (c.has_any(kRemove) || c.has_any(kCut) || c.has_any(kKeep)) return std::nullopt;  // a cut, read by the trim row
    const auto& durations = c.entities.durations;
    const auto& ordinals = c.entities.ordinals;
    bool rest = c.has_any({"the rest", "the others", "others", "其余", "其他", "剩下", "别的"});
    if (!ordinals.empty() && durations.size() >= 2) {
        bool each_first = per_item(c) && !rest;
        return read({{"index", ordinals.front()}, {"ms", each_first ? durations[1] : durations[0]}, {"each_ms", each_first ? durations[0] : durations[1]}});
    }
    if (!durations.empty() && (per_item(c) || c.has_any({"a slide", "a photo", "a picture", "an image", "一张"})) && ordinals.empty())
        return read({{"each_ms", durations.front()}});
    if (!ordinals.empty() && !durations.empty()) return read({{"index", ordinals.front()}, {"ms", durations.front()}});
    double amount = c.entities.amount.value_or(0.3);
    if (per_item(c) && c.has_any(kLonger)) return read({{"each_factor", 1 + amount}});
    if (per_item(c) && c.has_any(kShorter)) return read({{"each_factor", 1 / (1 + amount)}});
    if (!ordinals.empty() && c.has_any(kLonger)) return read({{"index", ordinals.front()}, {"factor", 1.6}});
    if (!ordinals.empty() && c.has_any(kShorter)) return read({{"index", ordinals.front()}, {"factor", 0.6}});
    return std::nullopt;
}

std::optional<Reading> read_speed(const Clause& c, const Request&) {
    const Entities& e = c.entities;
    if (c.has_any({"normal speed", "original speed", "regular speed", "原速", "正常速度"})) return read({{"factor", 1.0}});
    if (c.has_any({"half speed", "half-speed", "一半速度", "半速"})) return read({{"factor", 0.5}});
    if (c.has_any({"double speed", "double-speed"})) return read({{"factor", 2.0}});
    bool slower = c.has_any(kSlower);
    if (!e.times.empty()) {
        double factor = e.times.front();
        return read({{"factor", slower && factor > 1 ? 1 / factor : factor}});
    }
    if (!e.percents.empty()) {
        double p = e.percents.front() / 100;
        return read({{"factor", slower ? 1 - std::min(p, 0.75) : 1 + p}, {"relative", true}});
    }
    if (c.has_any({"slow motion", "slow-mo", "slowmo", "slow mo", "慢动作"})) return read({{"factor", 0.5}});
    double amount = e.amount.value_or(0.3);
    return read({{"factor", slower ? 1 / (1 + amount) : 1 + amount}, {"relative", true}});
}

std::optional<Reading> read_transition(const Clause& c, const Request&) {
    if (c.has_any(kRemove) || c.has_any({"no transitions", "hard cuts", "hard cut", "不要转场"})) return std::nullopt;
    json args = {{"type", transition_type(c)}};
    if (auto d = first_duration(c)) args["ms"] = *d;
    return read(args);
}

std::optional<Reading> read_motion(const Clause& c, const Request&) {
    bool off = c.has_any(kRemove) || c.has_any({"no", "stop", "static", "still", "不要", "去掉", "关掉"});
    return read({{"on", !off}});
}

std::optional<double> volume_in(const Clause& c) {
    if (!c.entities.percents.empty()) return c.entities.percents.front() / 100;
    if (c.has_any({"full volume", "max volume", "maximum", "loudest", "最大", "开到最大", "满音量"})) return 1.0;
    for (double n : c.entities.numbers)
        if (n > 0 && n <= 1) return n;
    if (c.has_any({"half volume", "half the volume", "音量一半", "一半音量", "一半"})) return 0.5;
    return std::nullopt;
}

std::optional<Reading> read_add_music(const Clause& c, const Request& request) {
    if ((c.has_any(kRemove) && !request.whole.has_any(kBuiltin)) || c.has_any(kLouder) || c.has_any(kQuieter)) return std::nullopt;
    json args = json::object();
    if (auto volume = volume_in(request.clauses.size() > 1 ? request.whole : c)) args["volume"] = *volume;
    if (request.whole.has_any(kBuiltin)) args["builtin"] = true;
    if (auto file = named_file(request, {".mp3", ".wav", ".m4a", ".aac"})) args["name"] = *file;
    if (c.has_any({"replace", "swap", "change", "switch", "use my", "use the", "use this", "换成", "换"})) args["replace"] = true;
    if (auto d = first_duration(c); d && c.has_any({"fade", "淡"})) args[c.has_any({"fade in", "fade-in", "淡入"}) ? "fade_in_ms" : "fade_out_ms"] = *d;
    return read(args);
}

std::optional<Reading> read_music_volume(const Clause& c, const Request&) {
    if (c.has_any(kRemove) || c.has_any({"mute", "静音"})) return std::nullopt;
    if (auto volume = volume_in(c)) return read({{"volume", *volume}});
    double amount = c.entities.amount.value_or(0.3);
    if (c.has_any(kQuieter)) return read({{"factor", 1 - amount}});
    if (c.has_any(kLouder)) return read({{"factor", 1 + amount}});
    return std::nullopt;
}

std::string mute_target(const Clause& c) {
    if (c.has_any({"original", "clip", "clips", "video", "voice", "camera", "原声", "视频声音", "人声", "视频的声音"})) return "original";
    if (is_music_subject(c)) return "music";
    return "all";
}

std::optional<Reading> read_mute(const Clause& c, const Request&) {
    if (c.has_any({"unmute", "取消静音", "恢复声音", "打开声音"})) return std::nullopt;
    if (!c.has_any({"mute", "silence", "no sound", "静音", "消音"}) && !(c.has_any(kRemove) && c.has_any({"sound", "audio", "声音", "原声"})))
        return std::nullopt;
    return read({{"target", mute_target(c)}});
}

std::optional<Reading> read_unmute(const Clause& c, const Request&) { return read({{"target", mute_target(c)}}); }

std::optional<Reading> read_remove_music(const Clause& c, const Request& request) {
    if (c.has_any({"mute", "静音"}) || request.whole.has_any(kBuiltin)) return std::nullopt;
    return read(json::object());
}

std::optional<Reading> read_fade(const Clause& c, const Request&) {
    bool in = c.has_any({"fade in", "fade-in", "fades in", "fading in", "fade it in", "淡入"}) ||
              (c.has("fade") && c.has_any({"in", "start", "beginning"}) && !c.has_any({"out", "end"})),
         out = c.has_any({"fade out", "fade-out", "fades out", "fadeout", "淡出",
                                                                                       "fade to black", "end", "fading out", "fade it out"});
    in = in || c.has("渐显");
    auto d = c.has_any(kRemove) || c.has_any({"no fade", "不要淡"}) ? std::optional<std::int64_t>(0) : first_duration(c);
    json args = json::object();
    if (in) args["in_ms"] = d.value_or(1000);
    if (out || !in) args["out_ms"] = d.value_or(2000);
    return read(args);
}

// [SECTION] Table

struct Action {
    std::string intent;
    std::string group;  // at most one action of a group per clause: the first row that reads
    Words triggers;     // one must appear (empty: none needed)
    Words objects;      // one must appear (empty: none needed)
    Words vetoes;       // none may appear
    Reader reader;
};

Words joined(std::initializer_list<Words> lists) {
    Words out;
    for (const Words& list : lists) out.insert(out.end(), list.begin(), list.end());
    return out;
}

const std::vector<Action>& actions() {
    static const std::vector<Action> table = {
        {"undo", "history", {"undo", "revert", "go back", "take that back", "撤销", "撤回", "返回上一步", "退回", "回到上一步", "上一步",
                             "回退"},
         {}, {"redo"}, no_args},
        {"redo", "history", {"redo", "重做"}, {}, {}, no_args},
        {"make_gif", "make", kGif, {}, {}, read_gif},
        {"make_text_cards", "make", {"intro", "outro", "title card", "title cards", "end card", "card", "cards", "text only",
                                     "text-only", "just text", "text video", "slides saying", "片头", "片尾", "字卡", "卡片", "文字视频",
                                     "纯文字", "页"},
         {}, {"gif"}, read_cards},
        {"build_from_media", "make", joined({kBuild, {"slideshow", "montage", "幻灯片"}}), {}, {}, read_build},
        {"build_from_media", "make", {"something", "you decide", "do your thing", "surprise me", "anything", "up to you", "看着办",
                                      "随便", "你决定", "vid", "with these"},
         {}, {"gif", "title", "text", "标题", "字幕"}, read_vague},
        {"add_music", "music_in_build", kPromo, joined({kBuild}), {}, read_music_in_build},
        {"set_aspect", "canvas", {}, {}, {}, read_aspect},
        {"set_fit", "fit", {"blur", "blurred", "letterbox", "pillarbox", "black bars", "pad", "padding", "crop", "fill the frame",
                            "模糊", "黑边", "裁切", "填满", "铺满"}, {}, {"trim"}, read_fit},
        {"set_resolution", "resolution", {"720p", "1080p", "full hd", "fhd", "4k", "高清", "1080", "720"}, {}, {"px", "像素"}, read_resolution},
        {"set_export", "export", {"webm", "mp4"}, {}, {"gif"}, read_export},
        {"reorder", "order", {"order", "顺序", "开始", "倒回来", "反回来", "到序", "first", "最前", "放最后", "放在最后",
                              "reverse", "backwards", "backward", "swap", "switch", "exchange", "move", "start with", "begin with",
                              "open with", "lead with", "end with", "finish with", "put", "倒序", "反过来", "倒过来", "反向", "倒着",
                              "交换", "换一下", "对调", "互换", "调换", "移到", "放到", "挪到", "先放", "放在", "换个位置"},
         {}, {"title", "text", "caption", "标题", "文字", "字幕", "music", "音乐"}, read_reorder},
        {"remove_segment", "cut", kRemove, {}, {"transition", "transitions", "转场", "motion", "effect", "fade", "淡"}, read_remove_segment},
        {"set_item_duration", "length", {}, {}, {"gif", "动图", "transition", "转场", "fade", "淡"}, read_item_length},
        {"trim_item", "cut", joined({kRemove, kCut}), {}, {"transition", "transitions", "转场", "fade", "淡"}, read_item_trim},
        {"trim", "cut", joined({kRemove, kCut, kKeep, {"part between", "bit between", "section between", "can go", "start at",
                                                         "starts at", "start it at", "start the video at", "begin at", "seconds in",
                                                         "end at", "end it at", "stop at", "开始", "结束", "不要"}, kThatPart}), {},
         {"transition", "transitions", "转场", "fade", "淡", "铺满", "填满", "fill the frame"}, read_trim},
        {"set_duration", "length", joined({kLonger, kShorter, {"make it", "make the video", "set it", "long", "length", "duration",
                                                                "down to", "trim it to", "trim to", "cut it to",
                                                                "时长", "长度", "改成", "改为", "变成", "总共", "一共"}}),
         {}, {"gif", "动图", "title", "标题", "transition", "转场", "fade", "淡", "speed", "速度", "per", "each", "每", "start", "begin",
              "end at", "after", "before", "开始", "结束", "以后", "之后", "之前"},
         read_length},
        {"set_speed", "speed", joined({kFaster, kSlower, {"speed", "速度", "倍速", "被速", "x speed", "playback", "timelapse",
                                                          "time-lapse", "time lapse", "play at", "play it at", "原速", "正常速度",
                                                          "normal speed", "original speed", "半速"}}),
         {}, {"transition", "转场", "music", "音乐"}, read_speed},
        {"remove_transitions", "transition", {"transition", "transitions", "转场", "过渡", "hard cut", "hard cuts"},
         joined({kRemove, {"no transitions", "hard cut", "hard cuts"}}), {}, no_args},
        {"set_transition", "transition", {"transition", "transitions", "crossfade", "cross-fade", "crossfades", "dissolve", "wipe",
                                          "fade through black", "dip to black", "fade to black between", "转场", "过渡", "交叉淡化",
                                          "淡入淡出", "溶解", "叠化"},
         {}, {}, read_transition},
        {"set_motion", "motion", {"ken burns", "kenburns", "motion", "zoom", "pan", "movement", "动感", "动效", "运动", "缩放", "推拉"},
         {}, {"slow motion", "慢动作"}, read_motion},
        {"unmute", "mute", {"unmute", "取消静音", "恢复声音", "打开声音", "turn the sound back on"}, {}, {}, read_unmute},
        {"mute", "mute", {"mute", "silence", "no sound", "sound", "audio", "静音", "消音", "声音", "原声"}, {}, {}, read_mute},
        {"remove_music", "music", joined({kRemove, {"no music", "without music"}}), kMusic, {}, read_remove_music},
        {"add_music", "music", {"add", "with", "put", "include", "use", "play", "give", "background", "underneath", "under", "replace",
                                "swap", "change", "加", "配", "背景", "放", "用", "添加", "换", "带", "有"},
         kMusic, {"gif"}, read_add_music},
        {"set_music_volume", "music", joined({kLouder, kQuieter, {"volume", "音量", "at", "%", "half", "set", "to", "full", "最大", "开到"}}),
         joined({kMusic, kLoudness, {"volume", "音量", "声音", "sound"}}), {}, read_music_volume},
        {"set_fade", "fade", {"fade in", "fade out", "fade-in", "fade-out", "fadeout", "fades out", "fades in", "fade to black",
                              "fading in", "fading out", "fade it in", "fade it out", "fade", "淡入", "淡出", "渐隐", "渐显"}, {}, {"transition", "transitions", "转场", "between"}, read_fade},
        {"edit_text", "text", {"change", "rename", "edit", "replace", "update", "reword", "改成", "改为", "换成"}, kText, {}, read_edit_text},
        {"remove_text", "text", kRemove, kText, {}, read_remove_text},
        {"resize_text", "text_size", {"bigger", "larger", "enlarge", "smaller", "shrink", "increase", "decrease", "大一点", "放大",
                                      "大些", "大点", "更大", "小一点", "缩小", "小些", "小点", "更小"},
         joined({kText, {"字", "字体", "font"}}), {}, read_resize_text},
        {"add_text", "text", kText, {}, {}, read_add_text},
        {"add_text", "text", {"put", "add", "write", "show", "display", "says", "saying", "reads", "on screen", "gradient",
                              "background", "写", "加", "显示", "打上", "放", "背景", "渐变", "字", "底"},
         {"\xC2\xAB"}, {}, read_add_text},
        {"style_text", "text_style", kText, {}, {}, read_style_text},
        {"style_text", "text_style", {"put it", "move it", "place it", "make it", "turn it", "放到", "移到", "放在", "挪到", "改成"},
         {}, {}, read_style_text},
    };
    return table;
}

// [SECTION] Parsing

int phase(const std::string& name) {
    static const std::map<std::string, int> order = {
        {"ask", -1}, {"undo", 0}, {"redo", 0}, {"make_gif", 1}, {"build_from_media", 1}, {"make_text_cards", 2},
        {"set_aspect", 3}, {"set_fit", 3}, {"set_resolution", 3}, {"reorder", 4}, {"remove_segment", 5},
        {"set_item_duration", 6}, {"set_duration", 6}, {"trim", 6}, {"trim_item", 6}, {"set_speed", 7}, {"set_transition", 8},
        {"remove_transitions", 8}, {"set_motion", 8}, {"add_music", 9}, {"remove_music", 9}, {"mute", 10}, {"unmute", 10},
        {"set_music_volume", 10}, {"set_fade", 10}, {"add_text", 11}, {"edit_text", 11}, {"remove_text", 11},
        {"resize_text", 12}, {"style_text", 12}, {"set_export", 13}};
    auto it = order.find(name);
    return it == order.end() ? 99 : it->second;
}

bool applies(const Action& action, const Clause& clause) {
    if (!action.triggers.empty() && !clause.has_any(action.triggers)) return false;
    if (!action.objects.empty() && !clause.has_any(action.objects)) return false;
    return !clause.has_any(action.vetoes);
}

void read_clause(const Clause& clause, const Request& request, std::vector<Intent>& out) {
    std::set<std::string> groups_done;
    for (const Action& action : actions()) {
        if (groups_done.count(action.group) || !applies(action, clause)) continue;
        auto reading = action.reader(clause, request);
        if (!reading) continue;
        groups_done.insert(action.group);
        bool question = reading->args.contains("en") && reading->args.contains("zh") && !reading->args.contains("text");
        out.push_back({question ? "ask" : action.intent, reading->args});
    }
}

// One intent of a kind, except texts; what a build or a GIF already covers is dropped; a question
// stands alone, since nothing changes until it is answered.
std::vector<Intent> tidy(std::vector<Intent> intents) {
    auto has = [&](const char* name) {
        return std::any_of(intents.begin(), intents.end(), [&](const Intent& i) { return i.name == name; });
    };
    if (has("ask")) {
        auto question = std::find_if(intents.begin(), intents.end(), [](const Intent& i) { return i.name == "ask"; });
        return {*question};
    }
    bool builds = has("build_from_media"), gif = has("make_gif"), cards = has("make_text_cards");
    if (builds && !has("add_music"))
        for (Intent& intent : intents)
            if (intent.name == "set_music_volume" && intent.args.contains("volume")) intent.name = "add_music";
    // "第一张停5秒，其余每张2秒": item lengths said in several clauses are one edit.
    auto lengths = std::find_if(intents.begin(), intents.end(), [](const Intent& i) { return i.name == "set_item_duration"; });
    for (auto other = lengths; lengths != intents.end() && ++other != intents.end();)
        if (other->name == "set_item_duration")
            for (const auto& [key, value] : other->args.items())
                if (!lengths->args.contains(key)) lengths->args[key] = value;
    std::vector<Intent> kept;
    for (auto& intent : intents) {
        if (builds && (intent.name == "set_transition" || (intent.name == "set_duration" && !intent.args.contains("factor")))) continue;
        if (builds && intent.name == "set_motion" && intent.args.value("on", false)) continue;
        if (gif && (intent.name == "trim" || intent.name == "set_export" || intent.name == "set_duration")) continue;
        if (cards && (intent.name == "add_text" || intent.name == "set_duration" || intent.name == "build_from_media" ||
                      intent.name == "set_item_duration" || intent.name == "trim"))
            continue;
        bool repeatable = intent.name == "add_text" || intent.name == "style_text";
        bool seen = std::any_of(kept.begin(), kept.end(), [&](const Intent& k) {
            return k.name == intent.name && (!repeatable || k.args == intent.args || k.args.value("text", "") == intent.args.value("text", "-"));
        });
        if (!seen) kept.push_back(std::move(intent));
    }
    std::stable_sort(kept.begin(), kept.end(), [](const Intent& a, const Intent& b) { return phase(a.name) < phase(b.name); });
    if (!kept.empty() && phase(kept.front().name) == 0) kept.resize(1);  // undo/redo stand alone
    return kept;
}

const Words& common_words() {
    static const Words words = {
        "the", "this", "that", "these", "those", "them", "they", "with", "from", "into", "onto", "over", "under", "about", "please",
        "could", "would", "should", "want", "need", "like", "make", "made", "some", "more", "less", "than", "then", "when", "what",
        "where", "which", "while", "also", "just", "only", "very", "really", "pretty", "little", "bit", "whole", "entire", "every",
        "each", "other", "others", "another", "thing", "things", "stuff", "here", "there", "have", "give", "take", "look", "good",
        "nice", "cool", "great", "best", "fine", "okay", "thanks", "thank", "hello", "hey", "hi", "what", "can", "you", "your",
        "mine", "yours", "ours", "after", "before", "during", "between", "around", "across", "along", "through", "toward", "towards",
        "until", "till", "again", "once", "twice", "double", "half", "quarter", "seconds", "second", "minutes", "minute", "long",
        "short", "length", "duration", "song", "songs", "voice", "sound", "audio", "loud", "quiet", "volume", "speed", "fast",
        "slow", "faster", "slower", "bigger", "smaller", "larger", "color", "colour", "colors", "colours", "background", "font",
        "style", "format", "export", "download", "render", "video", "videos", "photo", "photos", "image", "images", "picture",
        "pictures", "clip", "clips", "title", "titles", "text", "caption", "captions", "subtitle", "subtitles", "music", "intro",
        "outro", "card", "cards", "slideshow", "reel", "reels", "story", "stories", "post", "feed", "shorts", "portrait",
        "landscape", "square", "vertical", "horizontal", "instagram", "tiktok", "youtube", "beginning", "ending", "start", "end",
        "middle", "part", "bit", "section", "piece", "footage", "scene", "scenes", "shot", "shots", "sale", "summer", "welcome",
        "today", "tomorrow", "party", "wedding", "birthday", "travel", "trip", "beach", "product", "products", "launch", "brand",
        "logo", "show", "shows", "showing", "play", "plays", "playing", "says", "saying", "say", "said", "that's", "it's", "don't",
        "keep", "remove", "delete", "cut", "trim", "add", "put", "place", "move", "swap", "switch", "reverse", "backwards", "order",
        "first", "last", "next", "previous", "top", "bottom", "left", "right", "center", "corner", "lower", "upper", "third",
        "underneath", "behind", "throughout", "fade", "fades", "fading", "transition", "transitions", "smooth", "smoother",
        "loop", "looping", "optimized", "optimised", "colors", "auto", "automatic", "palette", "quality", "size", "under",
        "mb", "kb", "percent", "times", "gif", "gifs", "mp4", "webm", "promo", "promotional", "animated", "animation",
        "motion", "effect", "effects", "zoom", "blur", "crop", "fill", "frame", "frames", "lots", "much", "many", "few",
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty",
        "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "dozen", "couple", "built", "built-in", "button",
        "screen", "slide", "slides", "picture", "song", "it's", "its", "there", "their", "your", "four", "hour", "hours",
        "please", "maybe", "actually", "instead", "make", "makes", "made", "making", "want", "wants", "need", "needs",
        "should", "would", "could", "will", "shall", "must", "have", "has", "had", "been", "being", "were", "was",
        "are", "and", "but", "not", "all", "any", "for", "how", "who", "why", "our", "out", "off", "own", "too", "via",
        "version", "versions", "again", "back", "same", "different", "nicer", "better", "worse", "quickly", "slowly",
        "sound", "sounds", "boring", "shaky", "blurry", "dark", "bright", "happy", "mom", "dad", "friends", "family",
        "coming", "soon", "thank", "watching", "meeting", "starts", "opening", "grand", "step", "steps", "before",
        "after", "then", "later", "earlier", "everything", "something", "nothing", "anything", "whole", "thing"};
    return words;
}

}  // namespace

const std::vector<std::string>& known_english_words() {
    static const std::vector<std::string> words = [] {
        std::set<std::string> all(entity_words().begin(), entity_words().end());
        all.insert(common_words().begin(), common_words().end());
        for (const Action& action : actions())
            for (const Words* list : {&action.triggers, &action.objects, &action.vetoes})
                for (const std::string& word : *list)
                    if (static_cast<unsigned char>(word[0]) < 0x80) all.insert(word);
        return std::vector<std::string>(all.begin(), all.end());
    }();
    return words;
}

namespace {

// A clause with no word of any action ("the first three seconds are boring", "5 to 7 s") belongs to
// its neighbour: to the one before it, or, at the start, to the one after.
bool names_a_request(const Clause& clause) {
    // Words that trigger a row only beside others: alone they do not make a clause a request.
    static const std::set<std::string> weak = {"to", "at", "set", "first", "then", "with", "%", "half", "full", "start", "end",
                                               "use", "play", "put", "give", "under", "order", "on screen", "开始", "结束", "有",
                                               "带", "字", "底", "down to", "long", "length", "make it"};
    if (clause.entities.aspect || !clause.entities.quotes.empty()) return true;
    if (!clause.entities.durations.empty() && (per_item(clause) || !clause.entities.ordinals.empty())) return true;  // item lengths
    return std::any_of(actions().begin(), actions().end(), [&](const Action& a) {
        return std::any_of(a.triggers.begin(), a.triggers.end(), [&](const std::string& t) { return !weak.count(t) && clause.has(t); });
    });
}

std::vector<Clause> merged_clauses(const Request& request) {
    std::vector<std::vector<const Clause*>> groups;
    std::vector<const Clause*> leading;
    for (const Clause& clause : request.clauses) {
        if (names_a_request(clause)) {
            leading.push_back(&clause);
            groups.push_back(std::move(leading));
            leading.clear();
        } else if (!groups.empty()) {
            groups.back().push_back(&clause);
        } else {
            leading.push_back(&clause);
        }
    }
    if (!leading.empty()) groups.push_back(leading);
    std::vector<Clause> out;
    for (const auto& group : groups) out.push_back(group.size() == 1 ? *group.front() : joined_clause(group, request));
    return out;
}

}  // namespace

std::vector<Intent> parse_instruction(const std::string& message) {
    Request request = read_request(message);
    std::vector<Intent> intents;
    for (const Clause& clause : merged_clauses(request)) read_clause(clause, request, intents);
    return tidy(std::move(intents));
}

}  // namespace cw::server
