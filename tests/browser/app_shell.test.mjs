// The app boots in real Chromium against the real local server: panels laid out, a real click
// changes the state, HiDPI and resizing followed, the screen is not blank, an idle page is idle,
// a frame equal to the screen is not presented, and a repeat visit downloads only the page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  app_rects, app_state, click_widget, decode_png, image_variety, launch_browser, load_fixture, open_app,
  save_screenshot, start_server, wait_for_state,
} from './harness.mjs';
import { make_images } from './media.mjs';

let server;
let browser;

before(async () => {
  server = await start_server();
  browser = await launch_browser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the page shows every panel with its widgets', async () => {
  const { page, context, errors } = await open_app(browser, server.url);
  const state = await app_state(page);
  for (const panel of ['media', 'chat', 'export', 'timeline', 'status']) {
    const [x, y, w, h] = state.panels[panel];
    assert.ok(w > 100 && h > 20, `${panel} panel has a usable size: ${[x, y, w, h]}`);
    assert.ok(x >= 0 && y >= 0 && x + w <= 1280.5 && y + h <= 800.5, `${panel} panel is inside the window`);
  }
  const rects = await app_rects(page);
  for (const id of ['media.add', 'chat.input', 'chat.send', 'export.format.mp4', 'export.format.gif',
                    'export.start', 'timeline.zoom_in', 'timeline.canvas']) {
    assert.ok(rects[id], `widget ${id} is on screen`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('clicking a real widget changes the app state', async () => {
  const { page, context } = await open_app(browser, server.url);
  assert.equal((await app_state(page)).ui.export.format, 'mp4');
  await click_widget(page, 'export.format.gif');
  const state = await wait_for_state(page, (s) => s.ui.export.format === 'gif', { what: 'GIF format selected' });
  assert.equal(state.ui.export.format, 'gif');
  assert.ok((await app_rects(page))['export.gif.fps'], 'GIF options appear once GIF is chosen');

  await wait_for_state(page, (s) => s.connection === 'online', { what: 'the first connection' });
  await click_widget(page, 'chat.suggestion.0');
  await wait_for_state(page, (s) => s.ui.chat_input.startsWith('Convert this clip'), { what: 'suggestion in the input' });
  await click_widget(page, 'chat.send');
  const sent = await wait_for_state(page, (s) => s.messages.length >= 1, { what: 'message sent' });
  assert.equal(sent.messages[0].role, 'user');
  assert.equal(sent.ui.chat_input, '');

  const { png } = await save_screenshot(page, 'app-shell');
  const variety = image_variety(decode_png(png));
  assert.ok(variety.colours > 50, `screenshot has ${variety.colours} colours`);
  assert.ok(variety.non_background_fraction > 0.05, `screenshot is ${variety.non_background_fraction} non-background`);
  await context.close();
});

// A page busy with network arrivals and timers draws frames of its own: one drawn before a click
// arrives must not count as one that handled it, or the next widget is looked up in a stale layout
// (an Export click then landed on the GIF options). A slow CPU widens that window.
test('a click has been handled when click_widget returns, while the page draws frames of its own', async () => {
  const { page, context } = await open_app(browser, server.url);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 6 });
  await page.evaluate(() => { setInterval(() => _cw_platform_wake(), 4); });
  const stale = [];
  for (let i = 0; i < 60; i++) {
    const format = i % 2 ? 'mp4' : 'gif';
    await click_widget(page, `export.format.${format}`);
    const [state, rects] = [await app_state(page), await app_rects(page)];
    if (state.ui.export.format !== format || Boolean(rects['export.gif.fps']) !== (format === 'gif')) stale.push(i);
  }
  assert.deepEqual(stale, [], 'clicks whose effect was not yet on screen');
  await context.close();
});

test('the canvas follows the window size and the device pixel ratio', async () => {
  const { page, context } = await open_app(browser, server.url, { width: 1000, height: 700, scale: 2 });
  const backing = await page.evaluate(() => [document.getElementById('canvas').width, document.getElementById('canvas').height]);
  assert.deepEqual(backing, [2000, 1400], 'backing store is CSS size × devicePixelRatio');
  await page.setViewportSize({ width: 1400, height: 900 });
  const state = await wait_for_state(page, (s) => s.panels.status[2] === 1400, { what: 'layout after resize' });
  assert.equal(state.panels.status[1] + state.panels.status[3], 900);
  await context.close();
});

test('an idle page renders no frames', async () => {
  const { page, context } = await open_app(browser, server.url);
  await wait_for_state(page, (s) => s.connection === 'online' && s.credits.known, { what: 'connected and settled' });
  await page.waitForTimeout(500);
  const before_idle = (await app_state(page)).frames;
  await page.waitForTimeout(2000);
  const after_idle = (await app_state(page)).frames;
  assert.equal(after_idle, before_idle, 'no frames while nothing happens');
  await page.mouse.move(200, 200);
  await wait_for_state(page, (s) => s.frames > after_idle, { what: 'a frame after input' });
  await context.close();
});

test('frames equal to the screen are not presented; a change is', async () => {
  const { page, context } = await open_app(browser, server.url);
  await wait_for_state(page, (s) => s.connection === 'online' && s.credits.known, { what: 'connected and settled' });
  const perf = async () => JSON.parse(await page.evaluate(() => window.clipwright.perf()));
  await page.mouse.move(640, 300);
  await page.waitForTimeout(300);
  await perf();
  const frames = (await app_state(page)).frames;
  await page.mouse.move(641, 300);
  await wait_for_state(page, (s) => s.frames >= frames + 2, { what: 'frames after a 1 px move' });
  await page.waitForTimeout(200);
  const still = await perf();
  assert.ok(still.frame_ms.length >= 2, `frames were drawn: ${still.frame_ms.length}`);
  assert.deepEqual(still.frame_presented.filter(Boolean), [], 'a move that changes nothing presents nothing');

  const before_click = decode_png((await save_screenshot(page, 'app-shell-before-gif')).png);
  await click_widget(page, 'export.format.gif');
  await wait_for_state(page, (s) => s.ui.export.format === 'gif', { what: 'GIF format selected' });
  await page.waitForTimeout(200);
  assert.ok((await perf()).frame_presented.some(Boolean), 'the click presented a frame');
  const after_click = decode_png((await save_screenshot(page, 'app-shell-after-gif')).png);
  let changed = 0;
  for (let i = 0; i < after_click.pixels.length; i++) if (after_click.pixels[i] !== before_click.pixels[i]) changed++;
  assert.ok(changed > 1000, `the screen shows the GIF options (${changed} bytes changed)`);
  await context.close();
});

test('one wheel notch zooms and scrolls the timeline by one step', async () => {
  const { page, context } = await open_app(browser, server.url);
  const clip = (i) => ({ id: `c${i}`, st: i * 4000, d: 3500, m: { name: `clip_${i}.mp4` } });
  await load_fixture(page, { data: { state: { draft: { t: [{ tt: 0, sg: Array.from({ length: 30 }, (_, i) => clip(i)) }] } } },
                             messages: [] });
  const fitted = await wait_for_state(page, (s) => s.ui.timeline_view.pixels_per_second !== 40,
                                      { what: 'the timeline fitted to the project' });
  const view = async () => (await app_state(page)).ui.timeline_view;
  const start = fitted.ui.timeline_view;
  const rect = (await app_rects(page))['timeline.canvas'];
  await page.mouse.move(rect[0] + rect[2] / 2, rect[1] + rect[3] / 2);
  const notch = async (dy, shift = false) => {
    const before = await view();
    if (shift) await page.keyboard.down('Shift');
    await page.mouse.wheel(0, dy);
    if (shift) await page.keyboard.up('Shift');
    await wait_for_state(page, (s) => JSON.stringify(s.ui.timeline_view) !== JSON.stringify(before), { what: `the wheel (${dy})` });
    return view();
  };
  const zoomed_in = await notch(-100);
  assert.ok(Math.abs(zoomed_in.pixels_per_second / start.pixels_per_second - 1.25) < 0.01,
            `wheel up zooms in one step: ${start.pixels_per_second} -> ${zoomed_in.pixels_per_second}`);
  const scrolled = await notch(100, true);
  const px = (scrolled.scroll_ms - zoomed_in.scroll_ms) * zoomed_in.pixels_per_second / 1000;
  assert.ok(Math.abs(px - 80) < 1, `shift + wheel scrolls right by one step: ${px.toFixed(1)} px`);
  const zoomed_out = await notch(100);
  assert.ok(Math.abs(zoomed_out.pixels_per_second / start.pixels_per_second - 1) < 0.01,
            `wheel down zooms back out: ${zoomed_out.pixels_per_second}`);
  await context.close();
});

test('a repeat visit fetches only the page; the js, the wasm and the font come from the cache', async () => {
  const { page, context } = await open_app(browser, server.url, { locale: 'zh-CN' });
  await wait_for_state(page, (s) => s.fonts.cjk_loaded, { what: 'the Chinese font', timeout: 15000 });
  await page.close();
  const again = await context.newPage();
  const cdp = await context.newCDPSession(again);
  const network = [];
  const raw_status = new Map();  // a revalidated response reads 200 here; its raw status is 304
  cdp.on('Network.responseReceivedExtraInfo', (e) => raw_status.set(e.requestId, e.statusCode));
  cdp.on('Network.responseReceived', (e) => network.push({
    id: e.requestId, url: new URL(e.response.url).pathname, cached: e.response.fromDiskCache,
  }));
  await cdp.send('Network.enable');
  await again.goto(`${server.url}?test=1`);
  await wait_for_state(again, (s) => s.fonts.cjk_loaded, { what: 'the Chinese font again', timeout: 15000 });
  for (const r of network) r.status = raw_status.get(r.id);
  const over_network = network.filter((r) => !r.cached && r.status !== 304 && !r.url.startsWith('/api/'));
  assert.deepEqual(over_network, [], 'only the page is asked for again, and it is a 304');
  for (const kind of [/^\/index\.[0-9a-f]{16}\.js$/, /^\/index\.[0-9a-f]{16}\.wasm$/, /^\/fonts\/cjk\.[0-9a-f]{16}\.ttf$/]) {
    assert.ok(network.some((r) => kind.test(r.url) && r.cached), `${kind} came from the cache: ${JSON.stringify(network)}`);
  }
  await context.close();
});

test('English pages never fetch the Chinese font; typed Chinese fetches it on demand', async () => {
  const { page, context } = await open_app(browser, server.url);
  const fonts = [];
  page.on('request', (r) => { if (r.url().includes('/fonts/')) fonts.push(r.url()); });
  await wait_for_state(page, (s) => s.connection === 'online', { what: 'the first connection' });
  await page.waitForTimeout(300);
  assert.equal((await app_state(page)).fonts.cjk_loaded, false);
  assert.deepEqual(fonts, []);
  await click_widget(page, 'chat.input');
  await page.keyboard.type('把这些图片做成视频');
  // The input's last character reaches the app on the frame after its input event; wait for it too.
  const state = await wait_for_state(page, (s) => s.fonts.cjk_loaded && s.fonts.extra_glyphs >= 8 &&
                                                  s.ui.chat_input.length >= '把这些图片做成视频'.length,
                                     { what: 'CJK font loaded and the words typed', timeout: 15000 });
  assert.equal(state.ui.chat_input, '把这些图片做成视频');
  assert.equal(fonts.length, 1);
  await save_screenshot(page, 'app-shell-chinese-input');
  await context.close();
});

test('a Chinese browser gets Chinese suggestions, rendered', async () => {
  const { page, context } = await open_app(browser, server.url, { locale: 'zh-CN' });
  await click_widget(page, 'chat.suggestion.1');
  const state = await wait_for_state(page, (s) => s.fonts.cjk_loaded && s.ui.chat_input.includes('图片'),
                                     { what: 'a Chinese suggestion in the input', timeout: 15000 });
  assert.ok(state.fonts.extra_glyphs > 20);
  await save_screenshot(page, 'app-shell-chinese');
  await context.close();
});

// Words allowed in the Chinese interface: names, formats and units.
const NAMES = new Set(['clipwright', 'mp4', 'gif', 'webm', 'px', 'fps', 'mb', 'kb', 'jpg', 'jpeg', 'png', 'heic', 'heif',
                       'webp', 'mov', 'mkv', 'avi', 'mp3', 'wav', 'aac', 'm4a', 'ogg', 'flac', 'bmp', 'tiff', 'm4v']);

function english_words(texts) {
  return texts.flatMap((t) => (t.match(/[A-Za-z][A-Za-z0-9]+/g) || []).filter((w) => !NAMES.has(w.toLowerCase())))
              .filter((w, i, all) => all.indexOf(w) === i);
}

test('a Chinese browser gets the whole interface in Chinese; the status bar switches it, and the choice is kept', async () => {
  const { page, context } = await open_app(browser, server.url, { locale: 'zh-CN' });
  let state = await wait_for_state(page, (s) => s.connection === 'online' && s.fonts.cjk_loaded,
                                   { what: 'the Chinese interface', timeout: 15000 });
  assert.equal(state.language, 'zh');
  assert.ok(state.texts.includes('导出') && state.texts.includes('添加文件…'), JSON.stringify(state.texts));
  assert.deepEqual(english_words(state.texts), [], `English left in the Chinese interface: ${JSON.stringify(state.texts)}`);
  await save_screenshot(page, 'app-shell-chinese-interface');

  await click_widget(page, 'status.language');
  state = await wait_for_state(page, (s) => s.language === 'en' && s.texts.includes('Export'), { what: 'English' });
  await page.reload();
  await page.waitForFunction(() => window.clipwright && window.clipwright.ready === true);
  state = await wait_for_state(page, (s) => s.connection === 'online', { what: 'the reload' });
  assert.equal(state.language, 'en', 'the choice is kept across reloads');
  await context.close();
});

test('dropping a file on the page uploads it and shows its thumbnail', async () => {
  const { page, context } = await open_app(browser, server.url);
  await wait_for_state(page, (s) => s.connection === 'online', { what: 'the first connection' });
  const [image] = make_images(join(tmpdir(), 'clipwright-drop'), 1, { ext: 'png' });
  const bytes = readFileSync(image).toString('base64');
  await page.evaluate(async (b64) => {
    const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([data], 'dropped.png', { type: 'image/png' }));
    const canvas = document.getElementById('canvas');
    canvas.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    canvas.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, bytes);
  const state = await wait_for_state(page, (s) => s.uploads.length === 1 && s.uploads[0].status === 'done' &&
                                                  s.thumbnails.ready === 1, { what: 'the dropped file uploaded', timeout: 20000 });
  assert.equal(state.uploads[0].name, 'dropped.png');
  assert.ok((await app_rects(page))['media.item.0'], 'the media bin lists it');
  await save_screenshot(page, 'app-shell-drop');
  await context.close();
});
