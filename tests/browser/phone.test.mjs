// The studio on a phone and a tablet in Chromium's mobile emulation (touch, DPR 3, Chinese and
// English): one panel at a time behind a tab bar, the quick edit done with taps only, 44 px touch
// targets, rotation to two columns, the chat input above a keyboard, pinch, flick and long press
// on the timeline, and a tablet's two columns.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { app_rects, app_state, click_widget, launch_browser, save_screenshot, start_server, wait_for_state } from './harness.mjs';
import { make_clip, make_images } from './media.mjs';

const media = mkdtempSync(join(tmpdir(), 'clipwright-phone-'));
let browser;
let server;

before(async () => {
  browser = await launch_browser();
  server = await start_server();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function open_phone(locale, { width = 390, height = 844 } = {}) {
  const context = await browser.newContext({
    viewport: { width, height }, deviceScaleFactor: 3, isMobile: true, hasTouch: true, locale, acceptDownloads: true,
  });
  const page = await context.newPage();
  await page.goto(`${server.url}?test=1`);
  await page.waitForFunction(() => window.clipwright && window.clipwright.ready === true, null, { timeout: 30000 });
  await wait_for_state(page, (s) => s.connection === 'online', { what: 'the connection' });
  return { page, context };
}

const tap = (page, id) => click_widget(page, id, { touch: true });

// Taps a tab and waits for a widget of its panel to be drawn.
async function show_tab(page, id, widget) {
  await tap(page, id);
  await page.waitForFunction((w) => JSON.parse(window.clipwright.rects())[w] !== undefined, widget, { timeout: 5000 });
}

for (const locale of ['zh-CN', 'en-US']) {
  test(`${locale} phone: the quick edit with taps only, one panel at a time`, async () => {
    const { page, context } = await open_phone(locale);
    let state = await app_state(page);
    assert.equal(state.layout, 'one_panel');
    assert.equal(state.language, locale.startsWith('zh') ? 'zh' : 'en');
    for (const id of ['tab.chat', 'tab.media', 'tab.preview', 'tab.export', 'chat.send', 'status.language']) {
      const rect = (await app_rects(page))[id];
      assert.ok(rect && rect[3] >= 44, `${id} is a 44 px touch target: ${JSON.stringify(rect)}`);
    }
    const chat = await app_rects(page);
    assert.ok(chat['chat.input'] && !chat['media.add'] && !chat['export.start'], 'only the chat is shown');

    await show_tab(page, 'tab.media', 'media.add');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), tap(page, 'media.add')]);
    await chooser.setFiles([make_clip(media, { name: 'walk.mp4', seconds: 3 })]);
    await wait_for_state(page, (s) => s.uploads.length === 1 && s.uploads[0].status === 'done', { timeout: 60000, what: 'the upload' });

    await show_tab(page, 'tab.chat', 'chat.send');
    await tap(page, 'chat.input');
    await page.keyboard.type(locale.startsWith('zh') ? '把这个视频转成循环GIF' : 'convert this clip into a looping GIF');
    await tap(page, 'chat.send');
    state = await wait_for_state(page, (s) => !s.turn.active && s.timeline.segments >= 1, { timeout: 60000, what: 'the edit' });

    await show_tab(page, 'tab.preview', 'timeline.canvas');
    const preview = await app_rects(page);
    assert.ok(preview['timeline.canvas'] && preview['player.video'], 'the player over the timeline');
    // The clip's lane shows its filmstrip, made by the backend (a GIF's timeline has no sound lane).
    await wait_for_state(page, (s) => s.lane_pictures.ready >= 1, { timeout: 30000, what: 'the filmstrip' });

    await show_tab(page, 'tab.export', 'export.start');
    await tap(page, 'export.format.gif');
    await save_screenshot(page, `phone-${locale}-export`);
    await tap(page, 'export.start');
    state = await wait_for_state(page, (s) => s.jobs.some((j) => j.status === 'completed'), { timeout: 120000, what: 'the export' });
    const job = state.jobs.find((j) => j.status === 'completed');
    const [download] = await Promise.all([page.waitForEvent('download'), tap(page, `export.job.${job.first_id}.download`)]);
    assert.equal(download.url(), job.url);
    // The GIF decodes in Chromium at the size ffprobe reads, and has more than one frame.
    const saved = join(media, `phone-${locale}.gif`);
    await download.saveAs(saved);
    const [width, height, frames] = execFileSync('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v',
      '-show_entries', 'stream=width,height,nb_read_frames', '-of', 'csv=p=0', saved]).toString().trim().split(',').map(Number);
    const shown = await page.evaluate(async (url) => {
      const img = new Image();
      img.src = url;
      await img.decode();
      return [img.naturalWidth, img.naturalHeight];
    }, job.url);
    assert.deepEqual(shown, [width, height], 'Chromium decodes the GIF at its size');
    assert.ok(frames > 1, `an animation: ${frames} frames`);
    await save_screenshot(page, `phone-${locale}`);
    await context.close();
  });
}

