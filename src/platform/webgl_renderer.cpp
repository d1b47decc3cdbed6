// ImGui on WebGL2 without state read-back (see webgl_renderer.hpp).
#include "platform/webgl_renderer.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>

#include <imgui.h>

namespace cw::platform {
namespace {

const char* const kVertexShader = R"(#version 300 es
precision highp float;
layout (location = 0) in vec2 position;
layout (location = 1) in vec2 uv;
layout (location = 2) in vec4 colour;
uniform mat4 projection;
out vec2 frag_uv;
out vec4 frag_colour;
void main() {
    frag_uv = uv;
    frag_colour = colour;
    gl_Position = projection * vec4(position, 0.0, 1.0);
})";

const char* const kFragmentShader = R"(#version 300 es
precision mediump float;
uniform sampler2D sampler;
in vec2 frag_uv;
in vec4 frag_colour;
layout (location = 0) out vec4 out_colour;
void main() {
    out_colour = frag_colour * texture(sampler, frag_uv);
})";

GLuint compile(GLenum kind, const char* source) {
    const GLuint shader = glCreateShader(kind);
    glShaderSource(shader, 1, &source, nullptr);
    glCompileShader(shader);
    return shader;
}

// Compiling and linking run in the GPU process while the caller goes on; nothing here waits.
GLuint start_linking() {
    const GLuint vertex = compile(GL_VERTEX_SHADER, kVertexShader);
    const GLuint fragment = compile(GL_FRAGMENT_SHADER, kFragmentShader);
    const GLuint program = glCreateProgram();
    glAttachShader(program, vertex);
    glAttachShader(program, fragment);
    glLinkProgram(program);
    glDeleteShader(vertex);
    glDeleteShader(fragment);
    return program;
}

void* byte_offset(std::size_t bytes) { return reinterpret_cast<void*>(static_cast<std::uintptr_t>(bytes)); }

template <typename T>
void append_bytes(std::vector<unsigned char>& out, const T* data, std::size_t count) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(data);
    out.insert(out.end(), bytes, bytes + count * sizeof(T));
}

// The draw data's bytes: vertices, indices and, per command, what it draws with.
void append_frame(std::vector<unsigned char>& out, const ImDrawData& data, int framebuffer_width, int framebuffer_height) {
    const int size[2] = {framebuffer_width, framebuffer_height};
    append_bytes(out, size, 2);
    append_bytes(out, &data.DisplayPos, 1);
    append_bytes(out, &data.DisplaySize, 1);
    append_bytes(out, &data.FramebufferScale, 1);
    for (int n = 0; n < data.CmdListsCount; ++n) {
        const ImDrawList& list = *data.CmdLists[n];
        append_bytes(out, list.VtxBuffer.Data, static_cast<std::size_t>(list.VtxBuffer.Size));
        append_bytes(out, list.IdxBuffer.Data, static_cast<std::size_t>(list.IdxBuffer.Size));
        for (const ImDrawCmd& cmd : list.CmdBuffer) {
            const ImTextureID texture = cmd.GetTexID();
            const unsigned int counts[3] = {cmd.ElemCount, cmd.IdxOffset, cmd.VtxOffset};
            append_bytes(out, &cmd.ClipRect, 1);
            append_bytes(out, &texture, 1);
            append_bytes(out, counts, 3);
        }
    }
}

bool has_custom_callback(const ImDrawData& data) {
    for (int n = 0; n < data.CmdListsCount; ++n) {
        for (const ImDrawCmd& cmd : data.CmdLists[n]->CmdBuffer) {
            if (cmd.UserCallback && cmd.UserCallback != ImDrawCallback_ResetRenderState) return true;
        }
    }
    return false;
}

}  // namespace

bool WebGlRenderer::init() {
    program_ = start_linking();
    if (!program_) return false;
    glGenVertexArrays(1, &vertex_array_);
    glGenBuffers(1, &vertices_);
    glGenBuffers(1, &indices_);
    // The element buffer binding is part of the vertex array's state, so both are bound once here.
    glBindVertexArray(vertex_array_);
    glBindBuffer(GL_ARRAY_BUFFER, vertices_);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, indices_);
    glEnableVertexAttribArray(0);
    glEnableVertexAttribArray(1);
    glEnableVertexAttribArray(2);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, sizeof(ImDrawVert), byte_offset(offsetof(ImDrawVert, pos)));
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, sizeof(ImDrawVert), byte_offset(offsetof(ImDrawVert, uv)));
    glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(ImDrawVert), byte_offset(offsetof(ImDrawVert, col)));
    ImGui::GetIO().BackendRendererName = "clipwright_webgl2";
    return true;
}

void WebGlRenderer::upload_fonts(ImFontAtlas& atlas) {
    unsigned char* pixels = nullptr;
    int width = 0, height = 0;
    atlas.GetTexDataAsRGBA32(&pixels, &width, &height);
    if (font_texture_) glDeleteTextures(1, &font_texture_);
    glGenTextures(1, &font_texture_);
    glBindTexture(GL_TEXTURE_2D, font_texture_);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, pixels);
    atlas.SetTexID(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(font_texture_)));
    shown_.clear();  // same texture id, new glyphs
}

