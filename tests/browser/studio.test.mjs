// The studio end to end in Chromium against the real local backend, with media made by ffmpeg:
// files go in through the real file chooser, text is typed at the input's coordinates, exports are
// downloaded through the browser and checked with ffprobe. Each test saves its final screen.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ARTIFACTS, app_rects, app_state, click_widget, download_job, export_and_download, launch_browser, with_app,
  send_chat, start_server, upload_files, wait_for_job, wait_for_state,
} from './harness.mjs';
import { gif_loops, make_audio, make_clip, make_fake_video, make_heif, make_images, probe } from './media.mjs';
import { copyFileSync } from 'node:fs';
import { createServer } from 'node:http';

const media = mkdtempSync(join(tmpdir(), 'clipwright-media-'));
const downloads = join(ARTIFACTS, 'downloads');
let browser;
let server;

before(async () => {
  browser = await launch_browser();
  server = await start_server(['--allow-loopback-urls']);  // test 10 pastes a link served on loopback
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

function studio(name, body, target = server) { return with_app(browser, target.url, name, body); }

function duration_s(info) { return Number(info.format.duration); }
function stream(info, type) { return info.streams.find((s) => s.codec_type === type); }

test('1. quick edit: a 4 s clip becomes a looping GIF', async () => {
  await studio('1-quick-edit-gif', async (page) => {
    const clip = make_clip(media, { name: 'city.mp4', seconds: 4 });
    const uploaded = await upload_files(page, [clip]);
    assert.equal(uploaded.uploads.at(-1).status, 'done');
    const replied = await send_chat(page, 'convert this clip into a looping GIF with auto-optimized colors');
    assert.ok(replied.timeline.segments >= 1, 'the timeline has the clip');
    const { file } = await export_and_download(page, 'gif', join(downloads, 'quick-edit.gif'));
    assert.equal(file.suggested, 'city.gif', 'the download is named after the project');
    const info = probe(file.path);
    assert.equal(info.streams[0].codec_name, 'gif');
    assert.ok(gif_loops(readFileSync(file.path)), 'the GIF loops (NETSCAPE2.0)');
    assert.ok(duration_s(info) > 1 && duration_s(info) <= 5.1, `GIF lasts ${duration_s(info)} s`);
    const ready = (await app_state(page)).messages.find((m) => /^Your .* is ready/.test(m.text));
    assert.equal(ready.text, 'Your GIF is ready.', 'a finished render is told without a pasted link');
    assert.deepEqual(ready.actions, ['download', 'preview']);
  });
});

test('2. three images become a smooth MP4 with transitions', async () => {
  await studio('2-images-to-video', async (page) => {
    await upload_files(page, make_images(join(media, 'three'), 3));
    const state = await send_chat(page, 'turn these images into a smooth animated video with transitions');
    const video = state.timeline.tracks.find((t) => t.kind === 'video');
    assert.equal(video.items.length, 3, 'one segment per image');
    assert.ok(video.items.slice(1).every((s) => s.transition !== ''), 'transitions between images');
    const { file } = await export_and_download(page, 'mp4', join(downloads, 'images.mp4'));
    const info = probe(file.path);
    assert.equal(stream(info, 'video').codec_name, 'h264');
    const expected = state.timeline.duration_ms / 1000;
    assert.ok(Math.abs(duration_s(info) - expected) < 0.25, `MP4 lasts ${duration_s(info)} s, timeline ${expected} s`);
  });
});

test('3. five images and music become a 30-second promo with audio', async () => {
  await studio('3-promo-with-music', async (page) => {
    await upload_files(page, [...make_images(join(media, 'five'), 5), make_audio(media, { seconds: 20 })]);
    const state = await send_chat(page, 'turn these images into a 30-second promo video with background music');
    assert.equal(state.timeline.duration_ms, 30000);
    const { file } = await export_and_download(page, 'mp4', join(downloads, 'promo.mp4'));
    const info = probe(file.path);
    assert.ok(stream(info, 'audio'), 'the promo has an audio stream');
    assert.ok(Math.abs(duration_s(info) - 30) < 0.25, `promo lasts ${duration_s(info)} s`);
  });
});

test('4. batch and iterative: two renders, then a refinement and undo', async () => {
  await studio('4-batch-iterative', async (page) => {
    await upload_files(page, [make_clip(media, { name: 'skate.mp4', seconds: 3 })]);
    await send_chat(page, 'convert this clip into a looping GIF with auto-optimized colors');
    const first = await export_and_download(page, 'gif', join(downloads, 'batch-1.gif'));
    assert.equal(probe(first.file.path).streams[0].codec_name, 'gif');

    await send_chat(page, 'add the title "Summer Sale" for the first 3 seconds');
    const titled = await app_state(page);
    const title = titled.timeline.tracks.find((t) => t.kind === 'text');
    assert.equal(title.items[0].text, 'Summer Sale');
    const second = await export_and_download(page, 'mp4', join(downloads, 'batch-2.mp4'));
    assert.equal(second.file.suggested, 'Summer Sale.mp4', 'the download is named after the title');
    const renders = (await app_state(page)).jobs.filter((j) => j.status === 'completed');
    assert.equal(renders.length, 2);
    assert.deepEqual(renders.map((j) => j.format).sort(), ['gif', 'mp4']);

    const bigger = await send_chat(page, 'make the title bigger');
    assert.notEqual(bigger.messages.at(-1).text, '', 'the refinement is answered');
    const undone = await send_chat(page, 'undo');
    assert.deepEqual(undone.timeline.tracks.map((t) => t.items), titled.timeline.tracks.map((t) => t.items),
                     'undo brings back the timeline before the refinement');
  });
});

test('5. Chinese: 导出 exports and 积分 shows credits', async () => {
  await studio('5-chinese', async (page) => {
    await upload_files(page, [make_clip(media, { name: 'cn.mp4', seconds: 3 })]);
    await send_chat(page, '把这个视频转成循环GIF');
    const before_export = (await app_state(page)).jobs.length;
    await click_and_type(page, '导出');
    const exported = await wait_for_state(page, (s) => s.jobs.length === before_export + 1, { what: 'an export from 导出' });
    const job = await wait_for_job(page, (j) => j.id === exported.jobs.at(-1).id);
    assert.equal(job.status, 'completed');
    const before_credits = (await app_state(page)).messages.length;
    await click_and_type(page, '积分');
    const credits = await wait_for_state(page, (s) => s.messages.length > before_credits + 1, { what: 'credits shown' });
    assert.match(credits.messages.at(-1).text, /\d/);
    assert.ok(credits.fonts.cjk_loaded, 'the Chinese font was fetched');
  });
});

async function click_and_type(page, text) {
  const rect = (await app_rects(page))['chat.input'];
  await page.mouse.click(rect[0] + rect[2] / 2, rect[1] + rect[3] / 2);
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

test('6. a reload in the middle of a render resumes it and shows the download', async () => {
  await studio('6-reload-mid-render', async (page) => {
    await upload_files(page, [...make_images(join(media, 'reload'), 4), make_audio(media, { name: 'bed.mp3', seconds: 10 })]);
    await send_chat(page, 'turn these images into a 30-second promo video with background music');
    await click_widget(page, 'export.format.mp4');
    await click_widget(page, 'export.start');
    const started = await wait_for_state(page, (s) => s.jobs.some((j) => j.status === 'processing' || j.status === 'pending'),
                                         { what: 'the render to start', timeout: 20000 });
    const { id } = started.jobs.at(-1);
    await page.reload();
    await page.waitForFunction(() => window.clipwright && window.clipwright.ready === true);
    const resumed = await wait_for_state(page, (s) => s.jobs.some((j) => j.id === id) && s.timeline.segments > 0,
                                         { what: 'the job and the timeline after reload' });
    assert.ok(resumed.messages.length >= 2, 'the chat history came back');
    const job = await wait_for_job(page, (j) => j.id === id);
    assert.equal(job.status, 'completed');
    const { path } = await download_job(page, job, join(downloads, 'resumed.mp4'));
    assert.ok(stream(probe(path), 'video'));
  });
});

test('11. Cancel stops a running export: it reads cancelled, its button goes, and no file is kept', async () => {
  await studio('11-cancel-export', async (page) => {
    await upload_files(page, [make_clip(media, { name: 'cancel-me.mp4', seconds: 30, size: '1920x1080' })]);
    await send_chat(page, 'turn my clip into a video');
    const renders = join(server.data, 'renders');
    const kept = () => (existsSync(renders) ? readdirSync(renders) : []).sort();
    const before = kept();
    await click_widget(page, 'export.format.mp4');
    await click_widget(page, 'export.start');
    const running = await wait_for_state(page, (s) => s.jobs.at(-1)?.status === 'processing',
                                         { what: 'the render to start', timeout: 30000 });
    const job = running.jobs.at(-1);
    const asked = Date.now();
    await click_widget(page, `export.job.${job.first_id}.cancel`);
    const stopped = await wait_for_job(page, (j) => j.id === job.id && j.status === 'failed', { timeout: 10000 });
    assert.ok(Date.now() - asked < 10000, 'stopped within seconds');
    assert.equal(stopped.cancelled, true);
    assert.ok(!(await app_rects(page))[`export.job.${job.first_id}.cancel`], 'no Cancel button on a cancelled export');
    assert.deepEqual(kept(), before, 'nothing was kept');
  });
});

test('7. an unsupported file and an oversized one are refused with clear messages', async () => {
  const strict = await start_server(['--max-upload-mb', '1']);
  try {
    await studio('7-upload-errors', async (page) => {
      const refused = await upload_files(page, [make_fake_video(media)]);
      const fake = refused.uploads.at(-1);
      assert.equal(fake.status, 'rejected');
      assert.match(fake.error, /mp4/i, 'the accepted formats are listed');
      const big = make_clip(media, { name: 'long.mp4', seconds: 12, size: '1920x1080' });
      const too_big = (await upload_files(page, [big])).uploads.at(-1);
      assert.equal(too_big.status, 'rejected');
      assert.match(too_big.error, /1 ?MB/i, 'the limit is shown');
      const state = await app_state(page);
      assert.equal(state.timeline.segments, 0);
      const media_dir = join(strict.data, 'media');
      const stored = existsSync(media_dir) ? readdirSync(media_dir, { recursive: true }) : [];
      assert.deepEqual(stored.filter((f) => !f.endsWith('/')), [], 'nothing was stored');
    }, strict);
  } finally {
    await strict.stop();
  }
});

test('9. every usual name of an accepted format goes in through the real file chooser', async () => {
  await studio('9-format-names', async (page) => {
    const dir = join(media, 'names');
    const [jpg] = make_images(dir, 1);
    const files = ['photo.jpeg', 'PHOTO.JPG', 'scan.jfif'].map((name) => {
      copyFileSync(jpg, join(dir, name));
      return join(dir, name);
    });
    files.push(make_clip(dir, { name: 'clip.M4V', seconds: 1 }), make_heif(dir, 'iphone.heif'));
    const state = await upload_files(page, files);
    const uploads = state.uploads.slice(-files.length);
    assert.deepEqual(uploads.map((u) => [u.name, u.status, u.error, u.media_type]),
                     files.map((f) => [f.split('/').at(-1), 'done', '', /\.(M4V)$/.test(f) ? 'video' : 'image']),
                     'every file is accepted and stored as what it is');
  });
});

test('10. a link pasted in the chat is added like a file: progress, result, and a refusal that says why', async () => {
  const dir = join(media, 'links');
  const clip = make_clip(dir, { name: 'linked.mp4', seconds: 1 });
  const text = make_fake_video(dir, 'notes.mp4');
  const files = createServer((req, res) => {
    const path = req.url === '/linked.mp4' ? clip : req.url === '/notes.mp4' ? text : null;
    if (!path) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'Content-Type': 'video/mp4' });
    res.end(readFileSync(path));
  });
  await new Promise((resolve) => files.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${files.address().port}`;
  try {
    await studio('10-pasted-link', async (page) => {
      for (const [name, status] of [['linked.mp4', 'done'], ['notes.mp4', 'rejected']]) {
        const before = (await app_state(page)).uploads.length;
        await click_widget(page, 'chat.input');
        await page.keyboard.type(`${base}/${name}`);
        await page.keyboard.press('Enter');
        const state = await wait_for_state(page, (s) => s.uploads.length > before && !['queued', 'uploading'].includes(s.uploads.at(-1).status),
                                           { what: `the link ${name}`, timeout: 60000 });
        const item = state.uploads.at(-1);
        assert.equal(item.name, name);
        assert.equal(item.status, status);
        if (status === 'done') assert.equal(item.media_type, 'video');
        else assert.match(item.error, /not a supported|not supported/);
      }
    });
  } finally {
    files.close();
  }
});

test('8. out of credits: the status bar offers registration with the bind id', async () => {
  const broke = await start_server(['--initial-credits', '0']);
  try {
    await studio('8-no-credits', async (page) => {
      await upload_files(page, [make_clip(media, { name: 'broke.mp4', seconds: 2 })]);
      await click_widget(page, 'chat.input');
      await page.keyboard.type('convert this clip into a looping GIF with auto-optimized colors');
      await page.keyboard.press('Enter');
      const state = await wait_for_state(page, (s) => s.errors.some((e) => e.code === 2001) && !s.turn.active,
                                         { what: 'the 2001 error' });
      const error = state.errors.find((e) => e.code === 2001);
      assert.match(error.link, /[?&]bind=[^&]+/);
      assert.equal(state.timeline.segments, 0, 'nothing was edited');
      const [popup] = await Promise.all([page.context().waitForEvent('page'), click_widget(page, 'status.error.link')]);
      assert.match(popup.url(), /bind=/);
    }, broke);
  } finally {
    await broke.stop();
  }
});
