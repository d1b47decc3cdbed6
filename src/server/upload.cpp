// Upload handling. Bytes go straight from the socket to tmp/<random>.part (never held whole in
// memory); only after every file of the request passed the size and content checks are they moved
// into media/<id>.<ext> and recorded. User file names are kept for display only, never as paths.
#include "upload.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <fcntl.h>
#include <strings.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>

#include <filesystem>
#include <regex>
#include <set>

#include <httplib.h>

#include "api_error.hpp"
#include "draft/media_types.hpp"
#include "draft/text.hpp"
#include "probe.hpp"
#include "util.hpp"

namespace cw::server {

namespace fs = std::filesystem;
using nlohmann::json;

// A documented limit: one request may carry this many files (or URLs); more are refused, not cut.
constexpr size_t kMaxFilesPerRequest = 50;
constexpr double kFloorBytesPerS = 16 * 1024;  // slower than the slowest phone link; only a trickle is this slow

// One file of the request while it is being received.
struct Uploads::Incoming {
    std::string name;
    std::string tmp_path;
    int fd = -1;
    int64_t size = 0;
    bool too_large = false;
    int write_errno = 0;  // why the last write failed

    bool write(const char* data, size_t n) {
        while (n > 0) {
            const ssize_t written = ::write(fd, data, n);
            if (written < 0 && errno == EINTR) continue;
            if (written <= 0) {
                write_errno = written < 0 ? errno : ENOSPC;  // a write of 0 bytes means the disk is full
                return false;
            }
            data += written;
            n -= size_t(written);
        }
        return true;
    }
    void close_file() {
        if (fd >= 0) ::close(fd);
        fd = -1;
    }
};

namespace {

// Deletes every temporary file of a request unless the request succeeded.
struct TempGuard {
    std::vector<std::string> paths;
    ~TempGuard() {
        std::error_code ec;
        for (const std::string& p : paths) fs::remove(p, ec);
    }
};

std::string limit_text(int64_t bytes) { return std::to_string(bytes / (1024 * 1024)) + " MB"; }

ApiError too_large_error(const std::string& name, int64_t limit) {
    return ApiError(codes::too_large, "'" + name + "' is larger than the " + limit_text(limit) +
                                          " limit per file; trim or compress it and try again",
                    {{"limit_bytes", limit}, {"limit_mb", limit / (1024 * 1024)}});
}

// The client can do nothing about a full disk but wait: the message says so, and `data.reason`
// lets a client tell it apart from other server errors.
ApiError disk_full_error() {
    return ApiError(codes::internal, "the server's disk is full: the upload was not stored; free some space and try again",
                    {{"reason", "disk_full"}});
}

ApiError write_error(int error) {
    if (error == ENOSPC || error == EDQUOT) return disk_full_error();
    return ApiError(codes::internal, std::string("could not save the upload: ") + std::strerror(error));
}

ApiError too_many_files_error() {
    return ApiError(codes::bad_request, "too many files in one request: at most " + std::to_string(kMaxFilesPerRequest) +
                                            " at a time; send the rest in another upload",
                    {{"limit_files", kMaxFilesPerRequest}});
}

// A picture whose size alone would take gigabytes to decode is refused before anything decodes it.
void refuse_huge_picture(const std::string& name, int64_t width, int64_t height) {
    if (!too_many_pixels(width, height)) return;
    throw ApiError(codes::too_large,
                   "'" + name + "' is " + std::to_string(width) + "x" + std::to_string(height) +
                       " pixels, over the limit of " + std::to_string(kMaxPictureSide) + " pixels a side and " +
                       std::to_string(kMaxPicturePixels / 1000000) + " megapixels; scale it down and try again",
                   {{"limit_side", kMaxPictureSide}, {"limit_pixels", kMaxPicturePixels}});
}

// A user's URL quoted in a message: the start of it is enough to recognise it.
std::string excerpt(const std::string& text) {
    return draft::truncated(text, 120, "...");
}

const std::regex& url_pattern() {
    static const std::regex pattern(R"(^(https?)://([A-Za-z0-9.\-]+|\[[0-9A-Fa-f:.]+\])(:[0-9]{1,5})?([/?][^#\s]*)?$)");
    return pattern;
}

// Where a redirect points, as a path on the same scheme, host and port as `url`; anything else is
// refused, so a media link cannot make the server fetch from another host (a cloud metadata address,
// a service on the LAN) on the user's behalf.
std::string same_host_path(const std::string& location, const std::smatch& url) {
    if (location.size() > 1 && location[0] == '/' && location[1] != '/') return location;
    std::smatch target;
    const bool same = std::regex_match(location, target, url_pattern()) && target[1] == url[1] &&
                      target[3] == url[3] && strcasecmp(target[2].str().c_str(), url[2].str().c_str()) == 0;
    if (!same) {
        throw ApiError(codes::bad_request, "'" + excerpt(url[0]) + "' redirects to another address ('" +
                                               excerpt(location) + "'); only redirects within the same host are followed");
    }
    return target[4].length() ? target[4].str() : "/";
}

struct Download {
    int status = 0;  // the last HTTP status, 0 when no answer came
    bool complete = false;
};

bool private_v4(uint32_t a, bool allow_loopback) {  // host byte order
    auto in = [a](uint32_t net, int bits) { return (a >> (32 - bits)) == (net >> (32 - bits)); };
    if (in(0x7F000000, 8)) return !allow_loopback;  // 127/8
    return in(0x00000000, 8) || in(0x0A000000, 8) || in(0x64400000, 10) || in(0xA9FE0000, 16) || in(0xAC100000, 12) ||
           in(0xC0A80000, 16) || in(0xC0000000, 24) || in(0xC6120000, 15) || in(0xE0000000, 4) || in(0xF0000000, 4);
}

bool private_address(const sockaddr* address, bool allow_loopback) {
    if (address->sa_family == AF_INET)
        return private_v4(ntohl(reinterpret_cast<const sockaddr_in*>(address)->sin_addr.s_addr), allow_loopback);
    if (address->sa_family != AF_INET6) return true;
    const unsigned char* b = reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr.s6_addr;
    const bool mapped = std::all_of(b, b + 10, [](unsigned char c) { return c == 0; }) && b[10] == 0xFF && b[11] == 0xFF;
    if (mapped) return private_v4(uint32_t(b[12]) << 24 | uint32_t(b[13]) << 16 | uint32_t(b[14]) << 8 | b[15], allow_loopback);
    const bool zero_prefix = std::all_of(b, b + 15, [](unsigned char c) { return c == 0; });
    if (zero_prefix && b[15] == 1) return !allow_loopback;  // ::1
    if (zero_prefix && b[15] == 0) return true;              // ::
    return (b[0] & 0xFE) == 0xFC || (b[0] == 0xFE && (b[1] & 0xC0) == 0x80) || b[0] == 0xFF || zero_prefix;
}

// The one address a URL's host stands for, checked: every spelling of an address (decimal, hex,
// octal, short forms, IPv4-mapped IPv6) is resolved first, and loopback, private, link-local,
// unique-local, multicast and unspecified addresses are refused, so the server fetches only from
// the public internet; the fetch then connects to this address, so a second lookup cannot swap it.
std::optional<std::string> public_address(std::string host, bool allow_loopback) {
    if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (getaddrinfo(host.c_str(), nullptr, &hints, &found) != 0 || !found) return std::nullopt;
    std::optional<std::string> chosen;
    bool all_public = true;
    for (addrinfo* a = found; a; a = a->ai_next) {
        if (private_address(a->ai_addr, allow_loopback)) all_public = false;
        char text[INET6_ADDRSTRLEN] = {};
        const void* raw = a->ai_family == AF_INET ? static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(a->ai_addr)->sin_addr)
                                                  : static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(a->ai_addr)->sin6_addr);
        if (!chosen && inet_ntop(a->ai_family, raw, text, sizeof text))
            chosen = a->ai_family == AF_INET6 ? "[" + std::string(text) + "]" : std::string(text);
    }
    freeaddrinfo(found);
    return all_public ? chosen : std::nullopt;
}

