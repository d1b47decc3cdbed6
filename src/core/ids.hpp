// Identifiers the client makes up: client ids (UUID v4 form) and render ids, from a seeded generator
// so that the core stays deterministic; the platform seeds it with real entropy.
#pragma once
#include <cstdint>
#include <string>

namespace cw::core {

class IdGenerator {
public:
    explicit IdGenerator(std::uint64_t seed) : state_(seed) {}
    std::string uuid();
    std::uint64_t next();

private:
    std::uint64_t state_;
};

// "render_<ms>", the id form of the contract's export request.
std::string render_id(std::int64_t now_ms);

}  // namespace cw::core
