// Shared test harness: starts the real local server on 127.0.0.1 with a temporary data folder,
// opens the page in Debian's Chromium through playwright-core, and reads the app's test hook.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const SERVER = process.env.CW_SERVER;
const SITE = process.env.CW_SITE;
export const ARTIFACTS = process.env.CW_ARTIFACTS || join(tmpdir(), 'clipwright-artifacts');

const CHROMIUM_FLAGS = [
  '--headless=new', '--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
  '--disable-background-networking', '--disable-component-update',
];

function require_env() {
  if (!SERVER || !SITE) throw new Error('CW_SERVER and CW_SITE must point at the server binary and the web site folder');
}

// With CW_TEST_POSTGRES set (tests/support/with_postgres.sh), the --store flags for a database of
// the data folder's own, made when missing, as the native harness does; otherwise none (SQLite).
function store_args(data) {
  const base = process.env.CW_TEST_POSTGRES;
  if (!base) return [];
  const name = 'cw_' + createHash('sha256').update(data).digest('hex').slice(0, 16);
  const at = base.indexOf('?');
  const url = (db) => base.slice(0, at) + db + base.slice(at);
  spawnSync('psql', [url('postgres'), '-q', '-c', `CREATE DATABASE ${name}`], { stdio: 'ignore' });  // fails harmlessly when it exists
  return ['--store', url(name)];
}

// Resolves with {url, data, stop(), kill()} once the server prints the address it listens on.
// A restart passes the `data` folder and `port` of the server it replaces; stop() removes the
// folder, kill() (SIGKILL, as a crash) leaves it for the next server.
export async function start_server(extra_args = [], { data = mkdtempSync(join(tmpdir(), 'clipwright-data-')), port = 0 } = {}) {
  require_env();
  const child = spawn(SERVER, ['--host', '127.0.0.1', '--port', String(port), '--data', data, '--web', SITE,
                               ...store_args(data), ...extra_args],
                      { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 15 s:\n${log}`)), 15000);
    const on_output = (chunk) => {
      log += chunk;
      const match = log.match(/https?:\/\/127\.0\.0\.1:\d+\/?/);
      if (match) { clearTimeout(timer); resolve(match[0].endsWith('/') ? match[0] : match[0] + '/'); }
    };
    child.stdout.on('data', on_output);
    child.stderr.on('data', on_output);
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited with ${code}:\n${log}`)); });
  });
  child.removeAllListeners('exit');
  const end = async (signal) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  };
  const stop = async () => {
    await end('SIGTERM');
    rmSync(data, { recursive: true, force: true });
  };
  const port_used = Number(new URL(url).port);
  return { url, data, port: port_used, stop, kill: () => end('SIGKILL'), log: () => log };
}

export async function launch_browser() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS });
}

// Opens the app in test mode and waits for its first frame.
export async function open_app(browser, url, { width = 1280, height = 800, scale = 1, locale = 'en-US' } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: scale, locale });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${url}?test=1`);
  await page.waitForFunction(() => window.clipwright && window.clipwright.ready === true, null, { timeout: 30000 });
  return { page, context, errors };
}

export async function app_state(page) { return JSON.parse(await page.evaluate(() => window.clipwright.state())); }
export async function app_rects(page) { return JSON.parse(await page.evaluate(() => window.clipwright.rects())); }

// Clicks the centre of a widget at the coordinates the app reports for it, then waits until the
// app has drawn the frame that handles the click, so the next rects() reflects its effect (a
// click can change the layout, e.g. GIF options appear above the Export button).
// With `touch`, a tap on a touch screen instead of a mouse click.
export async function click_widget(page, id, { touch = false } = {}) {
  await wait_for_state(page, () => true, { what: `the screen to show the model before clicking ${id}` });
  const rects = await app_rects(page);
  const rect = rects[id];
  if (!rect) throw new Error(`no widget "${id}" on screen; have: ${Object.keys(rects).join(', ')}`);
  const [x, y] = [rect[0] + rect[2] / 2, rect[1] + rect[3] / 2];
  // The chat field is the page's own <input> over the canvas: clicking it draws nothing.
  const on_canvas = await page.evaluate(([px, py]) => document.elementFromPoint(px, py)?.id === 'canvas', [x, y]);
  const applied = (await app_state(page)).pointer.applied_changes;
  if (touch) await page.touchscreen.tap(x, y);
  else await page.mouse.click(x, y);
  // The press and the release reach the UI one frame apart (PointerQueue); the click acts in the
  // frame that applies the release, which draws what it changed. Counting frames instead would
  // count those a busy page draws for other reasons before the click arrives.
  if (on_canvas) {
    await wait_for_state(page, (s) => s.pointer.applied_changes >= applied + 2, { what: `the click on ${id} to be handled` });
  }
}

// Polls the app state until `predicate(state)` holds and a frame has drawn that state, so the
// widgets it implies are on screen; returns that state.
export async function wait_for_state(page, predicate, { timeout = 10000, what = 'state' } = {}) {
  const deadline = Date.now() + timeout;
  let state;
  while (Date.now() < deadline) {
    state = await app_state(page);
    if (state.on_screen && predicate(state)) return state;
    await page.waitForTimeout(50);
  }
  throw new Error(`timed out waiting for ${what}; last state: ${JSON.stringify(state).slice(0, 2000)}`);
}

// Shows a fixture project (benchmarks, view tests) once the page's first state fetch, which
// would replace it, has answered; loads it again if a late answer did.
export async function load_fixture(page, fixture) {
  const segments = (fixture.data?.state?.draft?.t ?? []).reduce((n, track) => n + track.sg.length, 0);
  await wait_for_state(page, (s) => s.connection === 'online' && s.credits.known, { what: 'the first state' });
  for (let attempt = 0; attempt < 5; attempt++) {
    await page.evaluate((f) => window.clipwright.load_fixture(f), fixture);
    await page.waitForTimeout(300);
    if ((await app_state(page)).timeline.segments === segments) return;
  }
  throw new Error(`the fixture's ${segments} segments did not stay on the timeline`);
}