bool WebGlRenderer::same_as_shown(const ImDrawData& data, int framebuffer_width, int framebuffer_height) {
    next_.clear();
    append_frame(next_, data, framebuffer_width, framebuffer_height);
    const bool same = !has_custom_callback(data) && next_.size() == shown_.size() &&
                      std::memcmp(next_.data(), shown_.data(), next_.size()) == 0;
    shown_.swap(next_);
    return same;
}

void WebGlRenderer::set_state(const ImDrawData& data, int framebuffer_width, int framebuffer_height) {
    glEnable(GL_BLEND);
    glBlendEquation(GL_FUNC_ADD);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glDisable(GL_CULL_FACE);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_STENCIL_TEST);
    glEnable(GL_SCISSOR_TEST);
    glViewport(0, 0, framebuffer_width, framebuffer_height);
    const float left = data.DisplayPos.x, right = data.DisplayPos.x + data.DisplaySize.x;
    const float top = data.DisplayPos.y, bottom = data.DisplayPos.y + data.DisplaySize.y;
    const float projection[4][4] = {
        {2.0f / (right - left), 0.0f, 0.0f, 0.0f},
        {0.0f, 2.0f / (top - bottom), 0.0f, 0.0f},
        {0.0f, 0.0f, -1.0f, 0.0f},
        {(right + left) / (left - right), (top + bottom) / (bottom - top), 0.0f, 1.0f},
    };
    glUseProgram(program_);
    glUniform1i(texture_, 0);
    glUniformMatrix4fv(projection_, 1, GL_FALSE, &projection[0][0]);
    glActiveTexture(GL_TEXTURE0);
    glBindVertexArray(vertex_array_);
    glBindBuffer(GL_ARRAY_BUFFER, vertices_);
}

// The one status query, at the first draw: under software WebGL the link takes ~50 ms, which
// overlaps with building the font atlas and the first frame's UI instead of delaying them.
bool WebGlRenderer::finish_linking() {
    if (linked_ || failed_) return linked_;
    GLint linked = GL_FALSE;
    glGetProgramiv(program_, GL_LINK_STATUS, &linked);
    if (linked != GL_TRUE) {
        failed_ = true;
        return false;
    }
    linked_ = true;
    projection_ = glGetUniformLocation(program_, "projection");
    texture_ = glGetUniformLocation(program_, "sampler");
    return true;
}

bool WebGlRenderer::draw(const ImDrawData& data, int framebuffer_width, int framebuffer_height) {
    if (!finish_linking()) return false;
    if (same_as_shown(data, framebuffer_width, framebuffer_height)) return false;
    glDisable(GL_SCISSOR_TEST);
    glViewport(0, 0, framebuffer_width, framebuffer_height);
    glClearColor(0.08f, 0.09f, 0.10f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    if (framebuffer_width <= 0 || framebuffer_height <= 0 || data.DisplaySize.x <= 0) return true;
    set_state(data, framebuffer_width, framebuffer_height);
    const ImVec2 origin = data.DisplayPos;
    const ImVec2 scale = data.FramebufferScale;
    constexpr GLenum kIndexType = sizeof(ImDrawIdx) == 2 ? GL_UNSIGNED_SHORT : GL_UNSIGNED_INT;
    for (int n = 0; n < data.CmdListsCount; ++n) {
        const ImDrawList& list = *data.CmdLists[n];
        glBufferData(GL_ARRAY_BUFFER, list.VtxBuffer.Size * static_cast<GLsizeiptr>(sizeof(ImDrawVert)), list.VtxBuffer.Data,
                     GL_STREAM_DRAW);
        glBufferData(GL_ELEMENT_ARRAY_BUFFER, list.IdxBuffer.Size * static_cast<GLsizeiptr>(sizeof(ImDrawIdx)),
                     list.IdxBuffer.Data, GL_STREAM_DRAW);
        for (const ImDrawCmd& cmd : list.CmdBuffer) {
            if (cmd.UserCallback) {
                if (cmd.UserCallback == ImDrawCallback_ResetRenderState) set_state(data, framebuffer_width, framebuffer_height);
                else cmd.UserCallback(&list, &cmd);
                continue;
            }
            const ImVec2 min((cmd.ClipRect.x - origin.x) * scale.x, (cmd.ClipRect.y - origin.y) * scale.y);
            const ImVec2 max((cmd.ClipRect.z - origin.x) * scale.x, (cmd.ClipRect.w - origin.y) * scale.y);
            if (max.x <= min.x || max.y <= min.y) continue;
            glScissor(static_cast<GLint>(min.x), static_cast<GLint>(framebuffer_height - max.y),
                      static_cast<GLsizei>(max.x - min.x), static_cast<GLsizei>(max.y - min.y));
            glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(reinterpret_cast<std::intptr_t>(cmd.GetTexID())));
            glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(cmd.ElemCount), kIndexType,
                           byte_offset(cmd.IdxOffset * sizeof(ImDrawIdx)));
        }
    }
    return true;
}

}  // namespace cw::platform
