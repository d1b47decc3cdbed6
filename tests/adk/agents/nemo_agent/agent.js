// The nemo_agent app as a real ADK agent for tests: an LlmAgent on the scripted model, with the
// edit_timeline tool. adk-devtools finds it as agents/nemo_agent/agent.js and takes `rootAgent`.

import { LlmAgent } from "@google/adk";

import { editTimeline } from "./edit_tool.js";
import { ScriptedGemini } from "./scripted_model.js";

export const rootAgent = new LlmAgent({
  name: "nemo_agent",
  description: "Edits the user's video timeline (scripted for tests).",
  instruction: "You edit the user's video timeline with the edit_timeline tool and say what you did.",
  model: new ScriptedGemini(),
  tools: [editTimeline],
});
