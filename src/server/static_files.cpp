// Static file serving. Compressible files (wasm, js, html, css, fonts) are gzipped once for clients
// that accept it and kept in memory until the file changes; everything else is streamed from disk.
#include "static_files.hpp"

#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include <httplib.h>

namespace cw::server {

namespace fs = std::filesystem;

namespace {

std::string mime_for(const std::string& extension) {
    static const std::map<std::string, std::string> types = {
        {".html", "text/html"},       {".js", "application/javascript"}, {".mjs", "application/javascript"},
        {".wasm", "application/wasm"}, {".css", "text/css"},              {".json", "application/json"},
        {".png", "image/png"},         {".jpg", "image/jpeg"},            {".svg", "image/svg+xml"},
        {".ico", "image/x-icon"},      {".ttf", "font/ttf"},              {".otf", "font/otf"},
        {".woff2", "font/woff2"},      {".txt", "text/plain"},            {".data", "application/octet-stream"},
    };
    const auto it = types.find(extension);
    return it == types.end() ? "application/octet-stream" : it->second;
}

bool compressible(const std::string& extension) {
    static const char* const list[] = {".wasm", ".js", ".mjs", ".html", ".css", ".json", ".svg", ".txt", ".ttf", ".otf", ".data"};
    for (const char* e : list) {
        if (extension == e) return true;
    }
    return false;
}

// index.<16 hex>.wasm and the like: the build names them by their content (cmake/HashSite.cmake), so
// a name never changes meaning and browsers may keep the file for good.
bool content_hashed(const fs::path& file) {
    static const std::regex hashed(R"(.+\.[0-9a-f]{16})");
    return std::regex_match(file.stem().string(), hashed);
}

// Size and modification time, as common servers make it: it changes whenever the file does.
std::string entity_tag(const fs::path& file, bool gzipped) {
    std::error_code ec;
    std::ostringstream tag;
    tag << '"' << std::hex << fs::file_size(file, ec) << '-' << fs::last_write_time(file, ec).time_since_epoch().count()
        << (gzipped ? "-gz" : "") << '"';
    return tag.str();
}

bool accepts_gzip(const httplib::Request& req) {
    return req.get_header_value("Accept-Encoding").find("gzip") != std::string::npos;
}

std::string gzip(const std::string& input) {
    z_stream stream{};
    if (deflateInit2(&stream, 9, Z_DEFLATED, 31, 9, Z_DEFAULT_STRATEGY) != Z_OK) return {};
    std::string out(deflateBound(&stream, uLong(input.size())), '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
    stream.avail_in = uInt(input.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = uInt(out.size());
    const int rc = deflate(&stream, Z_FINISH);
    out.resize(stream.total_out);
    deflateEnd(&stream);
    return rc == Z_STREAM_END ? out : std::string();
}

}  // namespace

void send_file(httplib::Response& res, const std::string& path, const std::string& mime) {
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    auto file = std::make_shared<std::ifstream>(path, std::ios::binary);
    if (ec || !*file) {
        res.status = 404;
        return;
    }
    res.set_header("Accept-Ranges", "bytes");
    res.set_content_provider(size_t(size), mime, [file](size_t offset, size_t length, httplib::DataSink& sink) {
        char buffer[65536];
        file->clear();
        file->seekg(std::streamoff(offset));
        const auto want = std::streamsize(std::min(length, sizeof buffer));
        file->read(buffer, want);
        const std::streamsize got = file->gcount();
        return got > 0 && sink.write(buffer, size_t(got));
    });
}

StaticSite::StaticSite(std::string web_dir) {
    std::error_code ec;
    if (!web_dir.empty() && fs::is_directory(web_dir, ec)) root_ = fs::canonical(web_dir, ec).string();
}

bool StaticSite::serve(const httplib::Request& req, httplib::Response& res) {
    if (root_.empty()) return false;
    std::string relative = req.path;
    if (relative.empty() || relative.back() == '/') relative += "index.html";
    std::error_code ec;
    const fs::path candidate = fs::weakly_canonical(fs::path(root_) / fs::path(relative).relative_path(), ec);
    const std::string resolved = candidate.string();
    // Whatever the path says ("..", symlinks), only files under the web folder are served.
    if (ec || resolved.compare(0, root_.size() + 1, root_ + "/") != 0 || !fs::is_regular_file(candidate, ec)) {
        return false;
    }
    const std::string extension = candidate.extension().string();
    const std::string mime = mime_for(extension);
    const bool gzipped = compressible(extension) && accepts_gzip(req);
    res.set_header("Vary", "Accept-Encoding");
    if (content_hashed(candidate)) {
        res.set_header("Cache-Control", "public, max-age=31536000, immutable");
    } else {
        // Everything else is checked on every visit; an unchanged file costs one empty 304.
        const std::string tag = entity_tag(candidate, gzipped);
        res.set_header("Cache-Control", "no-cache");
        res.set_header("ETag", tag);
        if (req.get_header_value("If-None-Match") == tag) {
            res.status = 304;
            return true;
        }
    }
    if (gzipped) {
        const int64_t mtime = fs::last_write_time(candidate, ec).time_since_epoch().count();
        if (auto bytes = gzip_cached(resolved, mtime)) {
            res.set_header("Content-Encoding", "gzip");
            res.set_content_provider(bytes->size(), mime, [bytes](size_t offset, size_t length, httplib::DataSink& sink) {
                return sink.write(bytes->data() + offset, std::min<size_t>(length, 65536));
            });
            return true;
        }
    }
    send_file(res, resolved, mime);
    return true;
}

std::shared_ptr<const std::string> StaticSite::gzip_cached(const std::string& path, int64_t mtime) {
    std::lock_guard<std::mutex> lock(mutex_);
    Compressed& entry = gzip_cache_[path];
    if (entry.bytes && entry.mtime == mtime) return entry.bytes;
    std::ifstream in(path, std::ios::binary);
    const std::string raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::string packed = gzip(raw);
    if (packed.empty()) return nullptr;
    entry = {mtime, std::make_shared<const std::string>(std::move(packed))};
    return entry.bytes;
}

}  // namespace cw::server
