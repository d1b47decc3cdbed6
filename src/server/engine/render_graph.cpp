// The draft → ffmpeg translation. Index:
//   [SECTION] Output spec      options + export preferences + canvas → size, fps, palette
//   [SECTION] Video pieces     the main video track as frame-exact pieces, gaps and transitions
//   [SECTION] Graph builder    one filtergraph: pieces → xfade/concat chain → text → encoder format
//   [SECTION] Audio            clip audio, audio tracks and the built-in music, mixed to the duration
#include "render_graph.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "builtin_music.hpp"
#include "text_overlay.hpp"
#include "draft/edit.hpp"

namespace cw::server {

using namespace cw::draft;
using nlohmann::json;

namespace {

constexpr int kDefaultWidth = 1920;
constexpr int kDefaultHeight = 1080;
constexpr int kDefaultFps = 30;
constexpr int kGifDefaultWidth = 480;
constexpr int kGifDefaultFps = 12;
constexpr int64_t kMaxDurationMs = 60LL * 60 * 1000;
constexpr int kAudioRate = 48000;

std::string seconds(double s) {
    char text[32];
    std::snprintf(text, sizeof text, "%.3f", s);
    return text;
}

int even(double value) { return std::max(2, static_cast<int>(std::lround(value / 2.0)) * 2); }

// [SECTION] Output spec

// Keeps the area within 1920×1080 (portrait 1080×1920 included) as H.264 players expect.
void fit_video_size(int& width, int& height) {
    double area = static_cast<double>(width) * height, limit = 1920.0 * 1080.0;
    double scale = area > limit ? std::sqrt(limit / area) : 1.0;
    scale = std::min({scale, 1920.0 / width, 1920.0 / height});
    width = even(width * scale);
    height = even(height * scale);
}

}  // namespace

OutputSpec resolve_output_spec(const RenderJob& job) {
    const ExportOptions& options = job.options;
    OutputSpec spec;
    spec.format = options.format;
    spec.quality = options.quality;
    spec.preview = job.preview;
    const json& meta = meta_of(job.draft);
    json preferences = meta.is_object() && meta.contains("export") && meta["export"].is_object() &&
                               json_string(meta["export"], "format") == options.format
                           ? meta["export"]
                           : json::object();
    int canvas_width = static_cast<int>(json_ms(job.canvas, "width", kDefaultWidth));
    int canvas_height = static_cast<int>(json_ms(job.canvas, "height", kDefaultHeight));
    if (canvas_width < 16 || canvas_height < 16) canvas_width = kDefaultWidth, canvas_height = kDefaultHeight;
    double aspect = static_cast<double>(canvas_width) / canvas_height;
    bool gif = spec.format == "gif";

    int width = options.width ? options.width : static_cast<int>(json_ms(preferences, "width", 0));
    int height = options.height;
    if (gif && !width && !height) width = std::min(kGifDefaultWidth, canvas_width);
    if (!width && !height) width = canvas_width, height = canvas_height;
    if (!height) height = even(width / aspect);
    if (!width) width = even(height * aspect);
    width = even(width);
    height = even(height);
    if (!gif) fit_video_size(width, height);
    spec.width = width;
    spec.height = height;

    int canvas_fps = static_cast<int>(json_ms(job.canvas, "fps", kDefaultFps));
    if (canvas_fps < 1 || canvas_fps > 60) canvas_fps = kDefaultFps;
    spec.fps = options.fps ? options.fps
                           : static_cast<int>(json_ms(preferences, "fps", gif ? kGifDefaultFps : canvas_fps));
    // A GIF's delays are whole centiseconds, and browsers slow anything under 2 cs to 10 cs.
    spec.fps = std::clamp(spec.fps, 1, gif ? 50 : 60);
    spec.colors = options.colors ? options.colors : static_cast<int>(json_ms(preferences, "colors", 256));
    spec.colors = std::clamp(spec.colors, 2, 256);
    spec.dither = !options.dither.empty() ? options.dither : json_string(preferences, "dither", "none");
    return spec;
}

namespace {

// [SECTION] Video pieces

struct Piece {
    const json* segment = nullptr;  // nullptr: black gap
    int64_t start_frame = 0;
    int64_t frames = 0;
    int64_t transition_frames = 0;  // overlap with the previous piece
    std::string transition;         // xfade name
};

std::string xfade_name(const std::string& type) {
    if (type == "fade") return "fadeblack";
    if (type == "slide") return "slideleft";
    return "fade";
}

// Colours reach ffmpeg's filter syntax: a name of letters, or #rrggbb, nothing else.
std::string safe_colour(const std::string& colour) {
    bool name = !colour.empty() && colour.size() < 24 && std::all_of(colour.begin(), colour.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
    bool hex = colour.size() == 7 && colour[0] == '#' &&
               std::all_of(colour.begin() + 1, colour.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
    if (name) return colour;
    return hex ? "0x" + colour.substr(1) : "black";
}

std::vector<const json*> sorted_segments(const json& track) {
    std::vector<const json*> segments;
    for (const auto& segment : segments_of(track))
        if (segment.is_object() && segment_duration(segment) > 0) segments.push_back(&segment);
    std::stable_sort(segments.begin(), segments.end(),
                     [](const json* a, const json* b) { return segment_start(*a) < segment_start(*b); });
    return segments;
}

std::vector<Piece> plan_pieces(const json& track, int fps) {
    auto to_frames = [fps](int64_t ms) { return (ms * fps + 500) / 1000; };
    std::vector<Piece> pieces;
    int64_t cursor = 0;
    for (const json* segment : sorted_segments(track)) {
        Piece piece;
        piece.segment = segment;
        piece.frames = std::max<int64_t>(1, to_frames(segment_duration(*segment)));
        int64_t start = to_frames(segment_start(*segment));
        bool has_video_before = !pieces.empty() && pieces.back().segment;
        if (start < cursor && has_video_before) {
            int64_t overlap = cursor - start;
            int64_t wanted = to_frames(transition_ms(*segment));
            if (wanted > 0) {
                piece.transition_frames =
                    std::min({overlap, wanted, pieces.back().frames - 1, piece.frames - 1});
                piece.transition = xfade_name(json_string(meta_of(*segment).at("transition"), "type", "crossfade"));
            }
            if (piece.transition_frames <= 0) {
                // An overlap without a transition is a cut: the earlier piece ends where this one starts.
                int64_t cut = std::min(overlap, pieces.back().frames - 1);
                pieces.back().frames -= cut;
                cursor -= cut;
                piece.transition_frames = 0;
            }
        } else if (start > cursor) {
            pieces.push_back({nullptr, cursor, start - cursor, 0, {}});
            cursor = start;
        }
        piece.start_frame = cursor - piece.transition_frames;
        cursor = piece.start_frame + piece.frames;
        pieces.push_back(piece);
    }
    return pieces;
}

// [SECTION] Graph builder

class GraphBuilder {
public:
    GraphBuilder(const RenderJob& job, const OutputSpec& spec) : job_(job), spec_(spec) {}

    FfmpegPlan build(const std::string& output_path) {
        json draft = normalized(job_.draft);
        int64_t duration_ms = timeline_end(draft);
        if (duration_ms <= 0) throw std::invalid_argument("The timeline is empty: add a clip, an image or some text first.");
        if (duration_ms > kMaxDurationMs) throw std::invalid_argument("The timeline is longer than one hour.");
        total_frames_ = std::max<int64_t>(1, (duration_ms * spec_.fps + 500) / 1000);
        duration_s_ = static_cast<double>(duration_ms) / 1000.0;

        std::string video = build_video(draft);
        video = add_texts(draft, video);
        video = fade_video(draft, video);
        std::string video_out = finish_video(video);
        std::string audio_out = spec_.format == "gif" ? std::string() : build_audio(draft);

        FfmpegPlan plan;
        plan.duration_ms = duration_ms;
        std::string graph;
        for (const auto& statement : statements_) graph += (graph.empty() ? "" : ";") + statement;
        // The graph goes in a file: on the command line it grew with the segments past the kernel's
        // 128 KB limit for one argument.
        files_.emplace_back("graph.txt", graph);
        plan.files = files_;
        plan.argv = {"ffmpeg", "-hide_banner", "-nostdin", "-nostats", "-loglevel", "error", "-y",
                     "-progress", "pipe:3"};
        for (const auto& input : inputs_) plan.argv.insert(plan.argv.end(), input.begin(), input.end());
        plan.argv.insert(plan.argv.end(), {"-filter_complex_script", "graph.txt", "-map", "[" + video_out + "]"});
        if (!audio_out.empty()) plan.argv.insert(plan.argv.end(), {"-map", "[" + audio_out + "]"});
        append_encoder_options(plan.argv);
        plan.argv.insert(plan.argv.end(), {"-t", seconds(duration_s_), output_path});
        return plan;
    }

private:
    std::string new_label(const char* prefix) { return prefix + std::to_string(label_count_++); }

    // Adds "[in]filters[out]" and returns out.
    std::string chain(const std::string& in, const std::string& filters, const char* prefix = "v") {
        std::string out = new_label(prefix);
        statements_.push_back((in.empty() ? "" : "[" + in + "]") + filters + "[" + out + "]");
        return out;
    }

    int add_input(std::vector<std::string> args) {
        inputs_.push_back(std::move(args));
        return static_cast<int>(inputs_.size()) - 1;
    }

    const MediaInfo& media_for(const json& meta) {
        std::string src = json_string(meta, "src");
        auto it = job_.media.find(src);
        if (it == job_.media.end() || it->second.path.empty())
            throw std::invalid_argument("The timeline uses a file that is not in this project (" + src + ").");
        return it->second;
    }

    std::string size() const { return std::to_string(spec_.width) + "x" + std::to_string(spec_.height); }
    std::string scale_flags() const { return spec_.format == "gif" ? ":flags=lanczos" : ""; }
    // Video works in yuv420p like the encoder, already in the output's colour matrix: BT.709 for HD,
    // BT.601 for SD, limited range. Each source is converted from what it says it is (a JPEG's
    // full-range BT.601, a phone clip's BT.709), so what a player shows matches the source. A GIF
    // lets the scaler hand RGB straight to the palette filters, which keeps chroma detail
    // (measurably higher SSIM at the same size).
    std::string working_format() const {
        if (spec_.format == "gif") return "";
        return std::string("scale=out_color_matrix=") + (spec_.hd() ? "bt709" : "bt601") + ":out_range=tv,format=yuv420p,";
    }

    // Fits any source into the output frame the way the draft asks (crop, pad or blurred fill).
    std::string fit(const std::string& in, const MediaInfo& media, const std::string& mode) {
        std::string w = std::to_string(spec_.width), h = std::to_string(spec_.height);
        bool same_aspect = media.width > 0 && media.height > 0 &&
                           std::abs(static_cast<double>(media.width) / media.height -
                                    static_cast<double>(spec_.width) / spec_.height) < 0.01;
        if (same_aspect) return chain(in, "scale=" + w + ":" + h + scale_flags());
        if (mode == "crop")
            return chain(in, "scale=" + w + ":" + h + ":force_original_aspect_ratio=increase" + scale_flags() +
                                 ",crop=" + w + ":" + h);
        std::string inner = "scale=" + w + ":" + h + ":force_original_aspect_ratio=decrease:force_divisible_by=2" +
                            scale_flags();
        if (mode != "blur") return chain(in, inner + ",pad=" + w + ":" + h + ":(ow-iw)/2:(oh-ih)/2:black");
        // The blurred backdrop is made at 1/8 size: blurring full frames would cost more than the render.
        std::string small_w = std::to_string(even(spec_.width / 8.0)), small_h = std::to_string(even(spec_.height / 8.0));
        std::string background = new_label("bg"), foreground = new_label("fg");
        statements_.push_back("[" + in + "]split=2[" + background + "][" + foreground + "]");
        std::string blurred = chain(background, "scale=" + small_w + ":" + small_h +
                                                    ":force_original_aspect_ratio=increase,crop=" + small_w + ":" +
                                                    small_h + ",boxblur=4:2,scale=" + w + ":" + h);
        std::string sharp = chain(foreground, inner);
        std::string out = new_label("v");
        statements_.push_back("[" + blurred + "][" + sharp + "]overlay=(W-w)/2:(H-h)/2[" + out + "]");
        return out;
    }

    std::string fit_mode(const json& draft) const {
        std::string mode = json_string(meta_of(draft), "fit", "pad");
        return mode == "crop" || mode == "blur" ? mode : "pad";
    }

    std::string build_video(const json& draft) {
        std::vector<Piece> pieces;
        for (const auto& track : tracks_of(draft))
            if (track_type(track) == kVideoTrack && !sorted_segments(track).empty()) {
                pieces = plan_pieces(track, spec_.fps);
                break;
            }
        if (pieces.empty()) return gap_clip(total_frames_);

        std::string mode = fit_mode(draft);
        std::string result;
        int64_t result_frames = 0;
        int image_index = 0;
        for (const Piece& piece : pieces) {
            std::string clip = piece.segment ? segment_clip(*piece.segment, piece, mode, image_index) : gap_clip(piece.frames);
            if (piece.segment) audio_from_segment(*piece.segment, piece);
            if (result.empty()) {
                result = clip;
            } else if (piece.transition_frames > 0) {
                std::string out = new_label("v");
                statements_.push_back("[" + result + "][" + clip + "]xfade=transition=" + piece.transition +
                                      ":duration=" + seconds(double(piece.transition_frames) / spec_.fps) +
                                      ":offset=" + seconds(double(result_frames - piece.transition_frames) / spec_.fps) +
                                      "[" + out + "]");
                result = out;
            } else {
                std::string out = new_label("v");
                statements_.push_back("[" + result + "][" + clip + "]concat=n=2:v=1:a=0[" + out + "]");
                result = out;
            }
            result_frames = piece.start_frame + piece.frames;
        }
        if (result_frames < total_frames_)
            result = chain(result, "tpad=stop_mode=add:color=black:stop=" + std::to_string(total_frames_ - result_frames));
        return result;
    }

    std::string gap_clip(int64_t frames) {
        return chain("", "color=c=black:s=" + size() + ":r=" + std::to_string(spec_.fps) +
                             "," + working_format() + "trim=end_frame=" + std::to_string(frames) + ",setsar=1");
    }

    // One rule for transparency in every output: a picture's transparent parts show the canvas's
    // black, as they would over a black video; no colour hidden under them shows through, no holes.
    std::string opaque(const std::string& input, const MediaInfo& media) {
        static const std::vector<std::string> with_alpha = {".png", ".webp", ".gif"};
        bool may_have_alpha = std::any_of(with_alpha.begin(), with_alpha.end(), [&](const std::string& e) {
            return media.path.size() > e.size() && media.path.compare(media.path.size() - e.size(), e.size(), e) == 0;
        });
        return may_have_alpha ? chain(input, "format=rgba,premultiply=inplace=1,format=rgb24") : input;
    }

    // A card made with no media: a plain colour, or a slow diagonal gradient.
    std::string card_clip(const json& meta, int64_t frames) {
        std::string colour = safe_colour(json_string(meta, "color", "black"));
        std::string source = json_string(meta, "look") == "gradient"
                                 ? "gradients=s=" + size() + ":c0=" + colour + ":c1=black:r=" + std::to_string(spec_.fps) + ":speed=0.01"
                                 : "color=c=" + colour + ":s=" + size() + ":r=" + std::to_string(spec_.fps);
        return chain("", source + "," + working_format() + "trim=end_frame=" + std::to_string(frames) + ",setsar=1");
    }

    std::string segment_clip(const json& segment, const Piece& piece, const std::string& mode, int& image_index) {
        const json& meta = meta_of(segment);
        if (is_card(segment)) return card_clip(meta, piece.frames);
        const MediaInfo& media = media_for(meta);
        std::string kind = json_string(meta, "kind", media.type);
        if (media.type == "audio") throw std::invalid_argument("An audio file (" + media.name + ") is on the video track.");
        std::string frames = std::to_string(piece.frames), fps = std::to_string(spec_.fps);
        if (media.type == "image" || (media.type.empty() && kind == "image")) {
            int input = add_input({"-i", media.path});
            std::string fitted = fit(opaque(std::to_string(input) + ":v", media), media, mode);
            bool kenburns = json_string(meta, "effect") == "kenburns";
            if (kenburns) return chain(fitted, working_format() + kenburns_filter(piece.frames, image_index++) + ",setsar=1");
            ++image_index;
            return chain(fitted, working_format() + "loop=loop=" + std::to_string(piece.frames - 1) +
                                     ":size=1:start=0,settb=1/" + fps + ",setpts=N,fps=" + fps + ",setsar=1");
        }
        double speed = std::clamp(json_number(meta, "speed", 1.0), 0.1, 10.0);
        double in_s = std::max<int64_t>(0, json_ms(meta, "in", 0)) / 1000.0;
        // An in-point at or past the end would leave ffmpeg seeking for a frame that never comes.
        if (media.duration_ms > 0) in_s = std::min(in_s, std::max(0.0, media.duration_ms / 1000.0 - 0.1));
        double source_s = double(piece.frames) / spec_.fps * speed + 0.5;
        // An animated GIF plays its loop for as long as its segment lasts.
        bool gif = media.path.size() > 4 && media.path.compare(media.path.size() - 4, 4, ".gif") == 0;
        int input = gif ? add_input({"-ignore_loop", "0", "-ss", seconds(in_s), "-t", seconds(source_s), "-i", media.path})
                        : add_input({"-ss", seconds(in_s), "-t", seconds(source_s), "-i", media.path});
        // The frame-rate filter stops at the segment's own frame count: a clip whose last frame claims to
        // last hours (timestamps that jump) would otherwise have it make millions of copies.
        std::string timed = chain(std::to_string(input) + ":v", "setpts=(PTS-STARTPTS)/" + seconds(speed) + ",fps=" + fps +
                                                                 ",trim=end_frame=" + frames);
        std::string fitted = fit(timed, media, mode);
        last_input_ = input;
        return chain(fitted, working_format() + "tpad=stop_mode=clone:stop=" + frames + ",trim=end_frame=" + frames +
                                 ",setsar=1");
    }

    // Slow zoom in, or out, for every other image, centred; the input is already frame-sized.
    std::string kenburns_filter(int64_t frames, int image_index) const {
        std::string n = std::to_string(std::max<int64_t>(1, frames - 1));
        std::string zoom = image_index % 2 == 0 ? "1+0.15*on/" + n : "1.15-0.15*on/" + n;
        return "zoompan=z='" + zoom + "':x='(iw-iw/zoom)/2':y='(ih-ih/zoom)/2':d=" + std::to_string(frames) +
               ":s=" + size() + ":fps=" + std::to_string(spec_.fps);
    }

    std::string add_texts(const json& draft, const std::string& video) {
        std::string script = text_overlay_script(draft, spec_.width, spec_.height);
        if (script.empty()) return video;
        files_.emplace_back("texts.ass", script);
        return chain(video, "ass=filename=texts.ass");
    }

    // The draft's own fades: from black at the start, to black at the end.
    std::string fade_video(const json& draft, const std::string& video) {
        const json& meta = meta_of(draft);
        double fade_in = std::min(duration_s_ / 2, json_ms(meta, "fade_in", 0) / 1000.0);
        double fade_out = std::min(duration_s_ / 2, json_ms(meta, "fade_out", 0) / 1000.0);
        std::string filters;
        if (fade_in > 0) filters += "fade=t=in:st=0:d=" + seconds(fade_in);
        if (fade_out > 0) filters += std::string(filters.empty() ? "" : ",") + "fade=t=out:st=" + seconds(duration_s_ - fade_out) + ":d=" + seconds(fade_out);
        return filters.empty() ? video : chain(video, filters);
    }

    // A GIF leaves ffmpeg as raw RGBA frames: its palettes are made per frame by the GIF encoder.
    std::string finish_video(const std::string& video) {
        return chain(video, spec_.format == "gif" ? "format=rgba" : "format=yuv420p");
    }

    // [SECTION] Audio

    std::string audio_format() const {
        return "aformat=sample_fmts=fltp:sample_rates=" + std::to_string(kAudioRate) + ":channel_layouts=stereo";
    }

    static std::string atempo_chain(double speed) {
        std::string filters;
        while (speed < 0.5) {
            filters += "atempo=0.5,";
            speed /= 0.5;
        }
        return filters + "atempo=" + seconds(speed) + ",";
    }

    // The clip's own sound follows its picture: same speed, same place, fading with its transitions.
    void audio_from_segment(const json& segment, const Piece& piece) {
        const json& meta = meta_of(segment);
        if (is_card(segment)) return;
        const MediaInfo& media = media_for(meta);
        if (spec_.format == "gif" || media.type != "video" || !media.has_audio || json_bool(meta, "muted")) return;
        double speed = std::clamp(json_number(meta, "speed", 1.0), 0.1, 10.0);
        double duration = double(piece.frames) / spec_.fps, start = double(piece.start_frame) / spec_.fps;
        std::string filters = "asetpts=PTS-STARTPTS," + (speed != 1.0 ? atempo_chain(speed) : std::string()) +
                              audio_format() + ",apad,atrim=end=" + seconds(duration);
        if (piece.transition_frames > 0)
            filters += ",afade=t=in:d=" + seconds(double(piece.transition_frames) / spec_.fps);
        filters += volume_and_delay(meta, start);
        audio_labels_.push_back(chain(std::to_string(last_input_) + ":a", filters, "a"));
    }

    std::string volume_and_delay(const json& meta, double start_s) const {
        std::string filters;
        double volume = std::clamp(json_number(meta, "volume", 1.0), 0.0, 2.0);
        if (volume != 1.0) filters += ",volume=" + seconds(volume);
        int64_t delay_ms = std::llround(start_s * 1000);
        if (delay_ms > 0) filters += ",adelay=" + std::to_string(delay_ms) + ":all=1";
        return filters;
    }

    void add_audio_segment(const json& segment) {
        const json& meta = meta_of(segment);
        if (json_bool(meta, "muted")) return;
        double duration = segment_duration(segment) / 1000.0, start = segment_start(segment) / 1000.0;
        std::string src = json_string(meta, "src"), source;
        if (src == kBuiltinMusic) {
            source = chain("", builtin_music_source(duration), "a");
        } else {
            const MediaInfo& media = media_for(meta);
            if (media.type == "image" || (media.type == "video" && !media.has_audio)) return;
            double in_s = std::max<int64_t>(0, json_ms(meta, "in", 0)) / 1000.0;
            int input = add_input({"-stream_loop", "-1", "-ss", seconds(in_s), "-t", seconds(duration), "-i", media.path});
            source = chain(std::to_string(input) + ":a", "asetpts=PTS-STARTPTS," + audio_format(), "a");
        }
        std::string filters = "apad,atrim=end=" + seconds(duration);
        double fade_in = std::min(duration / 2, std::max<int64_t>(0, json_ms(meta, "fade_in", 0)) / 1000.0);
        double fade_out = std::min(duration / 2, std::max<int64_t>(0, json_ms(meta, "fade_out", 0)) / 1000.0);
        if (fade_in > 0) filters += ",afade=t=in:d=" + seconds(fade_in);
        if (fade_out > 0) filters += ",afade=t=out:st=" + seconds(duration - fade_out) + ":d=" + seconds(fade_out);
        audio_labels_.push_back(chain(source, filters + volume_and_delay(meta, start), "a"));
    }

    std::string build_audio(const json& draft) {
        for (const auto& track : tracks_of(draft)) {
            if (track_type(track) != kAudioTrack) continue;
            for (const json* segment : sorted_segments(track)) add_audio_segment(*segment);
        }
        std::string end = "atrim=end=" + seconds(duration_s_);
        if (audio_labels_.empty())
            return chain("", "anullsrc=r=" + std::to_string(kAudioRate) + ":cl=stereo," + end, "a");
        if (audio_labels_.size() == 1) return chain(audio_labels_[0], "apad," + end, "a");
        std::string inputs;
        for (const auto& label : audio_labels_) inputs += "[" + label + "]";
        std::string out = new_label("a");
        statements_.push_back(inputs + "amix=inputs=" + std::to_string(audio_labels_.size()) +
                              ":duration=longest:normalize=0,apad," + end + "[" + out + "]");
        return out;
    }

    // Players take an untagged HD stream for BT.709 and guess for the rest; the tags leave no doubt.
    std::vector<std::string> colour_tags() const {
        const char* standard = spec_.hd() ? "bt709" : "smpte170m";
        return {"-colorspace", standard, "-color_primaries", standard, "-color_trc", standard, "-color_range", "tv"};
    }

    void append_encoder_options(std::vector<std::string>& argv) const {
        std::string fps = std::to_string(spec_.fps);
        if (spec_.format != "gif") {
            const auto tags = colour_tags();
            argv.insert(argv.end(), tags.begin(), tags.end());
        }
        bool low = spec_.quality == "low", medium = spec_.quality == "medium" || spec_.quality == "standard";
        if (spec_.format == "gif") {
            argv.insert(argv.end(), {"-f", "rawvideo", "-pix_fmt", "rgba"});
        } else if (spec_.format == "webm") {
            argv.insert(argv.end(), {"-r", fps, "-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8",
                                     "-row-mt", "1", "-b:v", "0", "-crf", low ? "40" : medium ? "35" : "31",
                                     "-pix_fmt", "yuv420p", "-c:a", "libopus", "-b:a", "128k", "-f", "webm"});
        } else if (spec_.preview) {
            argv.insert(argv.end(), {"-r", fps, "-c:v", "libx264", "-preset", "ultrafast", "-tune", "fastdecode",
                                     "-crf", "26", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "96k",
                                     "-movflags", "+faststart+negative_cts_offsets", "-use_editlist", "0", "-f", "mp4"});
        } else {
            argv.insert(argv.end(), {"-r", fps, "-c:v", "libx264", "-preset", "veryfast", "-crf",
                                     low ? "27" : medium ? "23" : "20", "-pix_fmt", "yuv420p", "-profile:v", "high",
                                     "-c:a", "aac", "-b:a", "160k",
                                     // YouTube asks for no edit lists. B-frames would then start the
                                     // video two frames late; negative composition offsets start it at 0.
                                     "-movflags", "+faststart+negative_cts_offsets", "-use_editlist", "0",
                                     "-f", "mp4"});
        }
    }

    const RenderJob& job_;
    const OutputSpec& spec_;
    std::vector<std::vector<std::string>> inputs_;
    std::vector<std::string> statements_;
    std::vector<std::string> audio_labels_;
    std::vector<std::pair<std::string, std::string>> files_;
    int label_count_ = 0;
    int last_input_ = -1;
    int64_t total_frames_ = 0;
    double duration_s_ = 0;
};

}  // namespace

FfmpegPlan build_ffmpeg_plan(const RenderJob& job, const OutputSpec& spec, const std::string& output_path) {
    return GraphBuilder(job, spec).build(output_path);
}

}  // namespace cw::server
