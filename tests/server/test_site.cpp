// The static web build on the API's origin (MIME types, gzip, caching, no escape from --web), CORS, and the
// forwarding mode relaying the API (SSE included) to another server.
#include <fstream>

#include <doctest/doctest.h>

#include "harness.hpp"

using namespace cw::test;

TEST_SUITE("site") {

TEST_CASE("serves the web build with the right types, gzip on request, nothing outside it") {
    TempDir web;
    std::ofstream(web.path + "/index.html") << "<!doctype html><title>Clipwright</title>";
    std::ofstream(web.path + "/index.js") << "console.log('clipwright');\n";
    {
        std::ofstream wasm(web.path + "/index.wasm", std::ios::binary);
        wasm << std::string("\0asm\1\0\0\0", 8) << std::string(20000, '\0');
    }
    ServerProcess server({"--web", web.path});
    httplib::Client client("127.0.0.1", server.port);

    const auto index = client.Get("/");
    REQUIRE(index);
    CHECK(index->status == 200);
    CHECK(index->get_header_value("Content-Type") == "text/html");
    CHECK(index->body.find("Clipwright") != std::string::npos);

    const auto wasm = client.Get("/index.wasm");
    REQUIRE(wasm);
    CHECK(wasm->get_header_value("Content-Type") == "application/wasm");
    CHECK(wasm->body.size() == 20008);

    httplib::Client gzip_client("127.0.0.1", server.port);
    gzip_client.set_decompress(false);
    const auto packed = gzip_client.Get("/index.wasm", {{"Accept-Encoding", "gzip"}});
    REQUIRE(packed);
    CHECK(packed->get_header_value("Content-Encoding") == "gzip");
    CHECK(packed->body.size() < 2000);

    const auto js = client.Get("/index.js");
    REQUIRE(js);
    CHECK(js->get_header_value("Content-Type") == "application/javascript");

    CHECK(client.Get("/../../etc/passwd")->status == 404);
    CHECK(client.Get("/%2e%2e/%2e%2e/etc/passwd")->status == 404);
    CHECK(client.Get("/missing.js")->status == 404);

    // Same origin by default: no response invites every site.
    const auto preflight = client.Options("/run_sse");
    REQUIRE(preflight);
    CHECK(preflight->get_header_value("Access-Control-Allow-Origin") != "*");
}

TEST_CASE("content-hashed files are kept for good; the page is revalidated and costs an empty 304 when unchanged") {
    TempDir web;
    std::ofstream(web.path + "/index.html") << "<!doctype html><script src=\"index.0123456789abcdef.js\"></script>";
    std::ofstream(web.path + "/index.0123456789abcdef.js") << "console.log('clipwright');\n";
    ServerProcess server({"--web", web.path});
    httplib::Client client("127.0.0.1", server.port);

    const auto script = client.Get("/index.0123456789abcdef.js");
    REQUIRE(script);
    CHECK(script->get_header_value("Cache-Control") == "public, max-age=31536000, immutable");

    const auto page = client.Get("/");
    REQUIRE(page);
    CHECK(page->get_header_value("Cache-Control") == "no-cache");
    const std::string tag = page->get_header_value("ETag");
    REQUIRE(tag.size() > 2);
    const auto again = client.Get("/", {{"If-None-Match", tag}});
    REQUIRE(again);
    CHECK(again->status == 304);
    CHECK(again->body.empty());

    std::ofstream(web.path + "/index.html") << "<!doctype html><p>a new build, a different length</p>";
    const auto changed = client.Get("/", {{"If-None-Match", tag}});
    REQUIRE(changed);
    CHECK(changed->status == 200);
    CHECK(changed->get_header_value("ETag") != tag);
}

TEST_CASE("forwarding mode relays the API, adds the attribution headers and streams SSE through") {
    ServerProcess upstream;
    ServerProcess relay({"--forward"}, "", {"CLIPWRIGHT_FORWARD_URL=http://127.0.0.1:" + std::to_string(upstream.port)});
    Api api(relay.port);
    api.sign_in();
    const std::string session = api.new_session();
    const SseResult turn = api.chat(session, "hello");
    CHECK(turn.content_type == "text/event-stream");
    CHECK(turn.texts(false).size() == 1);
    // The relay supplies the X-Skill-* headers a client left out, so the upstream does not answer 402.
    api.attribution = false;
    const Reply exported = api.post("/api/render/proxy/lambda", {{"id", "render_1"}, {"sessionId", session}});
    CHECK(exported.code() == 400);  // empty timeline, but past the attribution check
    CHECK(Api(upstream.port).get("/api/credits/balance/simple").code() == 1001);
}

}
