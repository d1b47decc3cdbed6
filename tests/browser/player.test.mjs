// The player and the timeline in Chromium against the real local backend: an edit's preview plays
// (the <video>'s clock advances and the playhead moves), follows the next edit, and scrubbing on the
// ruler shows the draft's frame at that time: the video area, screenshotted, matches by SSIM the
// frame ffmpeg extracts from the exported MP4 at the same time, and not a frame of another picture.
// A selected segment's actions (delete, trim by either handle) and Ctrl+Z reach the draft.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ARTIFACTS, app_rects, app_state, click_widget, export_and_download, launch_browser, send_chat, start_server,
  upload_files, wait_for_state, with_app,
} from './harness.mjs';
import { make_images } from './media.mjs';

const media = mkdtempSync(join(tmpdir(), 'clipwright-player-'));
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

// ffmpeg's SSIM ("All") of two pictures of the same size.
function ssim_of(a, b) {
  const result = execFileSync('sh', ['-c', `ffmpeg -hide_banner -i '${a}' -i '${b}' -lavfi ssim -f null - 2>&1`]).toString();
  return Number(/All:([0-9.]+)/.exec(result)[1]);
}

function frame_at(video, seconds, width, height, out) {
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-ss', String(seconds), '-i', video,
                          '-frames:v', '1', '-vf', `scale=${width}:${height}`, out]);
  return out;
}

async function video_time(page) { return page.evaluate(() => document.getElementById('cw-player').currentTime); }

// Where time `ms` is on the timeline's ruler, from the widget's rectangle and the view.
async function ruler_point(page, ms) {
  const state = await app_state(page);
  const canvas = (await app_rects(page))['timeline.canvas'];
  const view = state.ui.timeline_view;
  return { x: canvas[0] + 84 + ((ms - view.scroll_ms) / 1000) * view.pixels_per_second, y: canvas[1] + 8 };
}

test('the preview plays and the playhead moves; scrubbing shows the draft\'s frame at that time', async () => {
  await with_app(browser, server.url, 'player', async (page) => {
    await upload_files(page, make_images(join(media, 'slides'), 3));
    await send_chat(page, 'turn these images into a video');
    const ready = await wait_for_state(page, (s) => s.preview.status === 'ready' && s.player.url !== '',
                                       { timeout: 60000, what: 'the preview of the edit' });
    assert.ok(ready.player.area[2] > 100, 'the player shows a video area');

    await click_widget(page, 'player.play');
    await wait_for_state(page, (s) => s.player.playing, { what: 'playing' });
    const start = { t: await video_time(page), x: (await app_rects(page))['timeline.playhead'][0] };
    await page.waitForTimeout(1500);
    await wait_for_state(page, () => true);
    const later = { t: await video_time(page), x: (await app_rects(page))['timeline.playhead'][0] };
    assert.ok(later.t > start.t + 0.8, `the video's clock advanced: ${start.t} -> ${later.t}`);
    assert.ok(later.x > start.x + 2, `the playhead moved: ${start.x} -> ${later.x}`);
    await click_widget(page, 'player.play');
    await wait_for_state(page, (s) => !s.player.playing, { what: 'paused' });

    // Scrub to the middle of the second picture.
    const second = ready.timeline.tracks.find((t) => t.kind === 'video').items[1];
    const target = second.start_ms + second.duration_ms / 2;
    const point = await ruler_point(page, target);
    await page.mouse.click(point.x, point.y);
    const sought = await wait_for_state(page, (s) => !s.player.seeking && s.player.can_show &&
                                                     Math.abs(s.player.time_ms - target) < 150,
                                        { what: `the player at ${target} ms` });
    await page.waitForTimeout(200);
    const [x, y, w, h] = sought.player.area.map(Math.round);
    const shot = join(media, 'scrubbed.png');
    writeFileSync(shot, await page.screenshot({ clip: { x, y, width: w, height: h } }));
    writeFileSync(join(ARTIFACTS, 'player-scrubbed.png'), await page.screenshot({ clip: { x, y, width: w, height: h } }));

    const { file } = await export_and_download(page, 'mp4', join(media, 'export.mp4'));
    const right = ssim_of(shot, frame_at(file.path, sought.player.time_ms / 1000, w, h, join(media, 'right.png')));
    const first = ready.timeline.tracks.find((t) => t.kind === 'video').items[0];
    const wrong = ssim_of(shot, frame_at(file.path, (first.start_ms + first.duration_ms / 3) / 1000, w, h, join(media, 'wrong.png')));
    console.log(`scrubbed to ${sought.player.time_ms.toFixed(0)} ms: SSIM ${right.toFixed(4)} against the export's frame, ${wrong.toFixed(4)} against the first picture's`);
    assert.ok(right > 0.8, `the scrubbed frame matches the export's frame at that time: SSIM ${right}`);
    assert.ok(right > wrong + 0.05, `and not another picture's: ${right} against ${wrong}`);

    // The next edit gets its own preview, and the player follows it on its own.
    await send_chat(page, 'add a title "Hello" for the first 2 seconds');
    await wait_for_state(page, (s) => s.preview.status === 'ready' && s.player.url !== ready.player.url,
                         { timeout: 60000, what: 'the preview of the next edit' });
  });
});

// The centre of a segment in the timeline, from the canvas rectangle and the view.
async function segment_point(page, track_index, item) {
  const state = await app_state(page);
  const canvas = (await app_rects(page))['timeline.canvas'];
  const view = state.ui.timeline_view;
  const mid_ms = item.start_ms + item.duration_ms / 2;
  return { x: canvas[0] + 84 + ((mid_ms - view.scroll_ms) / 1000) * view.pixels_per_second,
           y: canvas[1] + 20 + 34 * track_index + 17 };
}

