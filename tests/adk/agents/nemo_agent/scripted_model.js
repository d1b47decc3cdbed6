// A scripted stand-in for Gemini: ADK's own `Gemini` model class with its API client replaced by
// one that answers from a script instead of the network. Everything after the client is ADK's
// own code: the response-to-LlmResponse conversion (errorCode / finishReason), the streaming
// aggregator (partial chunks, then one aggregated event), function-call ids, tool execution,
// functionResponse events and the error event for a model that throws.
//
// The script is chosen by the first word of the user's message, `scenario:<name>` (any letter
// case); a message without that word gets the `text` scenario. README.md lists the scenarios.

import { Gemini } from "@google/adk";

const PREFIX = "scenario:";
const TOOL = "edit_timeline";
const DEFAULT_INSTRUCTION = "trim the first clip to 3 seconds";
const DEFAULT_CANVAS = { width: 1080, height: 1920, fps: 30 };
// Texts ADK itself adds to a request (BaseLlm.maybeAppendUserContent); never a user's message.
const ADK_FILLERS = ["Handle the requests as specified", "Continue processing previous requests"];

// ---------------------------------------------------------------------------------------------
// Turn descriptions. A turn is what the model says in one call: parts, how it finished, or a
// failure. `step` is how many tool results the model has seen since the user's message.

const text = (t) => ({ text: t });
const call = (args) => ({ functionCall: { name: TOOL, args } });
const done = (parts) => ({ parts, finishReason: "STOP" });
const silent = () => ({ parts: null, finishReason: "STOP" });

function toolArgs(rest, fallback) {
  const trimmed = rest.trim();
  if (trimmed.startsWith("{")) {
    try {
      const parsed = JSON.parse(trimmed);
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed;
    } catch {
      // not JSON: the words are the instruction
    }
  }
  return fallback(trimmed);
}

const instructionArgs = (rest) => toolArgs(rest, (t) => ({ instruction: t || DEFAULT_INSTRUCTION }));

const SCENARIOS = {
  // A plain text reply.
  text: (rest) => [done([text(`Here is a scripted reply to your message: ${rest || "hello"}. Nothing on the timeline changed.`)])],

  // Text, then a tool call in the same model turn; after the tool result, a closing text.
  text_tool: (rest) => [
    done([text("Sure, I will make that edit on the timeline now."), call(instructionArgs(rest))]),
    done([text("Done: the edit is applied. Preview it in the timeline.")]),
  ],

  // Text, then a tool call; after the tool result the model says nothing more.
  text_tool_silent: (rest) => [
    done([text("Sure, I will make that edit on the timeline now."), call(instructionArgs(rest))]),
    silent(),
  ],

  // A tool call with no text before it; after the tool result, nothing more.
  tool: (rest) => [done([call(instructionArgs(rest))]), silent()],

  // Two tool calls in one model turn (ADK runs both and merges their results into one event).
  two_tools: (rest) => [
    done([call(instructionArgs(rest)), call({ instruction: "add a title: Scripted" })]),
    done([text("Both edits are done.")]),
  ],

  // A tool call whose arguments change only the canvas, then nothing more.
  canvas: (rest) => [done([call(toolArgs(rest, () => ({ canvas: { ...DEFAULT_CANVAS } })))]), silent()],

  // Nothing at all: a candidate with no content, finishReason STOP.
  nothing: () => [silent()],

  // A candidate whose only part is an empty text, finishReason STOP.
  empty_text: () => [done([text("")])],

  // The model call fails before anything arrives, the way @google/genai reports an HTTP error.
  error: () => [{
    throws: () => new Error(
      'got status: 503 Service Unavailable. {"error":{"code":503,"message":"The model is overloaded. Please try again later.","status":"UNAVAILABLE"}}'),
  }],

  // The model call fails with a message that is a JSON error body: ADK takes its code.
  error_json: () => [{
    throws: () => new Error(
      '{"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","status":"RESOURCE_EXHAUSTED"}}'),
  }],

  // Some text streams, then the model call fails.
  error_midstream: () => [{
    parts: [text("Let me look at your timeline and work out the best cut for it.")],
    throwsAfterParts: () => new Error("scripted failure: the model stream broke off"),
  }],

  // A failure that is not an Error object: ADK's model-error handling re-throws it and the API
  // server ends the stream with its own {"error": ...} line.
  crash: () => [{
    throws: () => ({ name: "ScriptedCrash", message: "scripted crash outside the model error handling" }),
  }],

  // A safety stop: no content, finishReason SAFETY, no finishMessage.
  safety: () => [{ parts: null, finishReason: "SAFETY", safety: true }],

  // Some text, then a safety stop.
  safety_after_text: () => [{
    parts: [text("I can help with that. First, the opening scene shows")],
    finishReason: "SAFETY",
    safety: true,
  }],

  // Text cut off by the token limit.
  max_tokens: () => [{
    parts: [text("This reply is long and gets cut off by the token limit before it")],
    finishReason: "MAX_TOKENS",
  }],

  // A text reply after a pause (default 3000 ms, or the number after the keyword).
  slow: (rest) => {
    const ms = Number.parseInt(rest, 10);
    return [{ ...done([text("Sorry for the wait, here is the scripted reply.")]), delayMs: Number.isFinite(ms) ? ms : 3000 }];
  },
};

