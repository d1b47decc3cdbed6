// Not a test: how long the agent takes to read a request, per message of the request corpus and for
// one 100 KB message, beside reading the same text as a JSON string (a plain linear pass).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "intent.hpp"

namespace {

using Clock = std::chrono::steady_clock;

std::vector<std::string> corpus_messages(const char* path) {
    std::vector<std::string> messages;
    std::ifstream file(path);
    std::string line;
    while (std::getline(file, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::size_t a = line.find(" | "), b = line.find(" | ", a + 3), c = line.rfind(" | ");
        if (a == std::string::npos || b == std::string::npos || c <= b) continue;
        std::string turns = line.substr(b + 3, c - b - 3);
        for (std::size_t at = 0;;) {
            std::size_t next = turns.find(" >> ", at);
            messages.push_back(turns.substr(at, next - at));
            if (next == std::string::npos) break;
            at = next + 4;
        }
    }
    return messages;
}

// Microseconds per call of `work` over the messages, best of five rounds.
template <typename Work>
double per_message_us(const std::vector<std::string>& messages, Work work) {
    double best = 1e18;
    for (int round = 0; round < 5; ++round) {
        auto start = Clock::now();
        for (const std::string& message : messages) work(message);
        best = std::min(best, std::chrono::duration<double, std::micro>(Clock::now() - start).count() / messages.size());
    }
    return best;
}

}  // namespace

int main() {
    std::vector<std::string> messages = corpus_messages(CW_CORPUS_FILE);
    std::size_t sink = 0;
    double parse = per_message_us(messages, [&](const std::string& m) { sink += cw::server::parse_instruction(m).size(); });
    double json = per_message_us(messages, [&](const std::string& m) { sink += nlohmann::json::parse(nlohmann::json(m).dump()).size(); });
    std::printf("agent reading: %.1f us per message over %zu corpus messages; a JSON round trip of each: %.2f us (ratio %.0fx)\n", parse,
                messages.size(), json, parse / json);
    std::string big;
    while (big.size() < 100000) big += messages[big.size() % messages.size()] + ". ";
    std::vector<std::string> one = {big};
    double big_parse = per_message_us(one, [&](const std::string& m) { sink += cw::server::parse_instruction(m).size(); });
    double big_json = per_message_us(one, [&](const std::string& m) { sink += nlohmann::json::parse(nlohmann::json(m).dump()).size(); });
    std::printf("one %zu KB message: %.1f ms; its JSON round trip: %.2f ms (ratio %.0fx)\n", big.size() / 1000, big_parse / 1000,
                big_json / 1000, big_parse / big_json);
    return sink == 0 ? 1 : 0;
}
