// Media bin: the session's clips, photos and audio, and the way to add more.
#include "app/panels.hpp"

namespace cw::app {

void draw_media_panel(AppState& state, const Rect& area) {
    (void)state;
    begin_panel("Media", area);
    ui::button("media.add", "Add files…", ImVec2(-1, 0));
    ImGui::Spacing();
    hint_text("Drop clips, photos or music anywhere on the page, or use Add files. "
              "Video: mp4 mov avi webm mkv · Images: jpg png gif webp heic · Audio: mp3 wav m4a aac.");
    ImGui::End();
}

}  // namespace cw::app
