// The whole quick edit headless, through the panels: drop a clip, ask for a looping GIF, export
// it from the export panel, download it, and check the file with ffprobe.
#include <doctest/doctest.h>

#include <fstream>

#include "ui_harness.hpp"

using cw::test::HeadlessStudio;
using cw::test::ServerProcess;
using cw::test::TempDir;

namespace {

bool upload_done(const cw::core::ClientState& m) {
    return !m.uploads.empty() && m.uploads.back().status == cw::core::UploadStatus::done;
}

const cw::core::ExportJob* last_job(const cw::core::ClientState& m) { return m.jobs.empty() ? nullptr : &m.jobs.back(); }

}  // namespace

TEST_CASE("quick edit: clip to looping GIF through the panels, downloaded and verified") {
    TempDir media;
    const std::string clip = cw::test::make_clip(media.path, "beach.mp4", 3, 640, 360);
    ServerProcess server;
    HeadlessStudio studio(server, {clip});
    studio.wait_online();

    studio.drop_file(0);
    studio.run_until([&] { return upload_done(studio.app().model()); }, 30, "the upload");
    studio.run_until([&] { return studio.app().model().media.size() == 1; }, 10, "the media bin");
    CHECK(studio.app().rects().find("media.item.0") != nullptr);

    studio.click("chat.input");
    studio.type("convert this clip into a looping GIF with auto-optimized colors");
    studio.press_enter();
    studio.run_until([&] { return !studio.app().model().turn_active && !studio.app().model().draft.empty(); }, 30,
                     "the edit");
    CHECK(studio.app().model().draft.tracks.front().segments.size() == 1);
    CHECK(studio.app().rects().find("timeline.canvas") != nullptr);

    studio.click("export.format.gif");
    studio.click("export.start");
    studio.run_until([&] {
        const auto* job = last_job(studio.app().model());
        return job && (job->status == cw::core::JobStatus::completed || job->status == cw::core::JobStatus::failed);
    }, 120, "the render");
    const auto* job = last_job(studio.app().model());
    REQUIRE(job->status == cw::core::JobStatus::completed);
    CHECK(job->options.format == "gif");
    studio.frame();

    studio.click("export.job." + job->first_id + ".download");
    REQUIRE(studio.platform().downloads.size() == 1);
    const auto& download = studio.platform().downloads.front();
    CHECK(download.filename.size() > 4);
    CHECK(download.filename.substr(download.filename.size() - 4) == ".gif");

    const std::string saved = media.path + "/out.gif";
    const auto url = download.url.rfind("http", 0) == 0 ? download.url : server.url + download.url.substr(1);
    REQUIRE(cw::test::fetch_plain(url, saved).status == 200);
    const auto info = cw::test::ffprobe(saved);
    CHECK(info["streams"][0]["codec_name"] == "gif");
    std::ifstream in(saved, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(bytes.find("NETSCAPE2.0") != std::string::npos);

    studio.click("export.job." + job->first_id + ".preview");
    CHECK(studio.platform().preview_url == job->url);
    CHECK(studio.platform().preview_area.w > 50);
}

TEST_CASE("an export is cancelled from its row in the export panel; it ends cancelled, with no retry") {
    TempDir media;
    const std::string clip = cw::test::make_clip(media.path, "long.mp4", 30, 1920, 1080);
    ServerProcess server;
    HeadlessStudio studio(server, {clip});
    studio.wait_online();
    studio.drop_file(0);
    studio.run_until([&] { return studio.app().model().media.size() == 1; }, 30, "the upload");
    studio.click("chat.input");
    studio.type("turn my clip into a video");
    studio.press_enter();
    studio.run_until([&] { return !studio.app().model().turn_active && !studio.app().model().draft.empty(); }, 30, "the edit");

    studio.click("export.format.mp4");
    studio.click("export.start");
    studio.run_until([&] {
        const auto* job = last_job(studio.app().model());
        return job && job->status == cw::core::JobStatus::processing;
    }, 30, "the render to start");
    studio.frame();
    const std::string row = "export.job." + last_job(studio.app().model())->first_id;
    studio.click(row + ".cancel");
    studio.run_until([&] { return last_job(studio.app().model())->status == cw::core::JobStatus::failed; }, 10, "the cancel");
    const auto* job = last_job(studio.app().model());
    CHECK(job->cancelled);
    CHECK_FALSE(job->retried);
    CHECK(studio.app().model().messages.back().text == "Export cancelled.");
    studio.frame();
    CHECK(studio.app().rects().find(row + ".cancel") == nullptr);
}
