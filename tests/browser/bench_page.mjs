// Page benchmark in Chromium against the real server: navigation to the first interactive frame
// (median of 10 cold loads, beside the same browser loading a static page of the same server) and
// the frames an idle page draws in 5 s. Prints figures; asserts nothing.
import { app_state, launch_browser, median, open_app, start_server, wait_for_state } from './harness.mjs';

const LOADS = 10;

async function first_frame_times(browser, url) {
  const times = [];
  for (let i = 0; i < LOADS; i++) {
    const { page, context } = await open_app(browser, url);
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
async function webgl_page_times(browser, url) {
  const times = [];
  for (let i = 0; i < LOADS; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
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
  console.log(`idle: frames drawn in 5 s with no input and no network: ${await idle_frames(browser, server.url)} (target 0)`);
} finally {
  await browser.close();
  await server.stop();
}
