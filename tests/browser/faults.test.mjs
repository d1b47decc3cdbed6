// Faults seen from the page, in Chromium against the real server: the backend goes down while the
// page is open, and is killed (SIGKILL) in the middle of a chat turn and of a render, then started
// again on the same port and data folder. The page must say so, reconnect by itself, never resend
// a chat message, and show the render's outcome. Each test saves its final screen.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  app_state, click_widget, launch_browser, open_app, save_screenshot, send_chat, start_server, upload_files, wait_for_state,
} from './harness.mjs';
import { make_big_video, make_clip } from './media.mjs';
import { record_reliability } from './reliability.mjs';

const media = mkdtempSync(join(tmpdir(), 'clipwright-media-'));
let browser;
const counts = { inputs: 0, faults: 0, requests: 0, failures: 0, lost: 0 };

before(async () => { browser = await launch_browser(); });
after(async () => {
  await browser?.close();
  record_reliability('browser_faults', counts);
});

// The page on a server that can be killed and started again in its place.
async function with_restartable_server(name, extra_args, body) {
  let server = await start_server(extra_args);
  const restart = async () => {
    server = await start_server(extra_args, { data: server.data, port: server.port });
    return server;
  };
  const crash = async () => { await server.kill(); counts.faults += 1; };
  const { page, context, errors } = await open_app(browser, server.url);
  const run_sse = [];
  page.on('request', (request) => { if (request.url().endsWith('/run_sse')) run_sse.push(request.url()); });
  try {
    await wait_for_state(page, (s) => s.connection === 'online', { what: 'the first connection', timeout: 20000 });
    await body({ page, crash, restart, run_sse, data: server.data });
    assert.deepEqual(errors, [], 'no page errors');
  } catch (error) {
    counts.failures += 1;
    throw error;
  } finally {
    await save_screenshot(page, name);
    await context.close();
    await server.stop();
  }
}

test('the backend goes down while the page is open: the page says so, retries and recovers', async () => {
  await with_restartable_server('faults-backend-down', [], async ({ page, crash, restart }) => {
    const session = () => page.evaluate(() => localStorage.getItem('cw.session_id'));
    await page.waitForFunction(() => localStorage.getItem('cw.session_id'));
    const session_before = await session();
    await crash();
    // An idle page makes no requests: it learns on the next call, here the user asking for credits.
    await click_widget(page, 'chat.input');
    await page.keyboard.type('credits');
    await page.keyboard.press('Enter');
    const offline = await wait_for_state(page, (s) => s.connection === 'offline', { what: 'the page to notice', timeout: 15000 });
    assert.ok(offline.next_retry_ms > 0, 'a retry is scheduled');
    const status = JSON.parse(await page.evaluate(() => window.clipwright.rects()))['status.connection'];
    assert.ok(status, 'the status bar shows the connection');
    await page.waitForTimeout(2500);
    await restart();
    const back = await wait_for_state(page, (s) => s.connection === 'online', { what: 'the page to reconnect', timeout: 30000 });
    assert.equal(back.connection, 'online');
    assert.equal(await session(), session_before, 'the same session after the backend returns');
    counts.requests += 1;
  });
});

test('killed mid upload: the upload fails clearly, nothing is registered, and the page recovers', async () => {
  await with_restartable_server('faults-upload', ['--max-upload-mb', '400'], async ({ page, crash, restart, data }) => {
    const file = make_big_video(media, 200);
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), click_widget(page, 'media.add')]);
    await chooser.setFiles([file]);
    await wait_for_state(page, (s) => s.uploads.some((u) => u.status === 'uploading' && u.progress > 0),
                         { what: 'bytes on their way', timeout: 20000 });
    await crash();
    const failed = await wait_for_state(page, (s) => s.uploads.at(-1).status === 'failed', { what: 'the upload to fail' });
    assert.match(failed.uploads.at(-1).error, /server|reach|connection/i, `a clear reason: ${failed.uploads.at(-1).error}`);
    await restart();
    await click_widget(page, 'chat.input');
    await page.keyboard.type('status');
    await page.keyboard.press('Enter');
    await wait_for_state(page, (s) => s.connection === 'online', { what: 'the page to reconnect', timeout: 30000 });
    const left = (folder) => (existsSync(join(data, folder)) ? readdirSync(join(data, folder)) : []);
    assert.deepEqual(left('media'), [], 'no media file registered from the cut upload');
    assert.deepEqual(left('tmp'), [], 'no partial upload left behind');
    counts.requests += 1;
  });
});

test('killed mid chat turn: the message is never resent and the page tells what happened', async () => {
  await with_restartable_server('faults-chat-turn', ['--stream-delay-ms', '300', '--silent-percent', '0'],
                                async ({ page, crash, restart, run_sse }) => {
    const before_turn = await app_state(page);
    await click_widget(page, 'chat.input');
    await page.keyboard.type('add the title "Night Market" for the first 3 seconds');
    await page.keyboard.press('Enter');
    // The edit is applied before the reply streams: kill while the text is still arriving.
    await wait_for_state(page, (s) => s.messages.some((m) => m.role === 'agent' && m.streaming), { what: 'streamed text' });
    await crash();
    await restart();
    const settled = await wait_for_state(page, (s) => !s.turn.active, { what: 'the turn to settle', timeout: 90000 });
    assert.equal(run_sse.length, 1, 'the message was sent once, never again');
    const users = settled.messages.filter((m) => m.role === 'user');
    assert.equal(users.length, before_turn.messages.filter((m) => m.role === 'user').length + 1, 'one user message');
    const told = settled.messages.slice(before_turn.messages.length + 1).map((m) => m.text).join('\n');
    assert.match(told, /Night Market|title/i, `the page says what the turn did: ${told}`);
    const texts = (await wait_for_state(page, (s) => s.timeline.segments > 0, { what: 'the timeline' })).timeline;
    assert.ok(JSON.stringify(texts).includes('Night Market'), 'the title is on the timeline after the restart');
    counts.requests += 1;
  });
});

test('killed mid render: after the restart the page shows the render finished and its download', async () => {
  await with_restartable_server('faults-render', [], async ({ page, crash, restart }) => {
    await upload_files(page, [make_clip(media, { name: 'street.mp4', seconds: 4 })]);
    await send_chat(page, 'convert this clip into a looping GIF with auto-optimized colors');
    await click_widget(page, 'export.format.mp4');
    const known = new Set((await app_state(page)).jobs.map((j) => j.id));
    await click_widget(page, 'export.start');
    await wait_for_state(page, (s) => s.jobs.some((j) => !known.has(j.id) && j.status === 'processing'),
                         { what: 'the render to start', timeout: 30000 });
    await crash();
    await page.waitForTimeout(1000);
    await restart();
    const done = await wait_for_state(page, (s) => s.jobs.some((j) => !known.has(j.id) && (j.status === 'completed' || j.status === 'failed')),
                                      { what: 'the render outcome', timeout: 180000 });
    const job = done.jobs.find((j) => !known.has(j.id));
    assert.equal(job.status, 'completed', `the interrupted render was resumed (${job.error || ''})`);
    await wait_for_state(page, () => true);
    const rects = JSON.parse(await page.evaluate(() => window.clipwright.rects()));
    assert.ok(rects[`export.job.${job.first_id}.download`], 'the download button is on screen');
    counts.requests += 1;
  });
});