// Benchmark figures: the value below which a fraction p of the values lie.
export function percentile(values, p) {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}
export const median = (values) => percentile(values, 0.5);

// Opens the app at `url`, waits until it is online (and `ready` holds), runs `body(page)`, checks that the
// page threw nothing, and saves the final screen as `name` whatever happened.
export async function with_app(browser, url, name, body, ready = (s) => s.connection === 'online') {
  const { page, context, errors } = await open_app(browser, url);
  await wait_for_state(page, ready, { what: 'the first connection', timeout: 20000 });
  try {
    await body(page);
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
  } finally {
    await save_screenshot(page, name);
    await context.close();
  }
}

export async function save_screenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = join(ARTIFACTS, `${name}.png`);
  const png = await page.screenshot();
  writeFileSync(file, png);
  return { file, png };
}

// Decodes an 8-bit, non-interlaced RGB or RGBA PNG (what Chromium writes) into {width, height, channels, pixels}.
export function decode_png(buffer) {
  const width = buffer.readUInt32BE(16);
  const height = buffer.readUInt32BE(20);
  const depth = buffer[24];
  const colour_type = buffer[25];
  if (depth !== 8 || (colour_type !== 2 && colour_type !== 6) || buffer[28] !== 0) {
    throw new Error(`unsupported PNG: depth ${depth}, colour type ${colour_type}`);
  }
  const channels = colour_type === 6 ? 4 : 3;
  const chunks = [];
  for (let at = 8; at < buffer.length;) {
    const length = buffer.readUInt32BE(at);
    const type = buffer.toString('latin1', at + 4, at + 8);
    if (type === 'IDAT') chunks.push(buffer.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(chunks));
  const stride = width * channels;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? pixels[y * stride + x - channels] : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x] : 0;
      const c = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels] : 0;
      let value = line[x];
      if (filter === 1) value += a;
      else if (filter === 2) value += b;
      else if (filter === 3) value += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        value += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      pixels[y * stride + x] = value & 0xff;
    }
  }
  return { width, height, channels, pixels };
}

// How much of an image is something other than its most common colour, and how many colours it has.
export function image_variety(image) {
  const counts = new Map();
  const { pixels, channels } = image;
  for (let i = 0; i < pixels.length; i += channels) {
    const key = (pixels[i] << 16) | (pixels[i + 1] << 8) | pixels[i + 2];
    counts.set(key, (counts.get(key) || 0) + 1);
  }
  const total = pixels.length / channels;
  const most_common = Math.max(...counts.values());
  return { colours: counts.size, non_background_fraction: 1 - most_common / total };
}

// [SECTION] Studio workflows, through the real widgets

// Opens the real file chooser from the media bin and hands it the files.
export async function upload_files(page, files) {
  const before = (await app_state(page)).uploads.length;
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), click_widget(page, 'media.add')]);
  await chooser.setFiles(files);
  return wait_for_state(page, (s) => s.uploads.length >= before + files.length &&
                                     s.uploads.slice(before).every((u) => u.status !== 'queued' && u.status !== 'uploading'),
                        { timeout: 60000, what: 'uploads to finish' });
}

// Types into the chat input at its on-screen position and presses Enter; waits for the turn to end.
export async function send_chat(page, text, { timeout = 60000 } = {}) {
  const before = (await app_state(page)).messages.length;
  await click_widget(page, 'chat.input');
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  return wait_for_state(page, (s) => s.messages.length >= before + 2 && !s.turn.active,
                        { timeout, what: `the reply to "${text}"` });
}

export async function wait_for_job(page, predicate = () => true, { timeout = 180000 } = {}) {
  const state = await wait_for_state(page, (s) => s.jobs.some((j) => predicate(j) && (j.status === 'completed' || j.status === 'failed')),
                                     { timeout, what: 'the render to finish' });
  return state.jobs.filter((j) => predicate(j)).at(-1);
}

// Chooses the format, presses Export, waits for the render and downloads it through the browser.
export async function export_and_download(page, format, save_as) {
  await click_widget(page, `export.format.${format}`);
  const known = new Set((await app_state(page)).jobs.map((j) => j.id));
  await click_widget(page, 'export.start');
  await wait_for_state(page, (s) => s.jobs.some((j) => !known.has(j.id)), { what: 'the export to start' });
  const job = await wait_for_job(page, (j) => !known.has(j.id));
  if (job.status !== 'completed') throw new Error(`render failed: ${job.error}`);
  return { job, file: await download_job(page, job, save_as) };
}

export async function download_job(page, job, save_as) {
  const id = `export.job.${job.first_id}.download`;
  await wait_for_state(page, () => true);
  const [download] = await Promise.all([page.waitForEvent('download'), click_widget(page, id)]);
  if (download.url() !== job.url) throw new Error(`downloaded ${download.url()} instead of ${job.url}`);
  await download.saveAs(save_as);
  return { path: save_as, suggested: download.suggestedFilename() };
}
