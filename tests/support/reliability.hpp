// What each reliability suite tried and what went wrong, written for the `reliability_summary` test
// that prints one table for the whole run.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

namespace cw::test {

// Writes $CW_RELIABILITY_DIR/<name>.json with the keys "inputs", "faults", "requests", "failures"
// and "lost" (a missing key counts 0). Does nothing when the variable is not set.
void record_reliability(const std::string& name, const nlohmann::json& counts);

}  // namespace cw::test
