// The player's preview in the core: asked for when the draft changes, polled while it is made, the
// last ready one kept (marked "updating") meanwhile, and a backend without the extension read as
// such rather than as an error.
#include <doctest/doctest.h>

#include "fake_server.hpp"
#include "sample_drafts.hpp"

using namespace cw::test;
using cw::core::PreviewState;

namespace {

// A preview extension that is "rendering" for the first `polls_before_ready` asks of each version.
struct PreviewScript {
    int polls_before_ready = 2;
    int asks = 0;
    int version = 1;
    void install(Harness& h) {
        h.server.route("GET /api/preview/", [this](const Seen&) {
            ++asks;
            if (asks % (polls_before_ready + 1) != 0) return ok({{"version", version}, {"state", "rendering"}});
            return ok({{"version", version}, {"state", "ready"}, {"url", "/preview/v" + std::to_string(version) + ".mp4"},
                       {"width", 640}, {"height", 360}, {"fps", 15}});
        });
    }
};

}  // namespace

TEST_CASE("a changed draft's preview is asked for, polled while rendering, and kept while the next is made") {
    Harness h;
    h.draft = urban_dreams_draft();
    PreviewScript script;
    script.install(h);
    h.connect();
    CHECK(h.state().preview.status == PreviewState::Status::rendering);
    h.advance(1000, 50);
    REQUIRE(h.state().preview.status == PreviewState::Status::ready);
    CHECK(h.state().preview.url == "/preview/v1.mp4");
    CHECK(h.state().preview.fps == 15);
    const int asks = script.asks;
    h.advance(3000, 50);
    CHECK(script.asks == asks);  // nothing changed: no more requests

    // The next edit: the old preview stays, marked as updating, until the new one is ready.
    script.version = 2;
    h.draft["t"][2]["sg"][0]["m"]["text"] = "Urban Nights";
    h.client->refresh_state();
    h.pump();
    CHECK(h.state().preview.updating);
    CHECK(h.state().preview.url == "/preview/v1.mp4");
    h.advance(1000, 50);
    CHECK_FALSE(h.state().preview.updating);
    CHECK(h.state().preview.url == "/preview/v2.mp4");
}

TEST_CASE("a backend without the preview extension is told apart from an error, and not asked again") {
    Harness h;
    h.draft = urban_dreams_draft();
    h.server.route("GET /api/preview/", [](const Seen&) { return fail(404, 404); });
    h.connect();
    CHECK(h.state().preview.status == PreviewState::Status::unsupported);
    CHECK(h.state().errors.empty());
    const auto asked = h.server.count("GET", "/api/preview/");
    h.draft["t"][2]["sg"][0]["m"]["text"] = "Urban Nights";
    h.client->refresh_state();
    h.advance(2000, 50);
    CHECK(h.server.count("GET", "/api/preview/") == asked);
}
