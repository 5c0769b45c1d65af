// Shared set-up for the browser tests: Debian's Chromium driven by playwright-core, and an
// axe-core check that fails on any violation.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const BASE = (process.env.HALL_BASE_URL || '').replace(/\/$/, '');
if (!BASE) {
  throw new Error('HALL_BASE_URL is not set: run the browser tests through `cargo xtask test`');
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * Runs axe-core (WCAG 2.x A and AA rules and best practices) and returns the violations. With
 * `enhanced`, the AAA contrast rule (7:1, 4.5:1 for large text) runs too.
 */
export async function axe(page, { enhanced = false } = {}) {
  // Evaluated through the DevTools protocol, which the pages' Content-Security-Policy (scripts
  // from the site only) does not apply to; a script tag would be refused, as it should be.
  await page.evaluate(axeSource);
  const result = await page.evaluate(async (enhanced) => {
    // eslint-disable-next-line no-undef
    return await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      rules: enhanced ? { 'color-contrast-enhanced': { enabled: true } } : {},
    });
  }, enhanced);
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
  }));
}

/** A fresh context and page that collects the page's uncaught errors in `page.errors`. */
export async function newPage(browser, options = {}) {
  const context = await browser.newContext({ locale: 'zh-CN', ...options });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  // Anything the Content-Security-Policy refuses counts as an error of the page.
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) errors.push(m.text());
  });
  page.errors = errors;
  // `wrangler dev`'s local asset server has been seen to hold one file for 30 s (a bundle's
  // script answered after 30055 ms): a navigation that times out is tried once more, and says
  // so; a second time out fails the test.
  const goto = page.goto.bind(page);
  page.goto = async (url, opts) => {
    try {
      return await goto(url, opts);
    } catch (e) {
      if (e.name !== 'TimeoutError') throw e;
      console.log(`# ${url} did not load in time; loading it again`);
      return await goto(url, opts);
    }
  };
  return page;
}

/** Fails with the list of axe-core violations, if any. */
export async function assertAccessible(page, name, options = {}) {
  const violations = await axe(page, options);
  assert.deepEqual(violations, [], `${name}: axe-core violations\n${JSON.stringify(violations, null, 2)}`);
}

/** Waits until the app has rendered the page's heading. */
export async function ready(page) {
  await page.waitForSelector('main h1', { timeout: 20000 });
  await page.waitForFunction(() => !document.querySelector('.loading'), null, { timeout: 20000 });
}
