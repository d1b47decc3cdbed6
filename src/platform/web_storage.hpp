// The core's Storage on localStorage.
#pragma once
#include "core/storage.hpp"

namespace cw::platform {

class WebStorage : public core::Storage {
public:
    std::optional<std::string> get(const std::string& key) const override;
    void set(const std::string& key, const std::string& value) override;
    void remove(const std::string& key) override;
};

}  // namespace cw::platform
