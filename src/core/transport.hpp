// The one interface to the network. The core starts requests with ids it chooses; the platform
// answers later, on the same thread, by calling the Client's on_status/on_chunk/on_done/on_error/
// on_upload_progress. File bytes never enter C++: uploads name browser-side files by handle.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace cw::core {

using RequestId = std::uint64_t;

struct Header {
    std::string name;
    std::string value;
};

struct HttpRequest {
    std::string method = "GET";
    std::string url;
    std::vector<Header> headers;
    std::string body;
    bool streamed = false;  // deliver chunks as they arrive (Server-Sent Events)
};

// A file the platform holds (a browser File in a JS table); C++ only knows its handle and facts.
struct FileRef {
    int handle = 0;
    std::string name;
    std::uint64_t size = 0;
    std::string type;  // MIME type as the browser reports it; may be empty
};

// multipart/form-data POST of the files, each under `field`; the platform sets the boundary.
struct UploadRequest {
    std::string url;
    std::vector<Header> headers;
    std::vector<FileRef> files;
    std::string field = "files";
};

class Transport {
public:
    virtual ~Transport() = default;
    virtual void start(RequestId id, const HttpRequest& request) = 0;
    virtual void start_upload(RequestId id, const UploadRequest& request) = 0;
    // After cancel the platform sends nothing more for this id.
    virtual void cancel(RequestId id) = 0;
};

// What the platform reports back; queued by the Client and handled in update().
struct TransportEvent {
    enum class Kind { status, chunk, done, error, upload_progress };
    Kind kind = Kind::done;
    RequestId id = 0;
    int http_status = 0;
    std::string content_type;  // status: the response's Content-Type, may be empty
    std::string data;          // chunk: bytes; error: a description
    std::uint64_t sent = 0;    // upload_progress
    std::uint64_t total = 0;
};

}  // namespace cw::core
