// The request corpus (tests/engine/corpus/requests.txt): each case's turns go through the planner
// and the server's history rules, then the facts are checked on the resulting draft. Prints a score
// per category; passes at 98% with no opposite edit (a cut that removed what was to be kept).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <numeric>
#include <optional>
#include <sstream>

#include "agent.hpp"
#include "builtin_music.hpp"
#include "draft/draft.hpp"
#include "draft/edit.hpp"

namespace cw::server {

using namespace cw::draft;
using nlohmann::json;

namespace {

std::vector<std::string> split(const std::string& text, const std::string& by) {
    std::vector<std::string> parts;
    std::size_t at = 0;
    for (std::size_t found = text.find(by); found != std::string::npos; found = text.find(by, at)) {
        parts.push_back(text.substr(at, found - at));
        at = found + by.size();
    }
    parts.push_back(text.substr(at));
    return parts;
}

std::string trim(const std::string& text) {
    std::size_t begin = text.find_first_not_of(" \t"), end = text.find_last_not_of(" \t\r");
    return begin == std::string::npos ? "" : text.substr(begin, end - begin + 1);
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

MediaInfo media(const std::string& id, const std::string& name, const std::string& type, int width, int height, int64_t ms) {
    MediaInfo info;
    info.id = id, info.name = name, info.type = type, info.path = "/nonexistent/" + name;
    info.width = width, info.height = height, info.duration_ms = ms, info.has_audio = type != "image";
    return info;
}

std::vector<MediaInfo> read_media(const std::string& spec) {
    std::vector<MediaInfo> list;
    if (trim(spec) == "-") return list;
    for (const std::string& raw : split(spec, ",")) {
        std::string token = trim(raw);
        if (token.rfind("photo*", 0) == 0) {
            int n = std::stoi(token.substr(6));
            for (int i = 1; i <= n; ++i) list.push_back(media("p" + std::to_string(i), "photo" + std::to_string(i) + ".jpg", "image", 1280, 720, 0));
            continue;
        }
        auto parts = split(token, ":");
        REQUIRE_MESSAGE(parts.size() == 3, "bad media " << token);
        int64_t ms = static_cast<int64_t>(std::stod(parts[2]) * 1000);
        std::string id = "m" + std::to_string(list.size() + 1);
        if (parts[0] == "clip") list.push_back(media(id, parts[1], "video", 1920, 1080, ms));
        else if (parts[0] == "portrait") list.push_back(media(id, parts[1], "video", 1080, 1920, ms));
        else list.push_back(media(id, parts[1], "audio", 0, 0, ms));
    }
    return list;
}

struct State {
    json draft = empty_draft();
    json canvas = {{"width", 1920}, {"height", 1080}, {"fps", 30}};
};

// The chat as the server runs it: a changed turn commits a new version, undo and redo move the head.
struct Session {
    std::vector<MediaInfo> media;
    std::vector<State> history{State{}};
    std::size_t head = 0;
    bool changed = false, asked = false;
    std::string reply;

    void turn(const std::string& message) {
        AgentInput input;
        input.draft = history[head].draft;
        input.canvas = history[head].canvas;
        input.media = media;
        input.message = message;
        input.language = "en";
        input.can_undo = head > 0;
        input.can_redo = head + 1 < history.size();
        AgentResult result = make_rule_planner()->plan(input);
        changed = false, asked = result.question, reply = result.reply;
        if (result.history == HistoryOp::undo && head > 0) --head, changed = true;
        else if (result.history == HistoryOp::redo && head + 1 < history.size()) ++head, changed = true;
        else if (result.changed) {
            history.resize(head + 1);
            history.push_back({normalized(result.draft), result.canvas});
            ++head, changed = true;
        }
    }
};

// What a fact's path reads: a number, a text, or nothing.
struct Value {
    std::optional<double> number;
    std::optional<std::string> text;
    bool missing() const { return !number && !text; }
};

Value num(double v) { return {v, std::nullopt}; }
Value str(const std::string& v) { return {std::nullopt, v}; }

std::vector<const json*> track_segments(const json& draft, int type) {
    std::vector<const json*> list;
    for (const json& track : tracks_of(draft))
        if (track_type(track) == type)
            for (const json& segment : segments_of(track))
                if (segment_duration(segment) > 0) list.push_back(&segment);
    std::stable_sort(list.begin(), list.end(), [](const json* a, const json* b) { return segment_start(*a) < segment_start(*b); });
    return list;
}

class Reader {
public:
    Reader(const Session& session, const State& state, bool changed, bool asked)
        : media_(session.media), state_(state), changed_(changed), asked_(asked) {}

    // Paths with [*] read as several values; everything else as one.
    std::vector<Value> read(const std::string& path) const {
        std::size_t star = path.find("[*]");
        if (star == std::string::npos) return {one(path)};
        std::vector<Value> all;
        std::string base = path.substr(0, star);
        std::size_t count = track_segments(state_.draft, base == "video" ? kVideoTrack : kTextTrack).size();
        for (std::size_t i = 1; i <= count; ++i) all.push_back(one(base + "[" + std::to_string(i) + "]" + path.substr(star + 3)));
        return all;
    }

private:
    std::string name_of(const std::string& id) const {
        if (id == kBuiltinMusic) return "builtin";
        for (const MediaInfo& m : media_)
            if (m.id == id) return m.name;
        return id;
    }
    std::string kind_of(const json& segment) const {
        if (is_card(segment)) return "color";
        for (const MediaInfo& m : media_)
            if (m.id == json_string(meta_of(segment), "src")) return m.type;
        return json_string(meta_of(segment), "kind");
    }

    Value segment_field(const json& s, const std::string& field, bool text) const {
        const json& m = meta_of(s);
        if (field == "ms") return num(static_cast<double>(segment_duration(s)));
        if (field == "start") return num(static_cast<double>(segment_start(s)));
        if (field == "src") return str(name_of(json_string(m, "src")));
        if (field == "in") return num(static_cast<double>(json_ms(m, "in", 0)));
        if (field == "speed") return num(json_number(m, "speed", 1.0));
        if (field == "kind") return str(kind_of(s));
        if (field == "text") return str(json_string(m, "text"));
        if (field == "position") return str(json_string(m, "position", text ? "center" : ""));
        if (field == "color") return str(json_string(m, "color", "white"));
        if (field == "size") return num(json_number(m, "size", 0));
        return {};
    }

    // "video[2].ms", "text[-1].position"
    Value indexed(const std::string& path, int type) const {
        auto list = track_segments(state_.draft, type);
        std::size_t open = path.find('['), close = path.find(']');
        int index = std::stoi(path.substr(open + 1, close - open - 1));
        int resolved = index < 0 ? static_cast<int>(list.size()) + index : index - 1;
        if (resolved < 0 || resolved >= static_cast<int>(list.size())) return {};
        return segment_field(*list[static_cast<std::size_t>(resolved)], path.substr(close + 2), type == kTextTrack);
    }

    Value music(const std::string& field) const {
        auto list = track_segments(state_.draft, kAudioTrack);
        if (field == "count") return num(static_cast<double>(list.size()));
        if (list.empty()) return {};
        const json& m = meta_of(*list.front());
        if (field == "src") return str(name_of(json_string(m, "src")));
        if (field == "volume") return num(json_bool(m, "muted") ? 0.0 : json_number(m, "volume", 1.0));
        if (field == "fade_in" || field == "fade_out") return num(static_cast<double>(json_ms(m, field.c_str(), 0)));
        return {};
    }

    Value one(const std::string& path) const {
        const json& draft = state_.draft;
        const json& settings = meta_of(draft);
        auto video = track_segments(draft, kVideoTrack);
        if (path == "video.ms") return num(static_cast<double>(track_end(draft, kVideoTrack)));
        if (path == "video.count") return num(static_cast<double>(video.size()));
        if (path == "video.order") {
            std::string order;
            for (const json* s : video) order += (order.empty() ? "" : ",") + name_of(json_string(meta_of(*s), "src"));
            return str(order);
        }
        if (path.rfind("video[", 0) == 0) return indexed(path, kVideoTrack);
        if (path == "transitions")
            return num(static_cast<double>(std::count_if(video.begin(), video.end(), [](const json* s) { return transition_ms(*s) > 0; })));
        if (path == "transition.type") {
            for (const json* s : video)
                if (transition_ms(*s) > 0) return str(json_string(meta_of(*s)["transition"], "type", "crossfade"));
            return {};
        }
        if (path == "text.count") return num(static_cast<double>(track_segments(draft, kTextTrack).size()));
        if (path.rfind("text[", 0) == 0) return indexed(path, kTextTrack);
        if (path.rfind("music.", 0) == 0) return music(path.substr(6));
        if (path == "fade_in" || path == "fade_out") {
            double own = static_cast<double>(json_ms(settings, path.c_str(), 0));
            Value of_music = music(path);
            return num(std::max(own, of_music.number.value_or(0)));
        }
        Canvas canvas = read_canvas(state_.canvas);
        if (path == "canvas.w") return num(canvas.width);
        if (path == "canvas.h") return num(canvas.height);
        if (path == "canvas.aspect") return str(aspect_name(canvas));
        if (path == "fit") return str(json_string(settings, "fit"));
        if (path.rfind("export.", 0) == 0) {
            const json* preferences = field(settings, "export");
            if (!preferences) return {};
            std::string key = path.substr(7);
            if (key == "format") return str(json_string(*preferences, "format"));
            return num(json_number(*preferences, key.c_str(), 0));
        }
        if (path == "changed") return str(changed_ ? "true" : "false");
        if (path == "asked") return str(asked_ ? "true" : "false");
        return {};
    }

    const std::vector<MediaInfo>& media_;
    const State& state_;
    bool changed_, asked_;
};

// The first clip's source ranges that reach the output: [in, in + d × speed) of each of its segments.
std::vector<std::pair<double, double>> source_spans(const Session& s, const State& state) {
    std::vector<std::pair<double, double>> spans;
    auto clip = std::find_if(s.media.begin(), s.media.end(), [](const MediaInfo& m) { return m.type == "video"; });
    if (clip == s.media.end()) return spans;
    for (const json* segment : track_segments(state.draft, kVideoTrack)) {
        const json& m = meta_of(*segment);
        if (json_string(m, "src") != clip->id) continue;
        double in = static_cast<double>(json_ms(m, "in", 0));
        spans.push_back({in, in + static_cast<double>(segment_duration(*segment)) * json_number(m, "speed", 1.0)});
    }
    return spans;
}

double overlap(const std::vector<std::pair<double, double>>& spans, double from, double to) {
    double total = 0;
    for (auto [a, b] : spans) total += std::max(0.0, std::min(b, to) - std::max(a, from));
    return total;
}

struct Verdict {
    bool pass = true;
    bool opposite = false;
    std::string why;
};

bool compare(const Value& value, const Value& prev, const std::string& op, const std::string& expected) {
    if (value.missing()) return false;
    if (op == "<prev" || op == ">prev") {
        if (!value.number || !prev.number) return false;
        return op == "<prev" ? *value.number < *prev.number - 1e-9 : *value.number > *prev.number + 1e-9;
    }
    if (op == "in") {
        for (const std::string& option : split(expected, "|"))
            if (compare(value, prev, "=", trim(option))) return true;
        return false;
    }
    if (value.number) {
        double got = *value.number;
        if (op == "~") {
            auto parts = split(expected, "\xC2\xB1");
            double target = std::stod(parts[0]), tolerance = parts.size() > 1 ? std::stod(parts[1]) : 0;
            return std::abs(got - target) <= tolerance + 1e-9;
        }
        char* end = nullptr;
        double target = std::strtod(expected.c_str(), &end);
        if (end == expected.c_str()) return false;
        if (op == "=") return std::abs(got - target) < 1e-6;
        if (op == "!=") return std::abs(got - target) >= 1e-6;
        if (op == "<") return got < target;
        if (op == ">") return got > target;
        return false;
    }
    if (op == "=") return lower(*value.text) == lower(expected);
    if (op == "!=") return lower(*value.text) != lower(expected);
    return false;
}

Verdict check_case(const Session& session, const State& prev, const std::string& facts) {
    Verdict verdict;
    const State& now = session.history[session.head];
    Reader reader(session, now, session.changed, session.asked), before(session, prev, false, false);
    for (const std::string& raw : split(facts, ";")) {
        std::string fact = trim(raw);
        if (fact.empty()) continue;
        bool ok = false;
        if (fact.rfind("drops=", 0) == 0 || fact.rfind("keeps=", 0) == 0) {
            auto bounds = split(fact.substr(6), "-");
            double from = std::stod(bounds[0]), to = std::stod(bounds[1]);
            double covered = overlap(source_spans(session, now), from, to);
            bool drops = fact[0] == 'd';
            ok = drops ? covered <= 150 : covered >= 0.9 * (to - from);
            if (!ok && drops) verdict.opposite = true;
        } else {
            static const std::vector<std::string> ops = {" in ", "<prev", ">prev", "~", "!=", "<", ">", "="};
            std::string op, path, expected;
            for (const std::string& candidate : ops) {
                std::size_t at = fact.find(candidate);
                if (at == std::string::npos) continue;
                op = trim(candidate), path = trim(fact.substr(0, at)), expected = trim(fact.substr(at + candidate.size()));
                break;
            }
            // The value may be another path ("video[1].ms>video[2].ms").
            if (!expected.empty() && std::isalpha(static_cast<unsigned char>(expected[0])) && expected.find('[') != std::string::npos) {
                Value other = reader.read(expected).front();
                if (other.number) expected = std::to_string(*other.number);
            }
            std::vector<Value> values = reader.read(path);
            std::vector<Value> previous_values = before.read(path);
            Value previous = previous_values.empty() ? Value{} : previous_values.front();
            ok = !values.empty() && std::all_of(values.begin(), values.end(), [&](const Value& v) { return compare(v, previous, op, expected); });
        }
        if (!ok) verdict.pass = false, verdict.why += (verdict.why.empty() ? "" : "; ") + fact;
    }
    return verdict;
}

struct Score {
    int passed = 0, total = 0;
};

}  // namespace

TEST_SUITE("corpus") {
    TEST_CASE("requests as creators write them: at least 98% right, no opposite edit") {
        std::ifstream file(CW_CORPUS_FILE);
        REQUIRE(file.good());
        std::map<std::string, Score> scores;
        Score all;
        int opposites = 0;
        std::string failures, line;
        while (std::getline(file, line)) {
            if (trim(line).empty() || trim(line)[0] == '#') continue;
            auto fields = split(line, " | ");
            REQUIRE_MESSAGE(fields.size() >= 4, "bad line: " << line);
            std::string facts = fields.back();
            for (std::size_t i = 3; i + 1 < fields.size(); ++i) fields[2] += " | " + fields[i];
            Session session;
            session.media = read_media(fields[1]);
            auto turns = split(fields[2], " >> ");
            State prev;
            for (const std::string& turn : turns) {
                prev = session.history[session.head];
                session.turn(trim(turn));
            }
            Verdict verdict = check_case(session, prev, facts);
            Score& score = scores[trim(fields[0])];
            ++score.total, ++all.total;
            if (verdict.pass) ++score.passed, ++all.passed;
            if (verdict.opposite) ++opposites;
            if (!verdict.pass)
                failures += (verdict.opposite ? "  OPPOSITE " : "  ") + trim(fields[0]) + " | " + trim(fields[2]) + "\n      failed: " +
                            verdict.why + "\n      reply: " + session.reply + "\n";
        }
        std::printf("request corpus: %d/%d (%.1f%%), %d opposite edits\n", all.passed, all.total, 100.0 * all.passed / std::max(1, all.total), opposites);
        for (const auto& [category, score] : scores)
            std::printf("  %-11s %3d/%-3d %5.1f%%\n", category.c_str(), score.passed, score.total, 100.0 * score.passed / score.total);
        if (!failures.empty()) std::printf("failed cases:\n%s", failures.c_str());
        CHECK(opposites == 0);
        CHECK(all.passed * 100 >= all.total * 98);
    }
}

}  // namespace cw::server