export const SCENARIO_NAMES = Object.keys(SCENARIOS);

// ---------------------------------------------------------------------------------------------
// Reading the request.

function partsOf(content) {
  return Array.isArray(content?.parts) ? content.parts : [];
}

function isUserMessage(content) {
  if (content?.role !== "user") return false;
  const parts = partsOf(content);
  if (parts.some((p) => p.functionResponse)) return false;
  const texts = parts.filter((p) => typeof p.text === "string");
  if (texts.length === 0) return false;
  return !ADK_FILLERS.some((f) => texts[0].text.startsWith(f));
}

// The user's message of this invocation and how many tool results came after it.
export function readRequest(contents) {
  const list = Array.isArray(contents) ? contents : [];
  let index = -1;
  for (let i = list.length - 1; i >= 0; --i) {
    if (isUserMessage(list[i])) {
      index = i;
      break;
    }
  }
  const message = index < 0 ? "" : partsOf(list[index]).filter((p) => typeof p.text === "string").map((p) => p.text).join("");
  let step = 0;
  for (let i = index + 1; i < list.length; ++i) {
    if (partsOf(list[i]).some((p) => p.functionResponse)) step += 1;
  }
  return { message, step };
}

export function chooseScenario(message) {
  const trimmed = message.trimStart();
  const match = /^(\S+)\s*([\s\S]*)$/.exec(trimmed);
  const first = match ? match[1] : "";
  if (first.toLowerCase().startsWith(PREFIX)) {
    const name = first.slice(PREFIX.length).toLowerCase();
    if (Object.hasOwn(SCENARIOS, name)) return { name, rest: match[2].trim() };
    return { name: "text", rest: `unknown scenario "${name}"; known: ${SCENARIO_NAMES.join(", ")}` };
  }
  return { name: "text", rest: trimmed };
}

function planTurn(contents) {
  const { message, step } = readRequest(contents);
  const { name, rest } = chooseScenario(message);
  const turns = SCENARIOS[name](rest);
  return { name, turn: turns[step] ?? silent() };
}

// ---------------------------------------------------------------------------------------------
// Writing responses in the shape of the Gemini API (GenerateContentResponse).

const SAFETY_RATINGS = [
  { category: "HARM_CATEGORY_HATE_SPEECH", probability: "NEGLIGIBLE" },
  { category: "HARM_CATEGORY_DANGEROUS_CONTENT", probability: "HIGH", blocked: true },
  { category: "HARM_CATEGORY_HARASSMENT", probability: "NEGLIGIBLE" },
  { category: "HARM_CATEGORY_SEXUALLY_EXPLICIT", probability: "NEGLIGIBLE" },
];

function countWords(value) {
  const s = typeof value === "string" ? value : JSON.stringify(value ?? "");
  return s.split(/\s+/).filter(Boolean).length;
}

function promptTokens(contents) {
  let n = 0;
  for (const c of contents ?? []) for (const p of partsOf(c)) n += countWords(p.text ?? p.functionCall ?? p.functionResponse);
  return Math.max(1, n);
}