// Every refusal and failure of a fetch reads the same: a closed port, a private address and a
// missing file must not be told apart, or the server becomes a scanner of its own network.
ApiError fetch_failed(const std::string& url) {
    return ApiError(codes::bad_request, "could not download '" + excerpt(url) +
                                            "'; check that it is a public http(s) link to the file itself");
}

// GETs the URL's path into `sink` from the checked address, following at most five same-host redirects.
Download download(const std::smatch& url, std::string path, const httplib::ContentReceiver& sink, bool allow_loopback) {
    const auto address = public_address(url[2].str(), allow_loopback);
    if (!address) throw fetch_failed(url[0]);
    httplib::Client client(url[1].str() + "://" + *address + url[3].str());
    client.set_default_headers({{"Host", url[2].str() + url[3].str()}});
    client.set_connection_timeout(10);
    client.set_read_timeout(30);
    for (int hop = 0; hop <= 5; ++hop) {
        Download got;
        std::string location;
        const auto response = client.Get(
            path,
            [&](const httplib::Response& r) {
                got.status = r.status;
                location = r.get_header_value("Location");
                return r.status == 200;
            },
            sink);
        got.complete = response && got.status == 200;
        if (got.status < 300 || got.status > 399 || location.empty()) return got;
        path = same_host_path(location, url);
    }
    throw ApiError(codes::bad_request, "'" + excerpt(url[0]) + "' redirects too many times");
}

