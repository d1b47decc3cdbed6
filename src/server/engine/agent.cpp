// The rule-based planner: parses an instruction into intents and applies them to the draft.
#include "agent.hpp"

namespace cw::server {
namespace {

class RulePlanner : public Planner {
public:
    AgentResult plan(const AgentInput& input) override {
        AgentResult result;
        result.draft = input.draft;
        result.canvas = input.canvas;
        result.reply = "I can't do that yet.";
        return result;
    }
};

}  // namespace

std::unique_ptr<Planner> make_rule_planner() { return std::make_unique<RulePlanner>(); }

std::string describe_change(const nlohmann::json& before, const nlohmann::json& after, const std::string&) {
    return before == after ? "no change" : "timeline changed";
}

}  // namespace cw::server
