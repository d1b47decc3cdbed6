#!/usr/bin/env node
// A small same-origin front for tests: `/run_sse` goes to a real ADK API server (started here, with
// the scripted nemo_agent), everything else to the local backend. The app and the core then meet
// real ADK on the chat and the local backend on everything else, as they would behind a reverse
// proxy in front of a hosted ADK deployment.
//
//   node tests/adk/front.mjs --backend http://127.0.0.1:PORT [--without-extensions]
//
// Prints `FRONT_PORT=<port>` once ADK is ready and stays until SIGTERM. The agent's edit_timeline
// tool calls back into this front (`POST /edit`), which makes the edit through the local backend's
// own chat with the bearer token the page used, so the timeline really changes. The session the
// app creates on the local backend is created in ADK with the same id on its first turn;
// `POST /__forget_session {"sessionId"}` (tests only) deletes it from ADK, so the next turn meets
// ADK's "Session not found".

import { spawn } from "node:child_process";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const APP = "nemo_agent";
const USER = "me";

function option(name) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const backend = new URL(option("--backend") ?? "http://127.0.0.1:8080");
const sessions = new Map();  // session id → { authorization, forgotten }
let adkPort = 0;

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function json(res, status, value) {
  res.writeHead(status, { "Content-Type": "application/json" });
  res.end(JSON.stringify(value));
}

// Streams one request to host:port and the answer back, headers and status as they are. The Host
// stays the one the browser sent, as a reverse proxy keeps it, so the page's own origin matches it.
function pipeTo(req, res, port, body, pathOverride) {
  const headers = { ...req.headers };
  if (body) headers["content-length"] = String(body.length);
  const upstream = http.request({ host: "127.0.0.1", port, method: req.method, path: pathOverride ?? req.url, headers }, (answer) => {
    res.writeHead(answer.statusCode, answer.headers);
    answer.pipe(res);
  });
  upstream.on("error", (e) => {
    if (!res.headersSent) json(res, 502, { error: `front: ${e.message}` });
    else res.destroy();
  });
  if (body) upstream.end(body);
  else req.pipe(upstream);
}

async function adk(method, url, body) {
  const res = await fetch(`http://127.0.0.1:${adkPort}${url}`, {
    method,
    headers: { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

async function ensureAdkSession(id) {
  const known = sessions.get(id);
  if (known?.created || known?.forgotten) return;
  const { status, text } = await adk("POST", `/apps/${APP}/users/${USER}/sessions/${encodeURIComponent(id)}`, {});
  if (status !== 200 && !/already exists/.test(text)) throw new Error(`ADK refused the session: ${status} ${text}`);
  sessions.set(id, { ...sessions.get(id), created: true });
}

async function runSse(req, res) {
  const body = await readBody(req);
  let parsed = {};
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    // ADK answers a bad body itself
  }
  const id = parsed.sessionId ?? parsed.session_id;
  if (typeof id === "string" && id) {
    sessions.set(id, { ...sessions.get(id), authorization: req.headers.authorization });
    await ensureAdkSession(id);
  }
  pipeTo(req, res, adkPort, body);
}

// The canvas the scripted model asks for, said the way a user would to the local agent.
function canvasInstruction(canvas) {
  const { width = 0, height = 0 } = canvas ?? {};
  if (!width || !height) return "";
  if (width === height) return "make it 1:1";
  return width > height ? "make it 16:9" : "make it 9:16";
}

// The local backend's own chat makes the edit; its stream is read to the end.
async function edit(req, res) {
  const args = JSON.parse((await readBody(req)).toString("utf8") || "{}");
  const session = sessions.get(args.sessionId);
  if (!session?.authorization) return json(res, 404, { error: `front: no page session ${args.sessionId}` });
  const instruction = [args.instruction, canvasInstruction(args.canvas)].filter(Boolean).join(", ");
  const answer = await fetch(new URL("/run_sse", backend), {
    method: "POST",
    headers: {
      "Content-Type": "application/json", Accept: "text/event-stream", Authorization: session.authorization,
      "X-Skill-Source": "clipwright-adk-front", "X-Skill-Version": "1", "X-Skill-Platform": "web",
    },
    body: JSON.stringify({ appName: APP, userId: USER, sessionId: args.sessionId, newMessage: { role: "user", parts: [{ text: instruction }] } }),
  });
  const stream = await answer.text();
  const versions = [...stream.matchAll(/"draft_version":(\d+)/g)].map((m) => Number(m[1]));
  json(res, answer.ok ? 200 : 502, { ok: answer.ok, instruction, draft_version: versions.at(-1) });
}

async function forget(req, res) {
  const { sessionId } = JSON.parse((await readBody(req)).toString("utf8") || "{}");
  await adk("DELETE", `/apps/${APP}/users/${USER}/sessions/${encodeURIComponent(sessionId)}`);
  sessions.set(sessionId, { ...sessions.get(sessionId), forgotten: true });
  json(res, 200, { ok: true });
}

const routes = { "POST /run_sse": runSse, "POST /edit": edit, "POST /__forget_session": forget };

// `--without-extensions`: the front then answers as a hosted service that has only the contract
// would, 404 for the local backend's own extensions (previews, lane pictures, cancelling).
const withoutExtensions = process.argv.includes("--without-extensions");
const EXTENSIONS = [/^\/api\/preview\//, /^\/media\/[^/]+\/(frames\.jpg|wave\.png)$/, /^\/api\/render\/proxy\/lambda\/[^/]+\/cancel$/];

const server = http.createServer((req, res) => {
  const pathname = req.url.split("?")[0];
  if (withoutExtensions && EXTENSIONS.some((pattern) => pattern.test(pathname))) return json(res, 404, { detail: "Not Found" });
  const route = routes[`${req.method} ${pathname}`];
  if (!route) return pipeTo(req, res, Number(backend.port));
  route(req, res).catch((e) => {
    if (!res.headersSent) json(res, 500, { error: `front: ${e.message}` });
  });
});

function startAdk(frontPort) {
  const child = spawn(process.execPath, [path.join(here, "start.mjs")], {
    env: { ...process.env, CW_EDIT_URL: `http://127.0.0.1:${frontPort}/edit` },
    stdio: ["pipe", "pipe", "inherit"],
  });
  for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"]) process.on(signal, () => { child.kill("SIGTERM"); process.exit(0); });
  process.on("exit", () => child.kill("SIGTERM"));
  child.on("exit", () => process.exit(1));
  return new Promise((resolve) => {
    let pending = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (data) => {
      pending += data;
      const m = /ADK_PORT=(\d+)/.exec(pending);
      if (m) resolve(Number(m[1]));
    });
  });
}

server.listen(0, "127.0.0.1", async () => {
  const frontPort = server.address().port;
  adkPort = await startAdk(frontPort);
  process.stdout.write(`FRONT_PORT=${frontPort}\n`);
});