test('a phone turned to landscape gets two columns; the chat input stays above the keyboard', async () => {
  const { page, context } = await open_phone('en-US');
  await page.setViewportSize({ width: 844, height: 390 });
  let state = await wait_for_state(page, (s) => s.layout === 'two_columns', { what: 'the landscape layout' });
  assert.ok((await app_rects(page))['chat.input'] && (await app_rects(page))['media.add'], 'chat and media side by side');
  await page.setViewportSize({ width: 390, height: 844 });
  await wait_for_state(page, (s) => s.layout === 'one_panel', { what: 'portrait again' });
  // The on-screen keyboard leaves about 450 px of the screen; the page then lays out in what is left.
  await page.setViewportSize({ width: 390, height: 450 });
  state = await wait_for_state(page, (s) => s.layout === 'one_panel' && s.panels.tabs[1] + s.panels.tabs[3] <= 450);
  const input = (await app_rects(page))['chat.input'];
  assert.ok(input && input[1] + input[3] <= 450 - 56, `the input is visible above the tab bar: ${JSON.stringify(input)}`);

  // Chrome's default since version 108, and Safari's: the keyboard shrinks only the visual viewport
  // and leaves the layout viewport as it was. Headless Chromium has no keyboard to bring up, so the
  // visual viewport is given the height a keyboard would leave, and its own resize event is fired.
  await page.setViewportSize({ width: 390, height: 844 });
  await wait_for_state(page, (s) => s.panels.tabs[1] + s.panels.tabs[3] > 800, { what: 'the full height again' });
  await page.evaluate(() => {
    Object.defineProperty(window.visualViewport, 'height', { configurable: true, get: () => 420 });
    window.visualViewport.dispatchEvent(new Event('resize'));
  });
  await wait_for_state(page, (s) => s.panels.tabs[1] + s.panels.tabs[3] <= 420, { what: 'the layout in the visual viewport' });
  const shown = await page.evaluate(() => document.getElementById('cw-chat-input').getBoundingClientRect().toJSON());
  assert.ok(shown.height > 0 && shown.bottom <= 420 - 56, `the chat input sits above the keyboard: ${JSON.stringify(shown)}`);
  await context.close();
});

// Raw touches through the DevTools protocol: Playwright taps with one finger only. `at` (seconds
// since the epoch) is the event's time as the page sees it.
async function touch(cdp, type, points, at = undefined) {
  await cdp.send('Input.dispatchTouchEvent', { type, timestamp: at, touchPoints: points.map(([x, y], id) => ({ x, y, id })) });
}

// Fingers moving from `from` to `to` (one [x, y] per finger) in `steps` moves 16 ms apart, then
// lifting 8 ms later, timed as a hand does it: each protocol round trip takes longer than that, and
// a flick that seemed to rest before the lift would not glide.
async function gesture(cdp, from, to, { steps = 8 } = {}) {
  const start = Date.now() / 1000;
  await touch(cdp, 'touchStart', from, start);
  for (let i = 1; i <= steps; i++) {
    const at = from.map(([x, y], f) => [x + (to[f][0] - x) * i / steps, y + (to[f][1] - y) * i / steps]);
    await touch(cdp, 'touchMove', at, start + i * 0.016);
  }
  await touch(cdp, 'touchEnd', [], start + steps * 0.016 + 0.008);
}

