// The one list of accepted media, and everything generated from it.
#include <doctest/doctest.h>

#include "draft/media_types.hpp"

using namespace cw::draft;

TEST_CASE("extensions and their aliases, in any letter case") {
    struct Row {
        const char* name;
        const char* mime;
        MediaKind kind;
    };
    const Row rows[] = {
        {"photo.jpeg", "", MediaKind::image},     {"PHOTO.JPG", "", MediaKind::image},   {"scan.jfif", "", MediaKind::image},
        {"old.jpe", "", MediaKind::image},        {"iphone.HEIC", "", MediaKind::image}, {"iphone.heif", "", MediaKind::image},
        {"clip.M4V", "", MediaKind::video},       {"clip.qt", "", MediaKind::video},     {"clip.MoV", "", MediaKind::video},
        {"take.mkv", "", MediaKind::video},       {"song.Wave", "", MediaKind::audio},   {"voice.m4a", "", MediaKind::audio},
        {"notes.txt", "", MediaKind::unknown},    {"noextension", "", MediaKind::unknown}, {"trailingdot.", "", MediaKind::unknown},
        {"folder.jpg/file", "", MediaKind::unknown},
        // No known extension: the browser's MIME type decides.
        {"IMG_0001", "image/heic", MediaKind::image}, {"download", "video/mp4; codecs=avc1", MediaKind::video},
        {"blob", "AUDIO/MPEG", MediaKind::audio},   {"notes.txt", "text/plain", MediaKind::unknown},
        // A known extension wins over a wrong MIME type; the server checks the bytes anyway.
        {"photo.jpeg", "application/octet-stream", MediaKind::image},
    };
    for (const Row& row : rows) {
        CAPTURE(row.name);
        CAPTURE(row.mime);
        CHECK(kind_of_file(row.name, row.mime) == row.kind);
    }
}

TEST_CASE("every alias names its canonical format") {
    CHECK(format_for_extension("JPEG")->name == "jpg");
    CHECK(format_for_extension("jfif")->mimes.front() == "image/jpeg");
    CHECK(format_for_extension("heif")->name == "heic");
    CHECK(format_for_extension("m4v")->name == "mp4");
    CHECK(format_for_extension("exe") == nullptr);
    CHECK(format_for_mime("image/heif")->name == "heic");
}

TEST_CASE("the picker filter, the short list and the help text come from the same list") {
    std::string accept = picker_accept();
    for (const char* part : {".jpeg", ".jfif", ".heif", ".m4v", ".qt", ".mkv", "image/heic", "video/quicktime", "audio/mpeg"})
        CHECK(accept.find(part) != std::string::npos);
    CHECK(formats_text() == "mp4, mov, avi, webm, mkv, jpg, png, gif, webp, heic, mp3, wav, m4a, aac");
    CHECK(formats_by_kind_text(Language::en) ==
          "Video: mp4 mov avi webm mkv \xC2\xB7 Images: jpg png gif webp heic \xC2\xB7 Audio: mp3 wav m4a aac");
    CHECK(formats_by_kind_text(Language::zh).find("图片：jpg png gif webp heic") != std::string::npos);
    for (const MediaFormat& format : accepted_formats()) CHECK(kind_of_file("x." + std::string(format.name)) == format.kind);
}

TEST_CASE("kind names") {
    CHECK(media_kind_from("image") == MediaKind::image);
    CHECK(media_kind_from("picture") == MediaKind::unknown);
    CHECK(std::string(to_string(MediaKind::audio)) == "audio");
}
