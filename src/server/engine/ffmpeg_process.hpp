// Child processes (ffmpeg, ffprobe) without a shell: arguments reach the program exactly as given.
// Children die with the server, so a killed server leaves no render running.
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
// When `on_stdout` is given, the child's standard output is a pipe and every chunk read from it is
// handed over as it comes (a GIF's raw frames); returning false stops the child.
using OutputSink = std::function<bool(const char* data, size_t size)>;
ProcessResult run_process(const std::vector<std::string>& argv, const std::string& cwd,
                          const std::function<void(int64_t)>& on_out_time_ms, const std::atomic<bool>& cancel,
                          const OutputSink& on_stdout = nullptr);

struct CommandResult {
    bool started = false;
    bool timed_out = false;
    int exit_code = -1;
    std::string out;  // standard output; standard error is discarded
};

// Runs a command to completion or the deadline (then kills it), collecting up to max_output
// bytes of its standard output; for ffprobe queries.
CommandResult run_command(const std::vector<std::string>& argv, int timeout_ms, size_t max_output = 4 << 20);

}  // namespace cw::server
