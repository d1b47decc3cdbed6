// The agent's one tool, edit_timeline. With CW_EDIT_URL set it POSTs its arguments (less
// `authorization`) as JSON to that URL and returns the answer; otherwise it only returns
// {"ok": true}. Either way it records the edit in the session state through the tool context,
// so the functionResponse event carries actions.stateDelta.

import { FunctionTool } from "@google/adk";

function authorizationHeader(fromArgs) {
  if (typeof fromArgs === "string" && fromArgs !== "") return fromArgs;
  const token = process.env.CW_EDIT_TOKEN;
  if (!token) return undefined;
  return /^\S+\s+\S/.test(token) ? token : `Bearer ${token}`;  // a bare token gets the Bearer scheme
}

function timeoutMs() {
  const v = Number.parseInt(process.env.CW_EDIT_TIMEOUT_MS ?? "", 10);
  return Number.isFinite(v) && v > 0 ? v : 15000;
}

async function postEdit(url, body, authorization) {
  const headers = { "Content-Type": "application/json", Accept: "application/json" };
  if (authorization) headers.Authorization = authorization;
  const res = await fetch(url, {
    method: "POST",
    headers,
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs()),
  });
  const raw = await res.text();
  let parsed;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = undefined;
  }
  if (!res.ok) {
    // ADK turns a thrown error into the functionResponse {"error": "Error in tool 'edit_timeline': ..."}.
    throw new Error(`the edit endpoint answered HTTP ${res.status}: ${raw.slice(0, 300)}`);
  }
  if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed;
  return { ok: true, status: res.status, body: raw };
}

// A draft version in the edit endpoint's answer, if it names one.
function draftVersion(result) {
  for (const v of [result?.draft_version, result?.version, result?.data?.draft_version, result?.data?.version]) {
    if (Number.isInteger(v)) return v;
  }
  return undefined;
}

export const editTimeline = new FunctionTool({
  name: "edit_timeline",
  description:
    "Apply one edit to the user's Clipwright timeline: an instruction in words, and/or a new canvas " +
    "(width, height, fps), and/or a whole draft.",
  parameters: {
    type: "OBJECT",
    properties: {
      instruction: { type: "STRING", description: "The edit in plain words." },
      canvas: {
        type: "OBJECT",
        description: "A new canvas for the timeline.",
        properties: {
          width: { type: "INTEGER" },
          height: { type: "INTEGER" },
          fps: { type: "INTEGER" },
        },
      },
      draft: { type: "OBJECT", description: "A whole draft to store (the contract's short-key form)." },
      authorization: { type: "STRING", description: "Authorization header value for the edit endpoint." },
    },
  },
  execute: async (args, toolContext) => {
    const { authorization, ...body } = args ?? {};
    const url = process.env.CW_EDIT_URL;
    // The edit endpoint needs to know whose timeline this is.
    const result = url ? await postEdit(url, { ...body, sessionId: toolContext.sessionId }, authorizationHeader(authorization)) : { ok: true };

    const state = toolContext.state;
    state.set("edit_count", (state.get("edit_count") ?? 0) + 1);
    state.set("last_edit", body);
    if (body.canvas && typeof body.canvas === "object") state.set("canvas_config", body.canvas);
    const version = draftVersion(result);
    if (version !== undefined) state.set("draft_version", version);
    return result;
  },
});
