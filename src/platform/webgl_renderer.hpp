// Draws ImGui's draw data with WebGL2. Unlike ImGui's OpenGL3 backend it never reads GL state back:
// the page owns its only context, and in Chromium every glGet* is a synchronous round trip to the
// GPU process that waits for the previous frames to finish (about 100 ms a frame under SwiftShader).
#pragma once
#include <GLES3/gl3.h>

#include <vector>

struct ImDrawData;
struct ImFontAtlas;

namespace cw::platform {

class WebGlRenderer {
public:
    // Starts compiling the shaders and makes the buffers; false when the context refuses them.
    bool init();
    // True once the first draw found the shaders would not link: nothing can be drawn.
    bool failed() const { return failed_; }
    // (Re)uploads the font atlas as a texture and hands its id to the atlas.
    void upload_fonts(ImFontAtlas& atlas);
    // Clears the framebuffer to the studio's background, then draws; false when the frame equals
    // the one on screen and was left there. Under software WebGL every presented frame costs the
    // rasteriser threads several milliseconds of both cores, and the frames ImGui draws to settle
    // hover after an event are mostly identical.
    bool draw(const ImDrawData& data, int framebuffer_width, int framebuffer_height);

private:
    void set_state(const ImDrawData& data, int framebuffer_width, int framebuffer_height);
    bool finish_linking();
    bool same_as_shown(const ImDrawData& data, int framebuffer_width, int framebuffer_height);

    GLuint program_ = 0;
    bool linked_ = false;
    bool failed_ = false;
    GLint projection_ = -1;
    GLint texture_ = -1;
    GLuint vertex_array_ = 0;
    GLuint vertices_ = 0;
    GLuint indices_ = 0;
    GLuint font_texture_ = 0;
    // Everything that decides the pixels of the frame on screen, and the next frame's, compared.
    std::vector<unsigned char> shown_;
    std::vector<unsigned char> next_;
};

}  // namespace cw::platform
