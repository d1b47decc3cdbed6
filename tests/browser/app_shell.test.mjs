// The app boots in real Chromium against the real local server: panels laid out, a real click
// changes the state, HiDPI and resizing followed, the screen is not blank, an idle page is idle.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  app_rects, app_state, click_widget, decode_png, image_variety, launch_browser, open_app,
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
  const state = await wait_for_state(page, (s) => s.fonts.cjk_loaded && s.fonts.extra_glyphs >= 8,
                                     { what: 'CJK font loaded', timeout: 15000 });
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