function response({ parts, finishReason, finishMessage, safety }, prompt, candidates) {
  const candidate = { index: 0 };
  if (parts) candidate.content = { role: "model", parts };
  if (finishReason) candidate.finishReason = finishReason;
  if (finishMessage) candidate.finishMessage = finishMessage;
  if (safety) candidate.safetyRatings = SAFETY_RATINGS;
  return {
    candidates: [candidate],
    usageMetadata: { promptTokenCount: prompt, candidatesTokenCount: candidates, totalTokenCount: prompt + candidates },
    modelVersion: "scripted-gemini",
  };
}

// Splits a text into a few chunks at word ends (about three words each).
function textChunks(t) {
  const words = t.match(/\S+\s*/g) ?? [t];
  const chunks = [];
  for (let i = 0; i < words.length; i += 3) chunks.push(words.slice(i, i + 3).join(""));
  return chunks.length ? chunks : [t];
}

// The stream of chunks for a turn: text in pieces, tool calls in a chunk of their own, the finish
// reason on the last chunk (a safety stop comes on a chunk of its own, with no content).
function streamChunks(turn, prompt) {
  const pieces = [];
  for (const part of turn.parts ?? []) {
    const previous = pieces[pieces.length - 1];
    if (typeof part.text === "string" && part.text !== "") for (const c of textChunks(part.text)) pieces.push([text(c)]);
    else if (part.functionCall && previous?.every((p) => p.functionCall)) previous.push(part);  // parallel calls share a chunk
    else pieces.push([part]);
  }
  const chunks = [];
  let produced = 0;
  for (const parts of pieces) {
    for (const p of parts) produced += countWords(p.text ?? p.functionCall);
    chunks.push({ parts, produced });
  }
  const ownFinalChunk = !turn.throwsAfterParts && (chunks.length === 0 || turn.safety);
  if (ownFinalChunk) chunks.push({ parts: null, produced });
  return chunks.map((c, i) => {
    const last = i === chunks.length - 1 && !turn.throwsAfterParts;
    return response(
      { parts: c.parts, finishReason: last ? turn.finishReason : undefined, finishMessage: last ? turn.finishMessage : undefined, safety: last && turn.safety },
      prompt,
      c.produced,
    );
  });
}

function wholeResponse(turn, prompt) {
  const parts = turn.parts ? turn.parts.map((p) => ({ ...p })) : null;
  return response({ ...turn, parts }, prompt, countWords((turn.parts ?? []).map((p) => p.text ?? JSON.stringify(p.functionCall)).join(" ")));
}

function sleep(ms, signal) {
  if (!ms) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => { clearTimeout(timer); resolve(); }, { once: true });
  });
}

function chunkDelayMs() {
  const v = Number.parseInt(process.env.CW_ADK_CHUNK_DELAY_MS ?? "", 10);
  return Number.isFinite(v) && v >= 0 ? v : 10;
}

// The part of @google/genai's client that ADK's Gemini class calls.
class ScriptedClient {
  constructor() {
    this.vertexai = false;
    this.models = {
      generateContent: (request) => this.generateContent(request),
      generateContentStream: (request) => this.generateContentStream(request),
    };
  }

  async generateContent({ contents, config }) {
    const { turn } = planTurn(contents);
    await sleep(turn.delayMs, config?.abortSignal);
    if (turn.throws) throw turn.throws();
    if (turn.throwsAfterParts) throw turn.throwsAfterParts();
    return wholeResponse(turn, promptTokens(contents));
  }

  async generateContentStream({ contents, config }) {
    const { turn } = planTurn(contents);
    const signal = config?.abortSignal;
    await sleep(turn.delayMs, signal);
    if (turn.throws) throw turn.throws();
    const chunks = streamChunks(turn, promptTokens(contents));
    const delay = chunkDelayMs();
    return (async function* () {
      for (let i = 0; i < chunks.length; ++i) {
        if (signal?.aborted) return;
        if (i > 0) await sleep(delay, signal);
        yield chunks[i];
      }
      if (turn.throwsAfterParts) {
        await sleep(delay, signal);
        throw turn.throwsAfterParts();
      }
    })();
  }
}

export class ScriptedGemini extends Gemini {
  constructor({ model = "scripted-gemini" } = {}) {
    // The key is never sent anywhere: the client below replaces the network one.
    super({ model, apiKey: "scripted-model-no-key", vertexai: false });
    this.scriptedClient = new ScriptedClient();
  }

  get apiClient() {
    return this.scriptedClient;
  }
}
