// The page against a real ADK API server (tests/adk: Google's own server and event code with a
// scripted model), through a small same-origin front that sends /run_sse to ADK and everything
// else to the local backend. The agent's tool edits the timeline through the local backend, so
// the timeline really changes. "scenario:<name>" chooses what the model does (tests/adk/README.md).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { app_state, click_widget, launch_browser, send_chat, start_server, wait_for_state, with_app } from './harness.mjs';

let browser;
let server;
let front;

// tests/adk/front.mjs over the server; resolves with its URL once ADK has loaded the agent.
async function start_front(backend_url, extra_args = []) {
  const child = spawn(process.execPath, [join(import.meta.dirname, '..', 'adk', 'front.mjs'), '--backend', backend_url, ...extra_args],
                      { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the ADK front did not start in 60 s')), 60000);
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /FRONT_PORT=(\d+)/.exec(out);
      if (match) { clearTimeout(timer); resolve(Number(match[1])); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`the ADK front exited with ${code}`)); });
  });
  child.removeAllListeners('exit');
  return { url: `http://127.0.0.1:${port}/`, stop: () => child.kill('SIGTERM') };
}

before(async () => {
  browser = await launch_browser();
  server = await start_server(['--silent-percent', '0']);
  front = await start_front(server.url);
});

after(async () => {
  await browser?.close();
  front?.stop();
  await server?.stop();
});

function with_page(name, body) {
  return with_app(browser, front.url, name, body, (s) => s.connection === 'online' && s.credits.known);
}

// The messages a turn added after the user's own words.
async function turn(page, words) {
  const before = (await app_state(page)).messages.length;
  const state = await send_chat(page, words);
  return { state, said: state.messages.slice(before + 1) };
}

test('ADK turns in the page: text, tools, silence, failures', async () => {
  await with_page('adk-turns', async (page) => {
    let { said } = await turn(page, 'scenario:text hello from the page');
    assert.equal(said.length, 1);
    assert.match(said[0].text, /scripted reply to your message: hello from the page/);

    ({ said } = await turn(page, "scenario:text_tool add a title 'Harbour' for 2 seconds"));
    assert.deepEqual(said.map((m) => m.role), ['agent', 'agent']);
    // With no media, a title becomes a title card: its background and its text.
    let state = await wait_for_state(page, (s) => s.timeline.segments === 2, { what: 'the title card on the timeline' });
    assert.match(state.timeline.summary, /Harbour/);

    ({ said } = await turn(page, "scenario:tool add a title 'Quiet' for 2 seconds"));
    assert.equal(said.length, 1);
    assert.match(said[0].text, /added title “Quiet”/);

    ({ said } = await turn(page, 'scenario:canvas'));
    assert.equal(said.length, 1);
    assert.match(said[0].text, /aspect ratio 16:9 → 9:16 \(1080×1920\)/);

    ({ said } = await turn(page, 'scenario:nothing'));
    assert.deepEqual(said.map((m) => m.text), ['The agent finished without changing the timeline.']);

    ({ said } = await turn(page, 'scenario:error'));
    assert.equal(said.length, 1, 'one message for a model error');
    assert.match(said[0].text, /^The agent ran into a problem/);
    assert.doesNotMatch(said[0].text, /[{}]/, 'no raw JSON');

    ({ said } = await turn(page, 'scenario:safety'));
    assert.equal(said.length, 1, 'one message for a safety stop sent twice');
    assert.match(said[0].text, /safety filter/);
  });
});

test('the shown balance is the server\'s after several edits; a session ADK forgot is replaced', async () => {
  await with_page('adk-credits-session', async (page) => {
    for (const title of ['One', 'Two', 'Three', 'Four']) await turn(page, `scenario:tool add a title '${title}'`);
    const token = await page.evaluate(() => localStorage.getItem('cw.token'));
    const headers = { Authorization: `Bearer ${token}`, 'X-Skill-Source': 'test', 'X-Skill-Version': '1', 'X-Skill-Platform': 'web' };
    const balance = (await (await fetch(new URL('api/credits/balance/simple', front.url), { headers })).json()).data.available;
    assert.ok(balance < 100, `edits were charged (${balance} left)`);
    await wait_for_state(page, (s) => s.credits.available === balance, { what: `the status bar to show ${balance} credits` });

    const first = (await app_state(page)).session_id;
    await fetch(new URL('__forget_session', front.url), { method: 'POST', body: JSON.stringify({ sessionId: first }) });
    const { state, said } = await turn(page, 'scenario:text after forgetting');
    assert.notEqual(state.session_id, first, 'a new session');
    assert.ok(said.some((m) => /new one was started/.test(m.text)), 'the user is told');
  });
});

// The hosted service has the contract and none of the local backend's extensions: the front then
// answers 404 for them, as that service does.
test('a backend without the preview extension: the player says so, and "Make preview" exports and plays the result', async () => {
  const hosted = await start_front(server.url, ['--without-extensions']);
  try {
    await with_app(browser, hosted.url, 'adk-make-preview', async (page) => {
      await turn(page, "scenario:tool add a title 'Harbour' for 2 seconds");
      const told = await wait_for_state(page, (s) => s.preview.status === 'unsupported' && s.timeline.segments === 2,
                                        { what: 'the missing preview extension noticed' });
      assert.ok(told.texts.some((t) => /"Make preview" runs an ordinary export at the lowest quality/.test(t)),
                'the player says what "Make preview" does');
      assert.equal(told.player.url, '');
      await click_widget(page, 'player.make_preview');
      const made = await wait_for_state(page, (s) => s.player.url !== '' && s.jobs.some((j) => j.status === 'completed'),
                                        { timeout: 120000, what: 'the low-quality export in the player' });
      const job = made.jobs.find((j) => j.status === 'completed');
      assert.equal(made.player.url, job.url, 'the player plays the export');
      await click_widget(page, 'player.play');
      await wait_for_state(page, (s) => s.player.playing, { what: 'playing' });
      const started = await page.evaluate(() => document.getElementById('cw-player').currentTime);
      await page.waitForTimeout(800);
      const later = await page.evaluate(() => document.getElementById('cw-player').currentTime);
      assert.ok(later > started + 0.3, `the export plays: ${started} -> ${later}`);
    }, (s) => s.connection === 'online' && s.credits.known);
  } finally {
    hosted.stop();
  }
});