// Segment actions show in the timeline's header from the frame after the selection.
async function wait_for_widget(page, id) {
  await page.waitForFunction((wanted) => JSON.parse(window.clipwright.rects())[wanted] !== undefined, id, { timeout: 5000 });
}

function video_items(state) { return state.timeline.tracks.find((t) => t.kind === 'video').items; }

test('a selected segment is deleted through its action, trimmed by its handle, and Ctrl+Z undoes the agent\'s edit', async () => {
  await with_app(browser, server.url, 'timeline-actions', async (page) => {
    await upload_files(page, make_images(join(media, 'four'), 4));
    const made = await send_chat(page, 'turn these images into a video');
    const video_track = made.timeline.tracks.findIndex((t) => t.kind === 'video');
    assert.equal(video_items(made).length, 4);
    const first_preview = (await wait_for_state(page, (s) => s.preview.status === 'ready', { timeout: 60000 })).preview.url;

    // Select the second picture and delete it through its action: an instruction in the chat.
    const second = await segment_point(page, video_track, video_items(made)[1]);
    await page.mouse.click(second.x, second.y);
    await wait_for_state(page, (s) => s.ui.selected[1] === 1, { what: 'the selection' });
    await wait_for_widget(page, 'timeline.action.delete');
    const before = (await app_state(page)).messages.length;
    await click_widget(page, 'timeline.action.delete');
    const deleted = await wait_for_state(page, (s) => s.messages.length >= before + 2 && !s.turn.active &&
                                                      video_items(s).length === 3, { timeout: 30000, what: 'the deletion' });
    assert.equal(deleted.messages[before].text, 'remove clip 2', 'the action shows as a plain instruction');
    assert.deepEqual(video_items(deleted).map((i) => i.label), ['photo_1', 'photo_3', 'photo_4']);
    await wait_for_state(page, (s) => s.preview.status === 'ready' && s.preview.url !== first_preview,
                         { timeout: 60000, what: 'the preview of the deletion' });

    // Drag the end of the first picture to about 1.5 s.
    const first = await segment_point(page, video_track, video_items(deleted)[0]);
    await page.mouse.click(first.x, first.y);
    await wait_for_state(page, (s) => s.ui.selected[1] === 0);
    const view = (await app_state(page)).ui.timeline_view;
    const canvas = (await app_rects(page))['timeline.canvas'];
    const end_x = canvas[0] + 84 + ((video_items(deleted)[0].duration_ms - view.scroll_ms) / 1000) * view.pixels_per_second;
    await page.waitForFunction((x) => {  // the handle of the newly selected picture, not the last one's
      const rect = JSON.parse(window.clipwright.rects())['timeline.trim_end'];
      return rect && Math.abs(rect[0] + rect[2] / 2 - x) < 3;
    }, end_x, { timeout: 5000 });
    const handle = (await app_rects(page))['timeline.trim_end'];
    const shorter_by = ((video_items(deleted)[0].duration_ms - 1500) / 1000) * view.pixels_per_second;
    await page.mouse.move(handle[0] + handle[2] / 2, handle[1] + handle[3] / 2);
    await page.mouse.down();
    await page.mouse.move(handle[0] + handle[2] / 2 - shorter_by, handle[1] + handle[3] / 2, { steps: 8 });
    await page.mouse.up();
    const trimmed = await wait_for_state(page, (s) => !s.turn.active && Math.abs(video_items(s)[0].duration_ms - 1500) <= 100,
                                         { timeout: 30000, what: 'the trim' });
    assert.match(trimmed.messages.filter((m) => m.role === 'user').at(-1).text, /^make clip 1 1\.[45] seconds long$/);

    // Ctrl+Z undoes the trim.
    await page.mouse.click(5, 5);  // focus the page, away from the chat field
    await page.keyboard.down('Control');
    await page.keyboard.press('z', { delay: 100 });  // held as a person holds it, across frames
    await page.keyboard.up('Control');
    const undone = await wait_for_state(page, (s) => !s.turn.active && video_items(s)[0].duration_ms === video_items(deleted)[0].duration_ms,
                                        { timeout: 30000, what: 'the undo' });

    // Drag the start of the first picture 1 s to the right: its head is cut, the others stay.
    const start_x = canvas[0] + 84 + ((0 - view.scroll_ms) / 1000) * view.pixels_per_second;
    const head = (await app_rects(page))['timeline.trim_start'];
    assert.ok(head && Math.abs(head[0] + head[2] / 2 - start_x) < 3, `the start handle sits at the picture's start: ${head}`);
    await page.mouse.move(head[0] + head[2] / 2, head[1] + head[3] / 2);
    await page.mouse.down();
    await page.mouse.move(head[0] + head[2] / 2 + view.pixels_per_second, head[1] + head[3] / 2, { steps: 8 });
    await page.mouse.up();
    const headless = await wait_for_state(page, (s) => !s.turn.active && video_items(s)[0].duration_ms < video_items(undone)[0].duration_ms,
                                          { timeout: 30000, what: 'the head trim' });
    assert.match(headless.messages.filter((m) => m.role === 'user').at(-1).text, /^cut the first (0\.9|1|1\.1) seconds of clip 1$/);
    assert.ok(Math.abs(video_items(undone)[0].duration_ms - video_items(headless)[0].duration_ms - 1000) <= 100, 'about 1 s shorter');
    assert.equal(video_items(headless)[1].duration_ms, video_items(undone)[1].duration_ms, 'the next picture is as it was');
  });
});
