// The rule-based planner: message → intents (intent_parser) → one edit function per intent
// (draft_edits) → a reply in the message's language. Pure and deterministic.
#include "agent.hpp"

#include <algorithm>

#include "draft_edits.hpp"
#include "intent.hpp"
#include "draft/edit.hpp"
#include "draft/text.hpp"

namespace cw::server {

using namespace cw::draft;
using nlohmann::json;

namespace {

const char* kHelpEn =
    "I can edit your video from plain instructions. For example:\n"
    "• “convert this clip into a looping GIF with auto-optimized colors”\n"
    "• “turn these images into a smooth animated video with transitions”\n"
    "• “turn these images into a 30-second promo video with background music”\n"
    "• “add title 'Urban Dreams' for the first 3 seconds”, “make the title bigger”, “move the title to the top”\n"
    "• “make it 9:16 with a blurred background”, “1:1”, “16:9”, “1080p”, “720p”\n"
    "• “trim to the first 10 seconds”, “speed up 2x”, “slow motion”\n"
    "• “music volume 35%”, “mute the original audio”, “remove the music”, “use my uploaded song”\n"
    "• “move clip 3 to the start”, “swap clip 1 and 2”, “remove the second photo”, “slide transitions”\n"
    "• “undo”, “redo”";

const char* kHelpZh =
    "我可以根据文字指令编辑视频，例如：\n"
    "•“把这个片段转成循环 GIF，自动优化颜色”\n"
    "•“把这些图片做成带转场的流畅视频”\n"
    "•“用这些图片做一个30秒的宣传片，加背景音乐”\n"
    "•“添加标题「城市之梦」前3秒”、“标题大一点”、“把标题移到顶部”\n"
    "•“改成竖屏9:16，模糊背景”、“1:1”、“16:9”、“1080p”、“720p”\n"
    "•“只保留前10秒”、“2倍速”、“慢动作”\n"
    "•“音乐音量35%”、“关闭原声”、“删除背景音乐”、“换成我上传的音乐”\n"
    "•“把第3段移到开头”、“交换第1和第2段”、“删除第2张”、“滑动转场”\n"
    "•“撤销”、“重做”";

std::string reply_language(const AgentInput& input) {
    if (is_chinese(input.message)) return "zh";
    for (char c : input.message)
        if (std::isalpha(static_cast<unsigned char>(c))) return "en";
    return input.language == "zh" ? "zh" : "en";
}

AgentResult unchanged(json draft, json canvas, const std::string& reply) {
    AgentResult result;
    result.draft = std::move(draft);
    result.canvas = std::move(canvas);
    result.reply = reply;
    return result;
}

AgentResult history_result(const AgentInput& input, json draft, json canvas, bool undo, bool zh) {
    AgentResult result = unchanged(std::move(draft), std::move(canvas), "");
    bool possible = undo ? input.can_undo : input.can_redo;
    if (!possible) {
        result.reply = undo ? (zh ? "没有可以撤销的操作。" : "There is nothing to undo yet.")
                            : (zh ? "没有可以重做的操作。" : "There is nothing to redo.");
        return result;
    }
    result.history = undo ? HistoryOp::undo : HistoryOp::redo;
    result.reply = undo ? (zh ? "已撤销上一步修改。" : "Undid the last change.") : (zh ? "已重做刚才撤销的修改。" : "Redid the change.");
    result.steps.push_back({undo ? "undo" : "redo", json::object(), {{"ok", true}}});
    return result;
}

// Quick edits ("upload → make it 9:16") act on the uploads when the timeline is still empty.
void start_from_uploads(std::vector<Intent>& intents, const json& draft, const std::vector<MediaInfo>& media) {
    bool builds = std::any_of(intents.begin(), intents.end(),
                              [](const Intent& i) { return i.name == "make_gif" || i.name == "build_from_media"; });
    bool visual = std::any_of(media.begin(), media.end(), [](const MediaInfo& m) { return m.type == "video" || m.type == "image"; });
    if (builds || !visual || track_end(draft, kVideoTrack) > 0) return;
    intents.insert(intents.begin(), Intent{"build_from_media", json::object()});
}

// With no picture or clip to show, words become title cards: a text-only video of the length asked.
void cards_without_media(std::vector<Intent>& intents, const json& draft, const std::vector<MediaInfo>& media) {
    bool visual = std::any_of(media.begin(), media.end(), [](const MediaInfo& m) { return m.type == "video" || m.type == "image"; });
    auto text = std::find_if(intents.begin(), intents.end(), [](const Intent& i) { return i.name == "add_text"; });
    if (visual || track_end(draft, kVideoTrack) > 0 || text == intents.end()) return;
    json cards = {{"texts", text->args.value("texts", json::array({text->args.value("text", "")}))}};
    if (text->args.contains("card_ms")) cards["total_ms"] = text->args["card_ms"];
    else if (text->args.contains("end_ms")) cards["total_ms"] = text->args["end_ms"].get<int64_t>() - text->args.value("start_ms", int64_t{0});
    if (text->args.contains("background")) cards["color"] = text->args["background"];
    if (text->args.contains("color")) cards["ink"] = text->args["color"];
    std::vector<Intent> kept = {{"make_text_cards", cards}};
    for (Intent& intent : intents)
        if (intent.name == "set_aspect" || intent.name == "set_resolution" || intent.name == "add_music" || intent.name == "set_fade")
            kept.push_back(std::move(intent));
    intents = std::move(kept);
}

class RulePlanner : public Planner {
public:
    AgentResult plan(const AgentInput& input) override {
        bool zh = reply_language(input) == "zh";
        json original_draft = normalized(input.draft);
        json original_canvas = input.canvas.is_object() ? input.canvas : json::object();
        std::vector<Intent> intents = parse_instruction(input.message);
        if (intents.empty()) return unchanged(input.draft, input.canvas, zh ? kHelpZh : kHelpEn);
        if (intents.front().name == "ask") {
            AgentResult asked = unchanged(input.draft, input.canvas, intents.front().args.value(zh ? "zh" : "en", ""));
            asked.question = true;
            return asked;
        }
        if (intents.front().name == "undo" || intents.front().name == "redo")
            return history_result(input, input.draft, input.canvas, intents.front().name == "undo", zh);

        cards_without_media(intents, original_draft, input.media);
        start_from_uploads(intents, original_draft, input.media);
        EditContext context{original_draft, original_canvas, input.media, input.message};
        AgentResult result;
        std::string reply;
        bool asked_for_media = false;
        for (const Intent& intent : intents) {
            EditOutcome outcome = apply_intent(context, intent);
            if (outcome.question) {
                AgentResult asked = unchanged(input.draft, input.canvas, zh ? outcome.zh : outcome.en);
                asked.question = true;
                return asked;
            }
            const std::string& sentence = zh ? outcome.zh : outcome.en;
            const bool repeats = outcome.needs_media && asked_for_media;
            asked_for_media = asked_for_media || outcome.needs_media;
            if (!repeats) reply += reply.empty() || zh ? sentence : " " + sentence;
            result.steps.push_back({intent.name, intent.args, {{"ok", outcome.changed}, {"summary", sentence}}});
        }
        result.changed = context.draft != original_draft || context.canvas != original_canvas;
        result.draft = result.changed ? context.draft : input.draft;
        result.canvas = result.changed ? context.canvas : input.canvas;
        if (result.changed) reply += zh ? "可以在时间线中预览，满意后点击导出。" : " Preview it in the timeline, then click Export.";
        result.reply = reply;
        return result;
    }
};

}  // namespace

std::unique_ptr<Planner> make_rule_planner() { return std::make_unique<RulePlanner>(); }

}  // namespace cw::server
