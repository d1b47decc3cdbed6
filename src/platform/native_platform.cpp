// NativePlatform: the system clock and entropy, everything else recorded in memory.
#include "platform/native_platform.hpp"

#include <chrono>
#include <random>

namespace cw::platform {

NativePlatform::NativePlatform(core::Transport& transport, core::Storage& storage, Pump pump)
    : transport_(transport), storage_(storage), pump_(std::move(pump)) {}

std::int64_t NativePlatform::now_ms() const {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::uint64_t NativePlatform::entropy() {
    std::random_device device;
    return (static_cast<std::uint64_t>(device()) << 32) ^ device();
}

void NativePlatform::pick_files(const std::string&) { ++pickers_opened; }

std::vector<core::FileRef> NativePlatform::take_new_files() {
    std::vector<core::FileRef> out;
    out.swap(incoming_);
    return out;
}

void NativePlatform::download(const std::string& url, const std::string& filename) {
    downloads.push_back({url, filename});
}

void NativePlatform::show_preview(const std::string& url, bool, const ScreenRect& area) {
    preview_url = url;
    preview_area = area;
}

void NativePlatform::drop_files(const std::vector<core::FileRef>& files) {
    incoming_.insert(incoming_.end(), files.begin(), files.end());
}

}  // namespace cw::platform
