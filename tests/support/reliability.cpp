// Reliability counts as small JSON files, one per suite, replaced on every run of that suite.
#include "reliability.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace cw::test {

void record_reliability(const std::string& name, const nlohmann::json& counts) {
    const char* dir = std::getenv("CW_RELIABILITY_DIR");
    if (!dir || !*dir) return;
    nlohmann::json out = nlohmann::json::object();
    for (const char* key : {"inputs", "faults", "requests", "failures", "lost"}) out[key] = counts.value(key, 0);
    std::filesystem::create_directories(dir);
    const std::string path = std::string(dir) + "/" + name + ".json";
    std::ofstream(path + ".tmp") << out.dump(2) << "\n";
    std::filesystem::rename(path + ".tmp", path);  // a summary never reads half a file
}

}  // namespace cw::test
