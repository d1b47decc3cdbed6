// Page benchmark in Chromium against the real server: navigation to the first interactive frame
// (median of 10 cold loads, beside the same browser loading a static page of the same server), the
// same on a repeat visit with what it fetched, and the frames an idle page draws in 5 s. Prints
// figures; asserts nothing.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  app_rects, app_state, click_widget, launch_browser, median, open_app, send_chat, start_server, upload_files,
  wait_for_state,
} from './harness.mjs';
import { make_images } from './media.mjs';

const LOADS = 10;

async function first_frame_times(browser, url, locale = 'en-US') {
  const times = [];
  for (let i = 0; i < LOADS; i++) {
    const { page, context } = await open_app(browser, url, { locale });
    times.push(await page.evaluate(() => window.clipwright.first_frame_ms));
    await context.close();
  }
  return times;
}

// The floor any page pays here: a cold navigation to a tiny static file from the same server.
async function static_page_times(browser, url) {
  const times = [];
  for (let i = 0; i < LOADS; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${url}fonts/`, { waitUntil: 'load' }).catch(() => {});
    times.push(await page.evaluate(() => performance.now()));
    await context.close();
  }
  return times;
}

// The same, plus creating a WebGL2 context on a full-window canvas: the floor for any WebGL page.
// With `revisit`, the profile has loaded the page once before: the floor for a repeat visit.
async function webgl_page_times(browser, url, { revisit = false } = {}) {
  const times = [];
  for (let i = 0; i < LOADS; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    if (revisit) {
      const first = await context.newPage();
      await first.goto(`${url}fonts/`, { waitUntil: 'load' }).catch(() => {});
      await first.close();
    }
    const page = await context.newPage();
    await page.goto(`${url}fonts/`, { waitUntil: 'load' }).catch(() => {});
    times.push(await page.evaluate(() => {
      const canvas = document.createElement('canvas');
      canvas.width = 1280;
      canvas.height = 800;
      document.body.appendChild(canvas);
      const gl = canvas.getContext('webgl2', { antialias: false, alpha: false, depth: false, stencil: false });
      gl.clear(gl.COLOR_BUFFER_BIT);
      gl.getError();  // waits for the GPU process, as the app's first shader link does
      return performance.now();
    }));
    await context.close();
  }
  return times;
}

async function watch_network(page) {
  const cdp = await page.context().newCDPSession(page);
  const seen = { bytes: 0, fetched: 0, cached: 0 };
  // A revalidated response reads 200 in responseReceived; its raw status (304) comes separately.
  const raw_status = new Map();
  const responses = [];
  cdp.on('Network.responseReceivedExtraInfo', (e) => raw_status.set(e.requestId, e.statusCode));
  cdp.on('Network.responseReceived', (e) => responses.push(e));
  seen.count = () => {
    for (const e of responses.splice(0)) {
      if (new URL(e.response.url).pathname.startsWith('/api/')) continue;  // the site's files only
      if (e.response.fromDiskCache || e.response.fromPrefetchCache || raw_status.get(e.requestId) === 304) seen.cached++;
      else seen.fetched++;
    }
    return seen;
  };
  cdp.on('Network.loadingFinished', (e) => { seen.bytes += e.encodedDataLength; });
  await cdp.send('Network.enable');
  return seen;
}

async function repeat_visits(browser, url) {
  const times = [];
  const traffic = [];
  for (let i = 0; i < LOADS; i++) {
    const { page, context } = await open_app(browser, url);
    await page.close();
    const again = await context.newPage();
    const seen = await watch_network(again);
    await again.goto(`${url}?test=1`);
    await again.waitForFunction(() => window.clipwright && window.clipwright.ready === true, null, { timeout: 30000 });
    times.push(await again.evaluate(() => window.clipwright.first_frame_ms));
    traffic.push(seen.count());
    await context.close();
  }
  return { time: median(times), seen: traffic[traffic.length - 1] };
}

async function player_figures(browser, url) {
  const { page, context } = await open_app(browser, url);
  await wait_for_state(page, (s) => s.connection === 'online');
  await upload_files(page, make_images(mkdtempSync(join(tmpdir(), 'clipwright-bench-')), 3));
  await send_chat(page, 'turn these images into a video');
  const ready = await wait_for_state(page, (s) => s.preview.status === 'ready' && s.player.url !== '',
                                     { timeout: 60000, what: 'the preview' });
  await click_widget(page, 'player.play');
  const before = (await app_state(page)).frames;
  await page.waitForTimeout(3000);
  const played = (await app_state(page)).frames - before;
  await click_widget(page, 'player.play');
  await wait_for_state(page, (s) => !s.player.playing);
  const fps = (await app_state(page)).preview.fps || ready.preview.fps;
  const scrubs = [];
  for (let i = 0; i < 5; i++) {
    const waiting = page.evaluate(() => new Promise((resolve) => {
      const video = document.getElementById('cw-player');
      video.addEventListener('seeked', () => {
        const seen = JSON.parse(window.clipwright.state()).frames;
        let frames = 0;
        const step = () => {
          frames++;
          if (JSON.parse(window.clipwright.state()).frames > seen || frames > 60) resolve(frames);
          else requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
      }, { once: true });
    }));
    const canvas = (await app_rects(page))['timeline.canvas'];
    await page.mouse.click(canvas[0] + 84 + 40 + i * 37, canvas[1] + 8);
    scrubs.push(await waiting);
  }
  await context.close();
  return { drawn_fps: played / 3, video_fps: fps, scrub_frames: Math.max(...scrubs) };
}

async function idle_frames(browser, url) {
  const { page, context } = await open_app(browser, url);
  await wait_for_state(page, (s) => s.connection === 'online' && s.credits.known);
  await page.waitForTimeout(500);
  const before = (await app_state(page)).frames;
  await page.waitForTimeout(5000);
  const after = (await app_state(page)).frames;
  await context.close();
  return after - before;
}

const server = await start_server();
const browser = await launch_browser();
try {
  const app = median(await first_frame_times(browser, server.url));
  const floor = median(await static_page_times(browser, server.url));
  const webgl = median(await webgl_page_times(browser, server.url));
  console.log(`start: navigation -> first interactive frame, median of ${LOADS}: ${app.toFixed(0)} ms ` +
              `(target <= 300 ms; a static page from the same server: ${floor.toFixed(0)} ms, ratio ${(app / floor).toFixed(2)}; ` +
              `that page creating a WebGL2 context: ${webgl.toFixed(0)} ms, ratio ${(app / webgl).toFixed(2)})`);
  const chinese = median(await first_frame_times(browser, server.url, 'zh-CN'));
  console.log(`start in a Chinese interface (the Chinese font fetched at once, after the first frame): ` +
              `${chinese.toFixed(0)} ms, beside the English one: ${app.toFixed(0)} ms (ratio ${(chinese / app).toFixed(2)})`);
  const repeat = await repeat_visits(browser, server.url);
  const repeat_webgl = median(await webgl_page_times(browser, server.url, { revisit: true }));
  console.log(`repeat visit: navigation -> first interactive frame, median of ${LOADS}: ${repeat.time.toFixed(0)} ms ` +
              `(a bare WebGL2 page revisited: ${repeat_webgl.toFixed(0)} ms, ratio ${(repeat.time / repeat_webgl).toFixed(2)}); ` +
              `site files: ${repeat.seen.fetched} downloaded, ${repeat.seen.cached} from the cache or a 304; ` +
              `${(repeat.seen.bytes / 1024).toFixed(1)} KB over the network (first visit: see page weight)`);
  const player = await player_figures(browser, server.url);
  console.log(`player: ${player.drawn_fps.toFixed(1)} frames drawn per second while the preview plays ` +
              `(the video's own rate: ${player.video_fps} fps, ratio ${(player.drawn_fps / player.video_fps).toFixed(2)}); ` +
              `a scrub is drawn ${player.scrub_frames} animation frame(s) after the video reports the seek done ` +
              `(worst of 5; target 1)`);
  console.log(`idle: frames drawn in 5 s with no input and no network: ${await idle_frames(browser, server.url)} (target 0)`);
} finally {
  await browser.close();
  await server.stop();
}
