// Runs a program directly (no shell: arguments reach it exactly as given) and collects its output.
#pragma once
#include <string>
#include <vector>

namespace cw::server {

struct CommandResult {
    bool started = false;
    bool timed_out = false;
    int exit_code = -1;
    std::string out;  // standard output; standard error is discarded
};

// argv[0] is looked up in PATH. Output beyond max_output bytes is dropped.
CommandResult run_command(const std::vector<std::string>& argv, int timeout_ms, size_t max_output = 4 << 20);

}  // namespace cw::server
