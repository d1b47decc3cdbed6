// Export options: the checked reading the server applies, the lenient one the app applies to
// suggestions and stored jobs, and the wire form.
#include <stdexcept>

#include <doctest/doctest.h>

#include "draft/export_options.hpp"

using namespace cw::draft;
using nlohmann::json;

TEST_CASE("checked: good values pass, bad ones throw a message naming the field") {
    ExportOptions options = ExportOptions::from_json({{"format", "gif"}, {"width", "480"}, {"fps", 12}, {"max_bytes", 500000}});
    CHECK(options.format == "gif");
    CHECK(options.width == 480);
    CHECK(options.fps == 12);
    CHECK(options.max_bytes == 500000);
    CHECK(ExportOptions::from_json(nullptr) == ExportOptions{});
    struct Row {
        json output;
        const char* message;
    };
    const Row rows[] = {
        {{{"format", "avi"}}, "output.format must be one of: mp4, gif, webm"},
        {{{"width", 99999}}, "output.width must be between 16 and 1920"},
        {{{"fps", "fast"}}, "output.fps must be a number"},
        {{{"colors", 1}}, "output.colors must be between 2 and 256"},
        {{{"dither", "; rm -rf"}}, "output.dither must be one of: sierra2_4a, bayer, floyd_steinberg, none"},
        {{{"max_bytes", 50}}, "output.max_bytes must be at least 10000 bytes"},
        {{{"max_bytes", -1}}, "output.max_bytes must be a positive number of bytes"},
        {json::array(), "output must be an object"},
    };
    for (const Row& row : rows) {
        CAPTURE(row.output.dump());
        try {
            ExportOptions::from_json(row.output);
            FAIL("accepted");
        } catch (const std::invalid_argument& error) {
            CHECK(std::string(error.what()) == row.message);
        }
    }
}

TEST_CASE("lenient: each bad field reads as its default, the good ones are kept") {
    ExportOptions options = ExportOptions::read({{"format", "avi"}, {"width", 720}, {"fps", 999}, {"colors", "64"}, {"max_bytes", 1}});
    CHECK(options.format == "mp4");
    CHECK(options.width == 720);
    CHECK(options.fps == 0);
    CHECK(options.colors == 64);
    CHECK(options.max_bytes == 0);
    CHECK(ExportOptions::read(json("gif")) == ExportOptions{});
}

TEST_CASE("the wire form holds only what is set, and reads back the same") {
    ExportOptions options;
    CHECK(options.to_json() == json{{"format", "mp4"}, {"quality", "high"}});
    options.format = "gif";
    options.width = 480;
    options.dither = "bayer";
    options.max_bytes = 300000;
    CHECK(ExportOptions::from_json(options.to_json()) == options);
    CHECK(ExportOptions::read(options.to_json()) == options);
}
