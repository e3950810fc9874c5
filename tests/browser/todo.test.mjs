// examples/todo in a real browser: Debian's headless chromium, driven by
// playwright-core, clicks through add / toggle / edit / filter / delete and
// checks the DOM after each htmx swap. On a failure the page is saved as a
// screenshot in tests/browser/artifacts/.
//
// Run: node --test tests/browser/  (WEBX_BINARY selects the binary; the
// default is build/cli/webx of this checkout). Needs `scripts/setup.sh`
// (chromium, and the npm packages of this folder and of examples/todo).
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const binary = process.env.WEBX_BINARY || join(repo, 'build', 'cli', 'webx');
const artifacts = join(here, 'artifacts');
const STEP_TIMEOUT = 5000;

let server;
let base;
let browser;
let page;

// `webx run` on an ephemeral port; resolves with the base URL from its banner.
function startServer() {
  return new Promise((resolve, reject) => {
    server = spawn(binary, ['run', join(repo, 'examples', 'todo'), '--port', '0', '--threads', '1'],
                   { stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => reject(new Error('webx run printed no banner in 10 s')), 10000);
    let out = '';
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    server.stderr.on('data', (chunk) => process.stderr.write(chunk));
    server.on('exit', (code) => reject(new Error(`webx run exited with ${code}`)));
  });
}

before(async () => {
  base = await startServer();
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    // The machine has no internet: keep chromium from trying.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT);
  page.on('pageerror', (e) => { throw e; });
});

after(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
});

// Runs one step; on failure saves a screenshot named after it.
async function step(t, body) {
  try {
    await body();
  } catch (e) {
    mkdirSync(artifacts, { recursive: true });
    const file = join(artifacts, t.name.replace(/[^a-z0-9]+/gi, '-') + '.png');
    await page.screenshot({ path: file, fullPage: true }).catch(() => {});
    e.message += `\n(screenshot: ${file})`;
    throw e;
  }
}

const rows = () => page.locator('#todos > li');
const titles = () => page.locator('#todos > li .title').allTextContents();

test('the page loads htmx from npm and starts empty', async (t) => step(t, async () => {
  await page.goto(base + '/');
  assert.equal(await page.title(), 'Todos');
  assert.equal(await page.evaluate(() => typeof window.htmx), 'object');
  assert.match(await page.evaluate(() => window.htmx.version), /^2\./);
  assert.equal(await rows().count(), 0);
  assert.equal((await page.locator('#count').textContent()).trim(), '0 left of 0');
}));

test('adding appends rows and empties the form', async (t) => step(t, async () => {
  for (const title of ['Buy milk', 'Write <b>docs</b>', 'Call mum']) {
    const before = await rows().count();
    await page.fill('#add input[name=title]', title);
    await page.click('#add button');
    await page.waitForFunction((n) => document.querySelectorAll('#todos > li').length === n, before + 1);
    assert.equal(await page.inputValue('#add input[name=title]'), '');
  }
  assert.deepEqual(await titles(), ['Buy milk', 'Write <b>docs</b>', 'Call mum']);
  // Escaped, so no <b> element was made.
  assert.equal(await page.locator('#todos b').count(), 0);
  assert.equal((await page.locator('#count').textContent()).trim(), '3 left of 3');
}));

test('toggling marks a row done and updates the counter', async (t) => step(t, async () => {
  await page.click('#todo-1 input[type=checkbox]');
  await page.waitForSelector('#todo-1.done');
  assert.equal(await page.isChecked('#todo-1 input[type=checkbox]'), true);
  await page.waitForFunction(() => document.querySelector('#count').textContent.trim() === '2 left of 3');
}));

test('inline edit saves, refuses a blank title, and cancels', async (t) => step(t, async () => {
  await page.click('#todo-3 button.edit');
  await page.waitForSelector('#todo-3.editing input[name=title]');
  await page.fill('#todo-3 input[name=title]', '   ');
  await page.click('#todo-3 button.save');
  await page.waitForSelector('#todo-3 .problem');
  assert.equal(await page.textContent('#todo-3 .problem'), 'A todo needs a title.');
  await page.fill('#todo-3 input[name=title]', 'Call mum on Sunday');
  await page.click('#todo-3 button.save');
  await page.waitForSelector('#todo-3:not(.editing) .title');
  assert.equal(await page.textContent('#todo-3 .title'), 'Call mum on Sunday');
  await page.click('#todo-2 button.edit');
  await page.waitForSelector('#todo-2.editing');
  await page.click('#todo-2 button.cancel');
  await page.waitForSelector('#todo-2:not(.editing) .title');
  assert.equal(await page.textContent('#todo-2 .title'), 'Write <b>docs</b>');
}));

test('filters swap the list and push the URL', async (t) => step(t, async () => {
  await page.click('#filters a:text("done")');
  await page.waitForURL(/\?filter=done$/);
  await page.waitForFunction(() => document.querySelectorAll('#todos > li').length === 1);
  assert.deepEqual(await titles(), ['Buy milk']);
  assert.equal(await page.getAttribute('#filters a.current', 'href'), '/?filter=done');
  await page.click('#filters a:text("active")');
  await page.waitForURL(/\?filter=active$/);
  await page.waitForFunction(() => document.querySelectorAll('#todos > li').length === 2);
  assert.deepEqual(await titles(), ['Write <b>docs</b>', 'Call mum on Sunday']);
  await page.click('#filters a:text("all")');
  await page.waitForFunction(() => document.querySelectorAll('#todos > li').length === 3);
}));

test('deleting removes the row; a reload shows the same state', async (t) => step(t, async () => {
  await page.click('#todo-2 button.delete');
  await page.waitForSelector('#todo-2', { state: 'detached' });
  await page.waitForFunction(() => document.querySelector('#count').textContent.trim() === '1 left of 2');
  await page.reload();
  assert.deepEqual(await titles(), ['Buy milk', 'Call mum on Sunday']);
  assert.equal(await page.isChecked('#todo-1 input[type=checkbox]'), true);
}));
