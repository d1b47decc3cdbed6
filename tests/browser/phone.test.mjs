// The studio on a phone and a tablet in Chromium's mobile emulation (touch, DPR 3, Chinese and
// English): one panel at a time behind a tab bar, the quick edit done with taps only, 44 px touch
// targets, rotation to two columns, the chat input above a keyboard, and a tablet's two columns.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { app_rects, app_state, click_widget, launch_browser, save_screenshot, start_server, wait_for_state } from './harness.mjs';
import { make_clip } from './media.mjs';

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
