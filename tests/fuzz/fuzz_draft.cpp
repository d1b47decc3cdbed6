// libFuzzer target: any bytes as a draft, then everything the UI does with one (summary, diff,
// layout queries) must not crash.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/draft_types.hpp"
#include "draft/change.hpp"
#include "core/draft_summary.hpp"
#include "core/timeline_layout.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    cw::core::Draft draft = cw::core::parse_draft_text(text);
    cw::core::summarize_draft(draft);
    cw::core::Draft empty = cw::core::parse_draft_text("{}");
    cw::draft::joined(cw::draft::describe_changes(empty, draft, cw::draft::Language::en), cw::draft::Language::en);
    cw::draft::describe_change(draft, draft, cw::draft::Language::zh);
    cw::core::TimelineLayout layout(draft);
    std::vector<std::size_t> visible;
    for (std::size_t t = 0; t < layout.track_count(); ++t) {
        layout.track(t).visible(0, 1e12, visible);
        layout.track(t).visible_lod(0, static_cast<double>(draft.duration_ms) + 1, 10.0, visible);
        layout.track(t).segment_at(500);
    }
    return 0;
}
