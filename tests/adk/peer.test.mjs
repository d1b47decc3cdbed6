// Checks the ADK test peer itself: start.mjs, each scenario's events as ADK sends them, the
// edit_timeline tool's forwarding, and the answers to unknown sessions and snake_case bodies.
//
//   node --test tests/adk/peer.test.mjs

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import http from "node:http";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

function startPeer(extraEnv = {}) {
  const child = spawn(process.execPath, [path.join(here, "start.mjs")], {
    env: { ...process.env, ...extraEnv },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d) => { stderr += d; });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      const m = /^ADK_PORT=(\d+)$/m.exec(out);
      if (m) resolve({ child, base: `http://127.0.0.1:${m[1]}`, stdout: () => out });
    });
    child.on("exit", (code) => reject(new Error(`start.mjs exited with ${code}: ${stderr}`)));
  });
}

function stopPeer(peer) {
  return new Promise((resolve) => {
    if (!peer || peer.child.exitCode !== null) return resolve();
    peer.child.on("exit", () => resolve());
    peer.child.kill("SIGTERM");
  });
}

async function createSession(base, id, state = {}) {
  const res = await fetch(`${base}/apps/nemo_agent/users/me/sessions/${id}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ state }),
  });
  assert.equal(res.status, 200);
  return res.json();
}

let sessionCounter = 0;

// Runs one message in a fresh session; returns the raw body and the decoded data payloads.
async function run(base, message, streaming = true) {
  const sessionId = `t${++sessionCounter}`;
  await createSession(base, sessionId);
  const res = await fetch(`${base}/run_sse`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
    body: JSON.stringify({
      appName: "nemo_agent", userId: "me", sessionId,
      newMessage: { role: "user", parts: [{ text: message }] }, streaming,
    }),
  });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "text/event-stream");
  const raw = await res.text();
  assert.ok(raw.endsWith("\n\n"), "every event ends with a blank line");
  const events = raw.split("\n\n").filter(Boolean).map((block) => {
    assert.ok(block.startsWith("data: ") && !block.includes("\n"), `one data line per event: ${block}`);
    return JSON.parse(block.slice("data: ".length));
  });
  return { raw, events, sessionId };
}

const texts = (e) => (e.content?.parts ?? []).filter((p) => typeof p.text === "string").map((p) => p.text);
const calls = (e) => (e.content?.parts ?? []).filter((p) => p.functionCall).map((p) => p.functionCall);
const results = (e) => (e.content?.parts ?? []).filter((p) => p.functionResponse).map((p) => p.functionResponse);

describe("ADK peer", () => {
  let peer;
  before(async () => { peer = await startPeer(); });
  after(() => stopPeer(peer));

  test("start.mjs prints only the port line", () => {
    assert.match(peer.stdout(), /^ADK_PORT=\d+\n$/);
  });

  test("text, streamed: partial chunks, then one aggregated final event", async () => {
    const { events } = await run(peer.base, "scenario:text hello", true);
    const partial = events.filter((e) => e.partial === true);
    const final = events.filter((e) => e.partial === false);
    assert.ok(partial.length >= 2);
    assert.equal(final.length, 1);
    assert.equal(final[0], events.at(-1));
    assert.equal(texts(final[0]).join(""), partial.map((e) => texts(e).join("")).join(""));
    assert.equal(final[0].finishReason, "STOP");
    assert.equal(final[0].errorCode, undefined);
    assert.ok(Number.isInteger(final[0].timestamp) && final[0].timestamp > 1e12, "timestamp in ms");
    assert.deepEqual(Object.keys(final[0].usageMetadata).sort(), ["candidatesTokenCount", "promptTokenCount", "totalTokenCount"]);
    for (const e of events) assert.equal(e.author, "nemo_agent");
    assert.equal(new Set(events.map((e) => e.invocationId)).size, 1);
  });

  test("text, not streamed: one event with the whole text and no partial field", async () => {
    const { events } = await run(peer.base, "scenario:text hello", false);
    assert.equal(events.length, 1);
    assert.equal(events[0].partial, undefined);
    assert.match(texts(events[0]).join(""), /hello/);
    assert.equal(events[0].finishReason, "STOP");
  });

  test("a message with no keyword is a text reply", async () => {
    const { events } = await run(peer.base, "make the title bigger", false);
    assert.match(texts(events.at(-1)).join(""), /make the title bigger/);
  });

  test("text_tool: text, functionCall with an adk- id, functionResponse with stateDelta, closing text", async () => {
    const { events } = await run(peer.base, "scenario:text_tool trim it", true);
    const callEvent = events.find((e) => calls(e).length);
    const resultEvent = events.find((e) => results(e).length);
    const call = calls(callEvent)[0];
    const result = results(resultEvent)[0];
    assert.equal(call.name, "edit_timeline");
    assert.deepEqual(call.args, { instruction: "trim it" });
    assert.match(call.id, /^adk-[0-9a-f-]{36}$/);
    assert.equal(result.id, call.id);
    assert.deepEqual(result.response, { ok: true });
    assert.equal(resultEvent.content.role, "user");
    assert.deepEqual(resultEvent.actions.stateDelta, { edit_count: 1, last_edit: { instruction: "trim it" } });
    const before = events.slice(0, events.indexOf(callEvent)).filter((e) => e.partial === false);
    assert.equal(texts(before.at(-1)).join(""), "Sure, I will make that edit on the timeline now.");
    const last = events.at(-1);
    assert.equal(last.partial, false);
    assert.match(texts(last).join(""), /^Done/);
  });

  test("tool: a call, its result, and no text at all", async () => {
    for (const streaming of [true, false]) {
      const { events } = await run(peer.base, "scenario:tool", streaming);
      assert.equal(events.flatMap(texts).length, 0);
      assert.equal(events.filter((e) => calls(e).length).length, 1);
      assert.equal(events.filter((e) => results(e).length).length, 1);
      const last = events.at(-1);
      assert.equal(last.content, undefined);
      assert.equal(last.finishReason, "STOP");
      assert.equal(last.errorCode, streaming ? undefined : "STOP");
    }
  });

  test("two_tools: both calls in one event, both results merged into one event", async () => {
    for (const streaming of [true, false]) {
      const { events } = await run(peer.base, "scenario:two_tools", streaming);
      const callEvents = events.filter((e) => calls(e).length);
      const resultEvents = events.filter((e) => results(e).length);
      assert.equal(callEvents.length, 1);
      assert.equal(calls(callEvents[0]).length, 2);
      assert.equal(resultEvents.length, 1);
      assert.deepEqual(results(resultEvents[0]).map((r) => r.id), calls(callEvents[0]).map((c) => c.id));
      assert.equal(resultEvents[0].actions.stateDelta.edit_count, 2);
    }
  });

  test("canvas: a canvas-only call, canvas_config in the stateDelta and the session, no text", async () => {
    const { events, sessionId } = await run(peer.base, "scenario:canvas", true);
    assert.equal(events.flatMap(texts).length, 0);
    assert.deepEqual(calls(events.find((e) => calls(e).length))[0].args, { canvas: { width: 1080, height: 1920, fps: 30 } });
    const delta = events.find((e) => results(e).length).actions.stateDelta;
    assert.deepEqual(delta.canvas_config, { width: 1080, height: 1920, fps: 30 });
    const session = await (await fetch(`${peer.base}/apps/nemo_agent/users/me/sessions/${sessionId}`)).json();
    assert.deepEqual(session.state.canvas_config, { width: 1080, height: 1920, fps: 30 });
  });

  test("nothing: one content-less event; errorCode STOP only when not streamed", async () => {
    const streamed = (await run(peer.base, "scenario:nothing", true)).events;
    assert.equal(streamed.length, 1);
    assert.equal(streamed[0].content, undefined);
    assert.equal(streamed[0].errorCode, undefined);
    assert.equal(streamed[0].finishReason, "STOP");
    const whole = (await run(peer.base, "scenario:nothing", false)).events;
    assert.equal(whole.length, 1);
    assert.equal(whole[0].errorCode, "STOP");
    assert.equal(whole[0].errorMessage, undefined);
  });

  test("error: ADK's error event with errorCode and errorMessage", async () => {
    for (const streaming of [true, false]) {
      const { events } = await run(peer.base, "scenario:error", streaming);
      assert.equal(events.length, 1);
      assert.equal(events[0].errorCode, "UNKNOWN_ERROR");
      assert.match(events[0].errorMessage, /^got status: 503/);
      assert.equal(events[0].content, undefined);
    }
    const { events } = await run(peer.base, "scenario:error_json", true);
    assert.equal(events[0].errorCode, "429");
    assert.equal(events[0].errorMessage, "Resource has been exhausted (e.g. check quota).");
  });

  test("error_midstream: partial text, then the error event, no aggregated text", async () => {
    const { events } = await run(peer.base, "scenario:error_midstream", true);
    assert.ok(events.slice(0, -1).every((e) => e.partial === true));
    assert.equal(events.at(-1).errorCode, "UNKNOWN_ERROR");
  });

  test("crash: the server's own {\"error\"} line ends the stream", async () => {
    const { raw } = await run(peer.base, "scenario:crash", true);
    assert.equal(raw, 'data: {"error":"scripted crash outside the model error handling"}\n\n');
  });

  test("safety: errorCode SAFETY, no errorMessage, no content", async () => {
    const { events } = await run(peer.base, "scenario:safety", true);
    assert.ok(events.length >= 1);
    for (const e of events) {
      assert.equal(e.errorCode, "SAFETY");
      assert.equal(e.finishReason, "SAFETY");
      assert.equal("errorMessage" in e, false);
      assert.equal(e.content, undefined);
    }
  });

  test("unknown session: HTTP 404 with a JSON error", async () => {
    const res = await fetch(`${peer.base}/run_sse`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ appName: "nemo_agent", userId: "me", sessionId: "nope", newMessage: { role: "user", parts: [{ text: "hi" }] }, streaming: true }),
    });
    assert.equal(res.status, 404);
    assert.deepEqual(await res.json(), { error: "Session not found: nope" });
  });

  test("snake_case body: refused as an unknown session", async () => {
    await createSession(peer.base, "snake");
    const res = await fetch(`${peer.base}/run_sse`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ app_name: "nemo_agent", user_id: "me", session_id: "snake", new_message: { role: "user", parts: [{ text: "hi" }] }, streaming: true }),
    });
    assert.equal(res.status, 404);
    assert.deepEqual(await res.json(), { error: "Session not found: undefined" });
  });
});

describe("edit_timeline with CW_EDIT_URL", () => {
  let peer;
  let receiver;
  const received = [];
  let answer = { status: 200, body: { code: 0, data: { version: 7 } } };

  before(async () => {
    receiver = http.createServer((req, res) => {
      let body = "";
      req.on("data", (d) => { body += d; });
      req.on("end", () => {
        received.push({ method: req.method, url: req.url, headers: req.headers, body: JSON.parse(body) });
        res.writeHead(answer.status, { "Content-Type": "application/json" });
        res.end(JSON.stringify(answer.body));
      });
    });
    await new Promise((r) => receiver.listen(0, "127.0.0.1", r));
    peer = await startPeer({ CW_EDIT_URL: `http://127.0.0.1:${receiver.address().port}/edit`, CW_EDIT_TOKEN: "env-token" });
  });
  after(async () => {
    await stopPeer(peer);
    await new Promise((r) => receiver.close(r));
  });

  test("posts the args with the env token and returns the answer", async () => {
    received.length = 0;
    const { events } = await run(peer.base, "scenario:tool cut the intro", true);
    assert.equal(received.length, 1);
    assert.equal(received[0].method, "POST");
    assert.equal(received[0].url, "/edit");
    assert.equal(received[0].headers.authorization, "Bearer env-token");
    assert.equal(received[0].headers["content-type"], "application/json");
    assert.equal(received[0].body.instruction, "cut the intro");
    assert.match(received[0].body.sessionId, /\S/, "the session whose timeline it is");
    const resultEvent = events.find((e) => results(e).length);
    assert.deepEqual(results(resultEvent)[0].response, { code: 0, data: { version: 7 } });
    assert.equal(resultEvent.actions.stateDelta.draft_version, 7);
  });

  test("an authorization arg wins over the env token and is not forwarded in the body", async () => {
    received.length = 0;
    await run(peer.base, 'scenario:tool {"instruction":"mute","authorization":"Bearer from-args"}', true);
    assert.equal(received[0].headers.authorization, "Bearer from-args");
    assert.equal(received[0].body.instruction, "mute");
    assert.equal(received[0].body.authorization, undefined);
  });

  test("an HTTP error becomes ADK's {error} function response", async () => {
    answer = { status: 402, body: { code: 2001, message: "no credits" } };
    try {
      const { events } = await run(peer.base, "scenario:tool cut", true);
      const response = results(events.find((e) => results(e).length))[0].response;
      assert.match(response.error, /^Error in tool 'edit_timeline': the edit endpoint answered HTTP 402/);
    } finally {
      answer = { status: 200, body: { ok: true } };
    }
  });
});