std::string name_from_url(const std::string& path) {
    std::string clean = path.substr(0, path.find_first_of("?#"));
    const size_t slash = clean.find_last_of('/');
    if (slash != std::string::npos) clean = clean.substr(slash + 1);
    return clean_display_name(clean.empty() ? "download" : clean);
}

}  // namespace

Uploads::Uploads(Store& store, std::string ffprobe, int64_t max_file_bytes, MediaQuota quota, bool allow_loopback_urls)
    : store_(store), ffprobe_(std::move(ffprobe)), allow_loopback_urls_(allow_loopback_urls), max_file_bytes_(max_file_bytes),
      quota_(quota) {
    fs::create_directories(store_.absolute("tmp"));
    fs::create_directories(store_.absolute("media"));
}

std::vector<MediaRecord> Uploads::receive_multipart(const Session& session, const httplib::ContentReader& reader) {
    std::vector<Incoming> files;
    TempGuard guard;
    Incoming* current = nullptr;
    int64_t discarded = 0;
    // A sender that keeps going far beyond the limit is cut off.
    const int64_t discard_cap = 4 * max_file_bytes_ + (64 << 20);

    bool too_many = false, too_slow = false;
    const Pace pace(std::chrono::seconds(30), kFloorBytesPerS, std::chrono::hours(2));
    int64_t received = 0;
    const bool complete = reader(
        [&](const httplib::MultipartFormData& part) {
            if (current) current->close_file();
            current = nullptr;
            if (part.name != "files" && part.name != "file") return true;
            if (files.size() == kMaxFilesPerRequest) {
                too_many = true;
                return true;
            }
            Incoming incoming;
            incoming.name = clean_display_name(part.filename);
            incoming.tmp_path = store_.absolute("tmp/" + random_hex() + ".part");
            incoming.fd = ::open(incoming.tmp_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
            if (incoming.fd < 0) return false;
            guard.paths.push_back(incoming.tmp_path);
            files.push_back(std::move(incoming));
            current = &files.back();
            return true;
        },
        [&](const char* data, size_t n) {
            received += int64_t(n);
            if (!pace.keeps_up(received)) return !(too_slow = true);
            if (!current) {  // a field that is not a file, or a file past the per-request limit
                discarded += int64_t(n);
                return discarded < discard_cap;
            }
            if (current->too_large || current->write_errno) {
                discarded += int64_t(n);
                return discarded < discard_cap;
            }
            current->size += int64_t(n);
            current->too_large = current->size > max_file_bytes_;
            // Too large, or the disk is full: the partial file goes at once (freeing the space) and
            // the rest is read and dropped, so the client gets the answer rather than a reset.
            if (current->too_large || !current->write(data, n)) {
                current->close_file();
                ::unlink(current->tmp_path.c_str());
            }
            return true;
        });
    for (Incoming& f : files) f.close_file();

    if (too_many) throw too_many_files_error();
    for (const Incoming& f : files) {
        if (f.too_large) throw too_large_error(f.name, max_file_bytes_);
    }
    for (const Incoming& f : files) {
        if (f.write_errno) throw write_error(f.write_errno);
    }
    if (too_slow) throw ApiError(codes::bad_request, "the upload was too slow (under 16 KB/s); nothing was stored");
    if (!complete) throw ApiError(codes::bad_request, "the upload was cut off before it ended; nothing was stored");
    if (files.empty()) throw ApiError(codes::bad_request, "no file in the request: send multipart 'files' fields");
    auto stored = store_all(session, files);
    guard.paths.clear();
    return stored;
}

void Uploads::check_space(int64_t incoming_bytes) const {
    struct statvfs disk {};
    if (incoming_bytes <= 0 || ::statvfs(store_.absolute("tmp").c_str(), &disk) != 0) return;
    // The file is written once to tmp/ and renamed into media/; the database needs a little room too.
    const int64_t reserve = 4 << 20;
    if (int64_t(disk.f_bavail) * int64_t(disk.f_frsize) < incoming_bytes + reserve) throw disk_full_error();
}

std::vector<MediaRecord> Uploads::fetch_urls(const Session& session, const json& urls) {
    if (!urls.is_array() || urls.empty()) throw ApiError(codes::bad_request, "'urls' must be a non-empty array");
    if (urls.size() > kMaxFilesPerRequest) throw too_many_files_error();
    std::vector<Incoming> files;
    TempGuard guard;
    for (const json& item : urls) {
        const std::string url = item.is_string() ? item.get<std::string>() : std::string();
        std::smatch m;
        if (!std::regex_match(url, m, url_pattern())) {
            throw ApiError(codes::unsupported_type, "only plain http(s) URLs can be fetched; got '" + excerpt(url) + "'");
        }
        const std::string path = m[4].length() ? m[4].str() : "/";
        Incoming incoming;
        incoming.name = name_from_url(path);
        incoming.tmp_path = store_.absolute("tmp/" + random_hex() + ".part");
        incoming.fd = ::open(incoming.tmp_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (incoming.fd < 0) throw ApiError(codes::internal, "could not save the download");
        guard.paths.push_back(incoming.tmp_path);

        const Pace pace(std::chrono::seconds(30), kFloorBytesPerS, std::chrono::minutes(10));
        const Download got = download(m, path, [&](const char* data, size_t n) {
                incoming.size += int64_t(n);
                if (!pace.keeps_up(incoming.size)) return false;
                if (incoming.size > max_file_bytes_) {
                    incoming.too_large = true;
                    return false;
                }
                return incoming.write(data, n);
        }, allow_loopback_urls_);
        incoming.close_file();
        if (incoming.too_large) throw too_large_error(incoming.name, max_file_bytes_);
        if (incoming.write_errno) throw write_error(incoming.write_errno);
        if (!got.complete) throw fetch_failed(url);
        files.push_back(std::move(incoming));
    }
    auto stored = store_all(session, files);
    guard.paths.clear();
    return stored;
}

namespace {

// A HEIC/HEIF photo becomes the lossless PNG libheif decodes from it, in the same temporary file, so
// it is checked and stored like every other picture; one that does not decode is refused.
void decode_if_heif(const std::string& name, const std::string& tmp_path) {
    if (!is_heic(tmp_path)) return;
    const std::string png = tmp_path + ".png";
    const bool decoded = decode_heif("heif-convert", tmp_path, png);
    std::error_code ec;
    if (decoded) fs::rename(png, tmp_path, ec);
    fs::remove(png, ec);
    if (!decoded || ec)
        throw ApiError(codes::unsupported_type, "'" + name + "' looks like a HEIC/HEIF photo but could not be decoded; it may be damaged. Accepted: " +
                                                    draft::formats_text(),
                       {{"accepted", draft::formats_text()}});
}

}  // namespace

std::vector<MediaRecord> Uploads::store_all(const Session& session, std::vector<Incoming>& files) {
    std::vector<MediaRecord> records;
    for (const Incoming& f : files) {
        decode_if_heif(f.name, f.tmp_path);
        if (const auto header = image_header_size(f.tmp_path)) refuse_huge_picture(f.name, header->first, header->second);
        const auto probe = probe_media(ffprobe_, f.tmp_path);
        if (!probe) {
            const std::string why = f.size == 0 ? "' is empty (0 bytes)" : "' is not a supported file type, or it is damaged or cut short";
            throw ApiError(codes::unsupported_type, "'" + f.name + why + ". Accepted: " + draft::formats_text(),
                           {{"accepted", draft::formats_text()}});
        }
        refuse_huge_picture(f.name, probe->width, probe->height);
        MediaRecord record;
        record.info.id = random_hex();
        record.info.name = f.name;
        record.info.type = probe->type;
        record.info.size = f.size;
        record.info.duration_ms = probe->duration_ms;
        record.info.width = probe->width;
        record.info.height = probe->height;
        record.info.has_audio = probe->has_audio;
        record.session_id = session.id;
        record.file = "media/" + record.info.id + "." + probe->extension;
        record.mime = probe->mime;
        record.info.path = store_.absolute(record.file);
        record.info.url = "/media/" + record.info.id + "." + probe->extension;
        records.push_back(std::move(record));
    }
    std::vector<std::string> moved;
    try {
        for (size_t i = 0; i < files.size(); ++i) {
            fsync_path(files[i].tmp_path);
            fs::rename(files[i].tmp_path, records[i].info.path);
            moved.push_back(records[i].info.path);
        }
        fsync_path(store_.absolute("media"));
        store_.add_media(records, quota_);
    } catch (...) {
        std::error_code ec;
        for (const std::string& p : moved) fs::remove(p, ec);
        throw;
    }
    return records;
}

void Uploads::remove_leftovers() {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(store_.absolute("tmp"), ec)) fs::remove_all(entry.path(), ec);
    const auto known = store_.media_files();
    const std::set<std::string> referenced(known.begin(), known.end());
    for (const auto& entry : fs::directory_iterator(store_.absolute("media"), ec)) {
        if (!referenced.count("media/" + entry.path().filename().string())) fs::remove_all(entry.path(), ec);
    }
}

}  // namespace cw::server
