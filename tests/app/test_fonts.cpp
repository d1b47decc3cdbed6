// The on-demand font: Latin only at start, the CJK font asked for once Chinese text appears, and
// only the glyphs that were shown rasterised.
#include <doctest/doctest.h>

#include "ui_harness.hpp"

using cw::test::HeadlessStudio;
using cw::test::ServerProcess;

TEST_CASE("Latin text never asks for the CJK font") {
    ServerProcess server;
    HeadlessStudio studio(server);
    studio.app().ui().chat_input = "Café déjà vu – 30 s…";
    studio.frame();
    CHECK_FALSE(studio.fonts().wants_cjk_font());
    CHECK(studio.fonts().extra_glyph_count() == 0);
}

TEST_CASE("Chinese text asks for the CJK font once and rebuilds with just its glyphs") {
    ServerProcess server;
    HeadlessStudio studio(server);
    studio.app().ui().chat_input = "导出视频";
    studio.frame();
    CHECK(studio.fonts().wants_cjk_font());
    studio.fonts().mark_cjk_requested();
    CHECK_FALSE(studio.fonts().wants_cjk_font());

    studio.fonts().set_cjk_font(cw::test::read_file(CW_CJK_FONT));
    CHECK(studio.fonts().needs_rebuild(1.0f));
    studio.frame();
    CHECK_FALSE(studio.fonts().needs_rebuild(1.0f));
    ImFont* font = ImGui::GetIO().Fonts->Fonts[0];
    CHECK(font->FindGlyphNoFallback(0x5BFC) != nullptr);  // 导
    CHECK(font->FindGlyphNoFallback(0x9891) != nullptr);  // 频
    CHECK(font->FindGlyphNoFallback(0x4E2D) == nullptr);  // 中: never shown, never rasterised
    CHECK(studio.fonts().extra_glyph_count() == 4);
}

TEST_CASE("a new pixel ratio rebuilds the atlas at the new size") {
    ServerProcess server;
    HeadlessStudio studio(server);
    CHECK_FALSE(studio.fonts().needs_rebuild(1.0f));
    CHECK(studio.fonts().needs_rebuild(2.0f));
    studio.fonts().rebuild(*ImGui::GetIO().Fonts, 2.0f);
    CHECK(ImGui::GetIO().Fonts->Fonts[0]->FontSize == doctest::Approx(30.0f));
}

TEST_CASE("invalid UTF-8 is skipped without harm") {
    ServerProcess server;
    HeadlessStudio studio(server);
    studio.fonts().note_text(std::string("\xff\xfe\xc3", 3));
    studio.fonts().note_text(std::string("ok\xe5\xaf", 4));
    studio.frame();
    CHECK(studio.fonts().extra_glyph_count() <= 1);
}

TEST_CASE("suggestions follow the browser's language") {
    CHECK(cw::app::suggested_requests("zh-CN")[0].find("GIF") != std::string::npos);
    CHECK(cw::app::suggested_requests("zh-CN")[0].rfind("把", 0) == 0);
    CHECK(cw::app::suggested_requests("en-GB")[0].rfind("Convert", 0) == 0);
    CHECK(cw::app::suggested_requests("fr")[0].rfind("Convert", 0) == 0);
}

TEST_CASE("an English page with suggestions showing needs no wide glyphs") {
    ServerProcess server;
    HeadlessStudio studio(server);
    studio.frame();
    CHECK(studio.fonts().extra_glyph_count() == 0);
    CHECK_FALSE(studio.fonts().wants_cjk_font());
}
