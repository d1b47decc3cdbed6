// fork/exec with pipes for progress (fd 3) and stderr; poll() keeps the cancel flag responsive.
#include "ffmpeg_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <vector>

namespace cw::server {

namespace {

constexpr int kProgressFd = 3;
constexpr size_t kErrorTailBytes = 2000;

struct Pipe {
    int read_end = -1;
    int write_end = -1;
    bool open() {
        int fds[2];
        if (pipe2(fds, O_CLOEXEC) != 0) return false;
        read_end = fds[0];
        write_end = fds[1];
        return true;
    }
    void close_read() { if (read_end >= 0) ::close(read_end), read_end = -1; }
    void close_write() { if (write_end >= 0) ::close(write_end), write_end = -1; }
};

std::vector<char*> c_argv(const std::vector<std::string>& argv) {
    std::vector<char*> result;
    for (const auto& arg : argv) result.push_back(const_cast<char*>(arg.c_str()));
    result.push_back(nullptr);
    return result;
}

// In the child: only async-signal-safe calls until exec. The server may block signals in its
// threads; the child starts with none blocked, and is killed when the server dies.
[[noreturn]] void exec_child(char* const* argv, const std::string& cwd, int progress_fd, int stderr_fd, int stdout_fd,
                             pid_t parent) {
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);
    int null_fd = ::open("/dev/null", O_RDWR);
    if (null_fd >= 0) ::dup2(null_fd, STDIN_FILENO);
    ::dup2(stdout_fd >= 0 ? stdout_fd : null_fd, STDOUT_FILENO);
    ::dup2(stderr_fd >= 0 ? stderr_fd : null_fd, STDERR_FILENO);
    // dup2 onto the same fd keeps close-on-exec, so clear it explicitly in that case.
    if (progress_fd == kProgressFd) ::fcntl(kProgressFd, F_SETFD, 0);
    else if (progress_fd >= 0) ::dup2(progress_fd, kProgressFd);
    if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) ::_exit(127);
    ::execvp(argv[0], argv);
    ::_exit(127);
}

// Splits ffmpeg's key=value progress lines and reports out_time_ms (microseconds despite the name).
class ProgressReader {
public:
    explicit ProgressReader(const std::function<void(int64_t)>& callback) : callback_(callback) {}
    void feed(const char* data, size_t size) {
        buffer_.append(data, size);
        size_t newline;
        while ((newline = buffer_.find('\n')) != std::string::npos) {
            handle_line(buffer_.substr(0, newline));
            buffer_.erase(0, newline + 1);
        }
    }

private:
    void handle_line(const std::string& line) {
        static const std::string key = "out_time_us=";
        if (!callback_ || line.compare(0, key.size(), key) != 0) return;
        char* end = nullptr;
        long long us = std::strtoll(line.c_str() + key.size(), &end, 10);
        if (end != line.c_str() + key.size() && us >= 0) callback_(us / 1000);
    }
    const std::function<void(int64_t)>& callback_;
    std::string buffer_;
};

void append_tail(std::string& tail, const char* data, size_t size) {
    tail.append(data, size);
    if (tail.size() > kErrorTailBytes) tail.erase(0, tail.size() - kErrorTailBytes);
}

int wait_exit_code(pid_t pid) {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

}  // namespace

ProcessResult run_process(const std::vector<std::string>& argv, const std::string& cwd,
                          const std::function<void(int64_t)>& on_out_time_ms, const std::atomic<bool>& cancel,
                          const OutputSink& on_stdout) {
    ProcessResult result;
    Pipe progress, errors, output;
    if (!progress.open() || !errors.open() || (on_stdout && !output.open())) {
        for (Pipe* pipe : {&progress, &errors, &output}) pipe->close_read(), pipe->close_write();
        result.error_tail = "cannot create pipes";
        return result;
    }
    auto args = c_argv(argv);
    const pid_t parent = ::getpid();
    pid_t pid = ::fork();
    if (pid == 0) exec_child(args.data(), cwd, progress.write_end, errors.write_end, output.write_end, parent);
    for (Pipe* pipe : {&progress, &errors, &output}) pipe->close_write();
    if (pid < 0) {
        for (Pipe* pipe : {&progress, &errors, &output}) pipe->close_read();
        result.error_tail = "cannot start " + argv[0];
        return result;
    }
    result.started = true;

    ProgressReader reader(on_out_time_ms);
    pollfd fds[3] = {{progress.read_end, POLLIN, 0}, {errors.read_end, POLLIN, 0}, {output.read_end, POLLIN, 0}};
    int open_count = on_stdout ? 3 : 2;
    std::vector<char> buffer(on_stdout ? 1 << 20 : 4096);
    while (open_count > 0) {
        if (cancel.load()) {
            ::kill(pid, SIGKILL);
            result.cancelled = true;
            break;
        }
        if (::poll(fds, 3, 100) < 0 && errno != EINTR) break;
        for (auto& fd : fds) {
            if (fd.fd < 0 || !(fd.revents & (POLLIN | POLLHUP | POLLERR))) continue;
            ssize_t n = ::read(fd.fd, buffer.data(), buffer.size());
            if (n <= 0) {
                fd.fd = -1;
                --open_count;
            } else if (fd.fd == progress.read_end) {
                reader.feed(buffer.data(), static_cast<size_t>(n));
            } else if (fd.fd == output.read_end) {
                if (!on_stdout(buffer.data(), static_cast<size_t>(n))) ::kill(pid, SIGKILL);
            } else {
                append_tail(result.error_tail, buffer.data(), static_cast<size_t>(n));
            }
        }
    }
    for (Pipe* pipe : {&progress, &errors, &output}) pipe->close_read();
    result.exit_code = wait_exit_code(pid);
    return result;
}

CommandResult run_command(const std::vector<std::string>& argv, int timeout_ms, size_t max_output) {
    CommandResult result;
    Pipe out;
    if (!out.open()) return result;
    auto args = c_argv(argv);
    const pid_t parent = ::getpid();
    pid_t pid = ::fork();
    if (pid == 0) exec_child(args.data(), {}, -1, -1, out.write_end, parent);
    out.close_write();
    if (pid < 0) {
        out.close_read();
        return result;
    }
    result.started = true;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    char buffer[16384];
    for (;;) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
        if (left <= 0) {
            result.timed_out = true;
            ::kill(pid, SIGKILL);
            break;
        }
        pollfd pfd{out.read_end, POLLIN, 0};
        const int ready = ::poll(&pfd, 1, static_cast<int>(left));
        if (ready <= 0) continue;
        const ssize_t n = ::read(out.read_end, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        if (result.out.size() < max_output) result.out.append(buffer, static_cast<size_t>(n));
    }
    out.close_read();
    result.exit_code = wait_exit_code(pid);
    return result;
}

}  // namespace cw::server