test('on a phone\'s timeline: two fingers pinch-zoom, a flick pans and glides on, a long press opens the actions', async () => {
  const { page, context } = await open_phone('en-US');
  const cdp = await context.newCDPSession(page);
  await show_tab(page, 'tab.media', 'media.add');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), tap(page, 'media.add')]);
  await chooser.setFiles(make_images(join(media, 'gestures'), 3));
  await wait_for_state(page, (s) => s.uploads.filter((u) => u.status === 'done').length === 3, { timeout: 30000, what: 'three photos' });
  await show_tab(page, 'tab.chat', 'chat.send');
  await tap(page, 'chat.input');
  await page.keyboard.type('turn these images into a video');
  await tap(page, 'chat.send');
  await wait_for_state(page, (s) => !s.turn.active && s.timeline.segments >= 3, { timeout: 60000, what: 'the slideshow' });
  await show_tab(page, 'tab.preview', 'timeline.canvas');
  await save_screenshot(page, 'phone-timeline');

  const lanes = (await app_rects(page))['timeline.canvas'];
  const [cx, cy] = [lanes[0] + lanes[2] / 2, lanes[1] + 20 + 17];  // the middle of the video lane
  const before = (await app_state(page)).ui.timeline_view;
  await gesture(cdp, [[cx - 40, cy], [cx + 40, cy]], [[cx - 120, cy], [cx + 120, cy]]);
  const zoomed = (await wait_for_state(page, (s) => s.ui.timeline_view.pixels_per_second > before.pixels_per_second * 2,
                                       { what: 'the pinch to zoom the timeline in' })).ui.timeline_view;
  assert.ok(Math.abs(zoomed.pixels_per_second / before.pixels_per_second - 3) < 0.6,
            `zoomed as far as the fingers spread (3×): ${before.pixels_per_second} -> ${zoomed.pixels_per_second}`);

  // A quick swipe to the left shows later times, and the lanes keep moving after the finger lifts.
  await gesture(cdp, [[cx + 100, cy]], [[cx - 20, cy]], { steps: 6 });
  const lifted = (await app_state(page)).ui.timeline_view.scroll_ms;
  assert.ok(lifted > zoomed.scroll_ms, `the swipe panned to later times: ${zoomed.scroll_ms} -> ${lifted}`);
  await page.waitForTimeout(400);
  const glided = (await wait_for_state(page, () => true)).ui.timeline_view.scroll_ms;
  assert.ok(glided > lifted, `the lanes glided on after the lift: ${lifted} -> ${glided}`);

  // A long press on the first photo opens its actions; Delete there removes it. A tap on gliding
  // content only stops it, as on any phone, so the glide ends first: a flick of about 1 px/ms slows
  // below 0.02 px/ms in 325 ms × ln(50), about 1.3 s (the lanes may have stopped moving sooner, at
  // the timeline's end).
  await page.waitForTimeout(1500);
  await tap(page, 'timeline.fit');
  const fitted = (await app_rects(page))['timeline.canvas'];
  const first = [fitted[0] + 84 + 20, fitted[1] + 20 + 17];
  await touch(cdp, 'touchStart', [first]);
  await page.waitForTimeout(700);
  await touch(cdp, 'touchEnd', []);
  await page.waitForFunction(() => JSON.parse(window.clipwright.rects())['timeline.menu.delete'] !== undefined, null, { timeout: 5000 });
  await tap(page, 'timeline.menu.delete');
  const after = await wait_for_state(page, (s) => !s.turn.active && s.timeline.segments === 2, { timeout: 60000, what: 'the photo removed' });
  const said = after.messages.filter((m) => m.role === 'user').map((m) => m.text);
  assert.equal(said.at(-1), 'remove clip 1', `the action is said in the chat: ${JSON.stringify(said)}`);
  await context.close();
});

test('a tablet (820×1180) shows two columns with every panel', async () => {
  const { page, context } = await open_phone('zh-CN', { width: 820, height: 1180 });
  const state = await app_state(page);
  assert.equal(state.layout, 'two_columns');
  const rects = await app_rects(page);
  for (const id of ['media.add', 'chat.input', 'export.start', 'timeline.canvas', 'player.video']) assert.ok(rects[id], id);
  await save_screenshot(page, 'tablet-zh');
  await context.close();
});
