#!/usr/bin/env node
// Starts the ADK API server (`adk api_server` from @google/adk-devtools) on 127.0.0.1 with the
// scripted nemo_agent, waits until it answers and has loaded the agent, then prints one line,
// `ADK_PORT=<port>`, on stdout and stays in the foreground until it is killed.
//
//   node tests/adk/start.mjs [--port N] [--log-level error|warn|info|debug]
//
// --port 0 (the default) lets the system pick a free port. The server's own output goes to
// stderr (log level "warn" unless CW_ADK_LOG_LEVEL or --log-level says otherwise). SIGTERM,
// SIGINT or SIGHUP stop the server; if this process is killed outright, the server notices its
// closed stdin and exits too. Exit codes: 0 after a signal, 1 if the server failed, 2 if the
// packages are not installed.

import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const cli = path.join(here, "node_modules", "@google", "adk-devtools", "dist", "esm", "cli_entrypoint.js");
const watchdog = path.join(here, "lib", "exit_with_parent.mjs");
const agentsDir = path.join(here, "agents");
const APP = "nemo_agent";
const READY_TIMEOUT_MS = Number.parseInt(process.env.CW_ADK_START_TIMEOUT_MS ?? "", 10) || 60000;

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

function fail(message, code = 1) {
  process.stderr.write(`start.mjs: ${message}\n`);
  process.exit(code);
}

if (!existsSync(cli)) fail(`ADK is not installed: run "npm ci" in ${here}`, 2);

const port = option("--port", "0");
const logLevel = option("--log-level", process.env.CW_ADK_LOG_LEVEL || "warn");
if (!/^\d+$/.test(port)) fail(`--port wants a number, not "${port}"`);

// Nothing reaches out of the machine: no OpenTelemetry exporters, no database session service,
// no Vertex AI mode, no update checks. The scripted model needs no key.
const env = { ...process.env, NO_UPDATE_NOTIFIER: "1", NODE_NO_WARNINGS: "1" };
for (const name of Object.keys(env)) {
  if (name.startsWith("OTEL_")) delete env[name];
}
for (const name of ["DATABASE_URL", "GOOGLE_GENAI_USE_VERTEXAI", "GOOGLE_GENAI_USE_ENTERPRISE", "GOOGLE_CLOUD_AGENT_ENGINE_ID",
  "GOOGLE_API_KEY", "GEMINI_API_KEY", "GOOGLE_GENAI_API_KEY", "GOOGLE_APPLICATION_CREDENTIALS"]) {
  delete env[name];
}

const args = [
  "--import", pathToFileURL(watchdog).href,
  cli, "api_server", agentsDir,
  "--host", "127.0.0.1",
  "--port", port,
  "--log_level", logLevel,
  "--session_service_uri", "memory://",
  "--artifact_service_uri", "memory://",
  // The agent file is plain ESM: import it as it is, no esbuild bundle in a temp folder.
  "--compile", "false",
  "--bundle", "false",
];

// A reader that closes our stdout or stderr early must not take the server down.
process.stdout.on("error", () => {});
process.stderr.on("error", () => {});

const child = spawn(process.execPath, args, { cwd: here, env, stdio: ["pipe", "pipe", "pipe"] });
let stopping = false;
let announced = false;

function stop(signal) {
  if (stopping) return;
  stopping = true;
  child.kill("SIGTERM");
  setTimeout(() => child.kill("SIGKILL"), 3000).unref();
  process.exitCode = signal ? 0 : 1;
}

for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"]) process.on(signal, () => stop(signal));
child.on("exit", (code, signal) => {
  if (!stopping) process.stderr.write(`start.mjs: the ADK server exited (${signal ?? `code ${code}`})\n`);
  process.exit(stopping ? process.exitCode ?? 0 : 1);
});
child.on("error", (e) => fail(`could not start node: ${e.message}`));

// The server's stdout carries its start banner (with the real port) and its log lines.
let portFound;
const portSeen = new Promise((resolve) => { portFound = resolve; });
let pending = "";
child.stdout.setEncoding("utf8");
child.stdout.on("data", (data) => {
  pending += data;
  let nl;
  while ((nl = pending.indexOf("\n")) >= 0) {
    const line = pending.slice(0, nl);
    pending = pending.slice(nl + 1);
    const m = /access at http:\/\/[^\s:]+:(\d+)/.exec(line);
    if (m) portFound(Number(m[1]));
    else if (!/^[|+]/.test(line) && line.trim() !== "") process.stderr.write(`${line}\n`);
  }
});
child.stderr.pipe(process.stderr);

async function waitReady(p) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = "no answer";
  while (Date.now() < deadline && !stopping) {
    try {
      const res = await fetch(`http://127.0.0.1:${p}/list-apps`, { signal: AbortSignal.timeout(5000) });
      const apps = await res.json();
      if (Array.isArray(apps) && apps.includes(APP)) return;
      last = `list-apps answered ${JSON.stringify(apps)}`;
      if (Array.isArray(apps)) break;  // the agents are loaded once: a missing app stays missing
    } catch (e) {
      last = e.message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the server on port ${p} did not serve ${APP}: ${last}`);
}

const timer = setTimeout(() => { if (!announced) { stop(); fail(`no start banner within ${READY_TIMEOUT_MS} ms`); } }, READY_TIMEOUT_MS);
try {
  const actualPort = await portSeen;
  await waitReady(actualPort);
  clearTimeout(timer);
  announced = true;
  process.stdout.write(`ADK_PORT=${actualPort}\n`);
} catch (e) {
  stop();
  fail(e.message);
}
