// Routing before chat: commands in English and Chinese, any case, and edit requests that merely
// mention a command word.
#include <doctest/doctest.h>

#include "core/routing.hpp"

using namespace cw::core;

namespace {

Route route_of(const char* text) { return route_message(text).route; }

}  // namespace

TEST_CASE("export commands") {
    for (const char* text : {"export", "Export", "EXPORT!", "export it", "please export the video", "Can you export this?",
                             "download", "Download the final video", "send me the video", "Send me the video please",
                             "export 1080p MP4", "导出", "导出视频", "请帮我导出一下", "下载", "下载视频吧", "把视频导出",
                             "发给我", "export as gif", "导出为GIF"}) {
        CAPTURE(text);
        CHECK(route_of(text) == Route::export_video);
    }
}

TEST_CASE("export hints are read from the command") {
    RouteDecision decision = route_message("export 1080p MP4");
    CHECK(decision.format == "mp4");
    CHECK(decision.height == 1080);
    CHECK(route_message("导出为GIF").format == "gif");
    CHECK_FALSE(route_message("export").format.has_value());
}

TEST_CASE("credits commands") {
    for (const char* text : {"credits", "Credits?", "balance", "what's my balance", "how many credits do I have left",
                             "check credits", "积分", "余额", "查看积分", "我还有多少积分", "查询余额"}) {
        CAPTURE(text);
        CHECK(route_of(text) == Route::credits);
    }
}

TEST_CASE("status commands") {
    for (const char* text : {"status", "STATUS", "show tracks", "Show the tracks", "show timeline", "状态", "查看状态", "显示轨道"}) {
        CAPTURE(text);
        CHECK(route_of(text) == Route::status);
    }
}

TEST_CASE("upload commands") {
    for (const char* text : {"upload", "Upload a video", "upload some photos", "上传", "上传视频", "我要上传素材"}) {
        CAPTURE(text);
        CHECK(route_of(text) == Route::upload);
    }
}

TEST_CASE("edit requests go to chat even when they mention a command word") {
    for (const char* text :
         {"convert this clip into a looping GIF with auto-optimized colors", "convert three product photos into a 1080p MP4",
          "add a title that says export ready", "trim the clip then export", "export the first 5 seconds only",
          "make the download button text bigger", "turn these images into a 30-second promo video with background music",
          "set music volume to 35%", "show me a cat", "what is the status of my life", "upload this and add music",
          "把标题改成导出", "把视频导出为GIF并加上标题", "给视频加上背景音乐", "下载一首音乐加到视频里",
          "generate a 30-second video clip from my product photos with background music", "", "   ", "export and credits",
          "exporter", "downloading", "导出积分"}) {
        CAPTURE(text);
        CHECK(route_of(text) == Route::chat);
    }
}
