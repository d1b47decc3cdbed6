// Shared helpers used by the store, uploads, chat and jobs.
#include "util.hpp"

#include <fcntl.h>
#include <sys/random.h>
#include <unistd.h>

#include <openssl/sha.h>

#include <algorithm>
#include <chrono>
#include <iterator>
#include <stdexcept>

#include "draft/text.hpp"

namespace cw::server {

std::string random_hex(size_t bytes) {
    std::string raw(bytes, '\0');
    size_t filled = 0;
    while (filled < bytes) {
        const ssize_t n = getrandom(raw.data() + filled, bytes - filled, 0);
        if (n < 0) throw std::runtime_error("getrandom failed");
        filled += size_t(n);
    }
    static const char digits[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(bytes * 2);
    for (unsigned char c : raw) {
        hex += digits[c >> 4];
        hex += digits[c & 15];
    }
    return hex;
}

int64_t now_s() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

double now_s_precise() {
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

uint64_t fnv1a(const std::string& text) {
    uint64_t hash = 1469598103934665603ull;
    for (unsigned char c : text) {
        hash ^= c;
        hash *= 1099511628211ull;
    }
    return hash;
}

namespace {

// Control characters and the bidirectional overrides that can make "clip\u202Egpj.exe" read as an image.
bool hidden_character(const std::string& sequence) {
    if (sequence.size() == 1) return static_cast<unsigned char>(sequence[0]) < 0x20 || sequence[0] == 0x7f;
    static const char* const hidden[] = {"\xE2\x80\xAA", "\xE2\x80\xAB", "\xE2\x80\xAC", "\xE2\x80\xAD",
                                         "\xE2\x80\xAE", "\xE2\x81\xA6", "\xE2\x81\xA7", "\xE2\x81\xA8", "\xE2\x81\xA9"};
    const bool c1_control = sequence.size() == 2 && static_cast<unsigned char>(sequence[0]) == 0xC2 &&
                            static_cast<unsigned char>(sequence[1]) < 0xA0;
    return c1_control || std::find(std::begin(hidden), std::end(hidden), sequence) != std::end(hidden);
}

}  // namespace

std::string sha256_hex(const std::string& text) {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
    static const char digits[] = "0123456789abcdef";
    std::string hex;
    for (unsigned char byte : digest) hex += digits[byte >> 4], hex += digits[byte & 15];
    return hex;
}

std::string clean_display_name(const std::string& name) {
    std::string base = name;
    const size_t slash = base.find_last_of("/\\");
    if (slash != std::string::npos) base = base.substr(slash + 1);
    // Bytes that are not UTF-8 become U+FFFD, so the name is always valid in JSON and in the database.
    std::string out;
    for (size_t at = 0; at < base.size();) {
        const size_t length = draft::utf8_sequence_length(base, at);
        const std::string sequence = length ? base.substr(at, length) : "\xEF\xBF\xBD";
        at += length ? length : 1;
        if (hidden_character(sequence)) continue;
        if (out.size() + sequence.size() > 200) break;  // bounded length, never half a character
        out += sequence;
    }
    if (out.empty() || out == "." || out == "..") out = "file";
    return out;
}

void fsync_path(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

}  // namespace cw::server
