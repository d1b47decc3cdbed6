// Runs ffmpeg (or ffprobe) as a child process without a shell, reading its -progress output.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace cw::server {

struct ProcessResult {
    bool started = false;
    bool cancelled = false;
    int exit_code = -1;
    std::string error_tail;  // the last lines ffmpeg wrote to stderr
};

// Runs argv[0] found on PATH with `cwd` as working directory. When `progress_fd_arg` is true, the
// child's fd 3 is a pipe and `on_out_time_ms` receives each out_time_ms it reports (ffmpeg must be
// given "-progress pipe:3"). The child is killed as soon as `cancel` becomes true.
ProcessResult run_process(const std::vector<std::string>& argv, const std::string& cwd,
                          const std::function<void(int64_t)>& on_out_time_ms, const std::atomic<bool>& cancel);

// Runs a command to completion and returns its stdout (empty on failure); for ffprobe queries.
std::string capture_output(const std::vector<std::string>& argv);

}  // namespace cw::server
