// Drives code-server (VS Code in the browser) with headless Chromium through
// playwright-core, as a user would: open the workspace, open serverless.yml,
// open the Problems panel, hover the faulty key, take a screenshot.
//
// Started by run.sh, which passes everything through the environment:
//   E2E_URL         http://127.0.0.1:PORT/?folder=/abs/workspace
//   E2E_WORKDIR     where playwright-core is installed (setup.sh)
//   E2E_SCREENSHOT  PNG to write
//   E2E_LOGS        code-server's user-data-dir/logs, searched for the LSP trace
//   E2E_EXPECT_CODE diagnostic code that must show up in the Problems panel
//   E2E_FAILURE_SCREENSHOT  optional PNG to write when a step fails
//
// Exit status 0 only if the diagnostic was seen in the Problems panel and the
// server answered the hover request without an error.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { createRequire } = require('node:module');
const { execFileSync } = require('node:child_process');

const env = (k) => {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is not set`);
  return v;
};
const url = env('E2E_URL');
const workdir = env('E2E_WORKDIR');
const screenshot = env('E2E_SCREENSHOT');
const logsDir = env('E2E_LOGS');
const expectCode = env('E2E_EXPECT_CODE');

// playwright-core lives in the work directory, not in the extension's
// node_modules, so that `npm ci` for the extension stays small.
const { chromium } = createRequire(path.join(workdir, 'package.json'))('playwright-core');

const t0 = Date.now();
const log = (msg) => console.log(`[e2e +${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);

// Every wait is bounded; these are upper limits, not sleeps.
// They are generous because they only matter when the test is about to fail,
// and other jobs may be loading the machine.
const WORKBENCH_TIMEOUT = 120_000;
const OPEN_TIMEOUT = 60_000;
const DIAGNOSTIC_TIMEOUT = 60_000;
const HOVER_TIMEOUT = 30_000;

// Polls fn until it returns a truthy value or the deadline passes.
async function waitFor(what, fn, timeoutMs, everyMs = 200) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

// The extension's own "stream-ls" log channel (not the trace one).
function outputText() {
  return logText((name) => /stream-ls/.test(name) && !/trace/.test(name));
}

// The extension's "stream-ls trace" output channel is a log channel, so VS
// Code writes it to a file under the logs folder; with streamLs.trace.server
// = verbose it holds every request and response.
function traceText() {
  return logText((name) => /stream-ls trace/.test(name));
}

function logText(match) {
  let out = '';
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (match(e.name)) out += fs.readFileSync(p, 'utf8');
    }
  };
  if (fs.existsSync(logsDir)) walk(logsDir);
  return out;
}

function chromiumPath() {
  return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
}

async function main() {
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    // Flags that keep Chromium off the (closed) network and run as root;
    // see .library/env/machines/go.md.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const result = { problems: [], hover: null, hoverAnswered: false, hoverTrace: null, restarted: false };
  let page;
  try {
    page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    log(`open ${url}`);
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: WORKBENCH_TIMEOUT });
    // The explorer lists the folder once the workspace is loaded; opening a
    // file before that can race the file service.
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'serverless.yml' }).waitFor({ timeout: WORKBENCH_TIMEOUT });
    log('workbench loaded');

    // Open serverless.yml the way a user would: click it in the Explorer.
    // (Quick Open was tried first; its file search is slow enough on a
    // loaded two-core machine to make the test flaky.)
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'serverless.yml' }).first().click();
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.locator('.view-line', { hasText: 'consumer: true' }).waitFor({ timeout: OPEN_TIMEOUT });
    log('serverless.yml open in the editor');

    // Problems panel.
    await page.keyboard.press('Control+Shift+M');
    const rows = page.locator('.markers-panel .monaco-tl-contents');
    await waitFor(
      `a Problems row with ${expectCode}`,
      async () => (await rows.allInnerTexts()).some((t) => t.includes(expectCode)),
      DIAGNOSTIC_TIMEOUT,
    );
    result.problems = (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    log(`Problems panel: ${JSON.stringify(result.problems)}`);

    // Hover the faulty key. Monaco splits a line into token spans; hover
    // the middle of the one that holds "consumer".
    const line = editor.locator('.view-line', { hasText: 'consumer: true' });
    const token = line.locator('span > span', { hasText: 'consumer' }).first();
    const box = await token.boundingBox();
    if (!box) throw new Error('could not locate the "consumer" token on screen');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const hover = page.locator('.monaco-hover:not(.hidden) .monaco-hover-content, .monaco-hover:not(.hidden) .hover-contents').first();
    await hover.waitFor({ state: 'visible', timeout: HOVER_TIMEOUT });
    result.hover = (await hover.innerText()).replace(/\s+/g, ' ').trim();
    log(`hover widget: ${JSON.stringify(result.hover)}`);

    // Did stream-ls itself answer the hover? (The widget above also shows
    // the diagnostic under the mouse, which needs no hover provider.)
    const trace = await waitFor(
      'the hover response in the LSP trace',
      () => {
        // The response line, then (verbose trace) its result up to the
        // next blank line.
        const m = traceText().match(/Received response 'textDocument\/hover[^\n]*(?:\n(?!\s*\n)[^\n]*)*/);
        return m && m[0];
      },
      HOVER_TIMEOUT,
    );
    result.hoverTrace = trace;
    result.hoverAnswered = !/Request failed/.test(trace);
    log(`hover trace: ${trace}`);

    // VS Code asks code action providers while the hover is up and then
    // says whether there are quick fixes; wait (a little, without failing)
    // for that last line so the screenshot shows the finished hover.
    await waitFor('the hover to finish', async () => /quick fix/i.test(await hover.innerText()) && !/Checking for quick fixes/.test(await hover.innerText()), 5_000).catch(() => {});

    // The hover is still up: the picture shows it with the squiggle and the
    // Problems panel.
    await page.screenshot({ path: screenshot });
    log(`screenshot ${screenshot}`);

    // The restart command, from the Command Palette: the extension logs a
    // second start, and the diagnostic is published again by the new server.
    await page.mouse.move(5, 5); // away from the hover
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    const palette = page.locator('.quick-input-widget input');
    await palette.waitFor({ timeout: 10_000 });
    await palette.fill('>stream-ls: Restart Language Server');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Restart Language Server' }).first().waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    await waitFor('a second server start in the extension log', () => (outputText().match(/Starting .* \(found via/g) || []).length >= 2, DIAGNOSTIC_TIMEOUT);
    result.restarted = true;
    await waitFor(
      `the ${expectCode} row after the restart`,
      async () => (await rows.allInnerTexts()).some((t) => t.includes(expectCode)),
      DIAGNOSTIC_TIMEOUT,
    );
    log('restart: the new server started and the diagnostic is still listed');
  } catch (err) {
    // A picture of the failure, away from the committed screenshot.
    const failShot = process.env.E2E_FAILURE_SCREENSHOT;
    if (page && failShot) {
      await page.screenshot({ path: failShot }).then(() => log(`failure screenshot ${failShot}`), () => {});
    }
    throw err;
  } finally {
    await browser.close();
  }

  const ok = result.problems.some((p) => p.includes(expectCode)) && result.hoverAnswered && result.restarted;
  console.log(JSON.stringify(result, null, 2));
  if (!ok) {
    console.error('e2e: FAILED (need the diagnostic in Problems and a hover answer without error)');
    process.exit(1);
  }
  log('PASS');
}

main().catch((err) => {
  console.error(`e2e: ${err && err.stack ? err.stack : err}`);
  process.exit(1);
});
