// The façade: routing commands, history across reloads, UI requests, the JSON model.
#include <doctest/doctest.h>

#include "fake_server.hpp"
#include "sample_drafts.hpp"

using namespace cw::core;
using namespace cw::test;

TEST_CASE("commands are handled locally and never reach the agent") {
    Harness h;
    h.draft = urban_dreams_draft();
    h.server.route("POST /api/render/proxy/lambda", [](const Seen&) { return ok({{"status", "pending"}}); });
    h.connect();
    h.client->send_message("credits");
    h.pump();
    CHECK(h.state().messages.back().text == "Credits: 100 available, 0 frozen, 100 total. Exporting is free.");
    h.client->send_message("状态");
    h.pump();
    CHECK(h.state().messages.back().text ==
          "Timeline (3 tracks): 1. Video: city timelapse (0-10s) 2. BGM: Lo-fi (0-10s, 35%) 3. Title: \"Urban Dreams\" (0-3s)");
    h.client->send_message("upload");
    h.pump();
    CHECK(h.client->take_ui_requests() == std::vector<AppAction>{AppAction::pick_files});
    CHECK(h.client->take_ui_requests().empty());
    h.client->send_message("Export as GIF");
    h.pump();
    CHECK(h.server.last("POST", "/api/render/proxy/lambda")->body_json()["output"]["format"] == "gif");
    CHECK(h.server.count("POST", "/run_sse") == 0);
}

TEST_CASE("empty messages are refused") {
    Harness h;
    h.connect();
    CHECK_FALSE(h.client->send_message("   "));
    CHECK(h.state().messages.empty());
}

TEST_CASE("chat history survives a reload") {
    MemoryStorage storage;
    {
        Harness first(ClientConfig{}, &storage);
        first.server.route("POST /run_sse", [](const Seen&) {
            return sse({sse_data({{"content", {{"parts", json::array({{{"text", "Hello there"}}})}}}})});
        });
        first.connect();
        first.client->send_message("hi");
        first.pump();
        CHECK(first.state().messages.size() == 2);
    }
    Harness second(ClientConfig{}, &storage);
    REQUIRE(second.state().messages.size() == 2);
    CHECK(second.state().messages[0].text == "hi");
    CHECK(second.state().messages[1].text == "Hello there");
}

TEST_CASE("buttons run app actions") {
    Harness h;
    h.connect();
    h.client->run_action(AppAction::show_timeline);
    h.client->run_action(AppAction::edit_via_chat);
    CHECK(h.client->take_ui_requests() == std::vector<AppAction>{AppAction::show_timeline, AppAction::edit_via_chat});
    h.client->run_action(AppAction::show_state);
    h.pump();
    CHECK(h.state().messages.back().text == "Timeline (0 tracks): empty");
}

TEST_CASE("errors can be dismissed") {
    Harness h;
    h.connect();
    h.client->add_upload(1, "a.txt", 1, "");
    h.client->add_upload(2, "b.exe", 1, "");
    REQUIRE(h.state().errors.size() == 2);
    h.client->dismiss_error(0);
    CHECK(h.state().errors.size() == 1);
    CHECK(h.state().errors[0].message.find("b.exe") == 0);
    h.client->dismiss_error(7);
    CHECK(h.state().errors.size() == 1);
}

TEST_CASE("update reports changes and the revision moves only then") {
    Harness h;
    h.connect();
    std::uint64_t revision = h.state().revision;
    CHECK_FALSE(h.client->update(h.now + 10));
    CHECK(h.state().revision == revision);
    h.client->refresh_credits();
    h.server.deliver(*h.client);
    CHECK(h.client->update(h.now + 20));
    CHECK(h.state().revision > revision);
}

TEST_CASE("to_json reports the model without the segments") {
    Harness h;
    h.draft = long_draft(1000);
    h.connect();
    json model = h.client->to_json();
    CHECK(model["connection"] == "online");
    CHECK(model["session_id"] == "sid-1");
    CHECK(model["timeline"]["segments"] == 1000);
    CHECK(model["timeline"]["tracks"][0]["name"] == "Video");
    CHECK(model["credits"]["available"] == 100);
    CHECK(model.dump().size() < 5000);
}

TEST_CASE("export uses the output the agent prepared in the draft") {
    Harness h;
    h.draft = urban_dreams_draft();
    h.draft["m"] = {{"export", {{"format", "gif"}, {"width", 480}, {"fps", 12}, {"colors", 256}, {"dither", "sierra2_4a"}, {"loop", true}}}};
    h.server.route("POST /api/render/proxy/lambda", [](const Seen&) { return ok({{"status", "pending"}}); });
    h.connect();
    h.client->send_message("export");
    h.pump();
    json output = h.server.last("POST", "/api/render/proxy/lambda")->body_json()["output"];
    CHECK(output == json{{"format", "gif"}, {"quality", "high"}, {"width", 480}, {"fps", 12}, {"colors", 256}, {"dither", "sierra2_4a"}});
    h.client->send_message("export as mp4");
    h.pump();
    CHECK(h.server.last("POST", "/api/render/proxy/lambda")->body_json()["output"] == json{{"format", "mp4"}, {"quality", "high"}});
}
