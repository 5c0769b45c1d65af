// Embedding in a government portal: a test portal page (tests/embed/portal.html), served from
// another local origin, pastes the snippet; Hall loads in the frame without its header and
// footer, in the portal's brand colour, and the frame takes Hall's height (and follows it after
// a navigation inside the frame). The same page from an origin that is not on the allow-list
// gets no Hall: the browser refuses the frame (Content-Security-Policy: frame-ancestors).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { BASE, launch, ready, assertAccessible } from './browser.mjs';

// HALL_EMBED_ORIGINS in wrangler.toml lists http://127.0.0.1:8790; http://localhost:8790 is
// the same server under an origin that is not listed.
const PORT = 8790;
const LISTED = `http://127.0.0.1:${PORT}`;
const NOT_LISTED = `http://localhost:${PORT}`;

let browser;
let server;
before(async () => {
  browser = await launch();
  const html = readFileSync(new URL('../embed/portal.html', import.meta.url), 'utf8').replace('{{HALL}}', BASE);
  // The same portal in English: its snippet asks Hall for English with `data-lang`.
  const english = html.replace('data-hall-embed ', 'data-hall-embed data-lang="en" ');
  server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(req.url.startsWith('/portal-en.html') ? english : html);
  });
  await new Promise((resolve) => server.listen(PORT, '127.0.0.1', resolve));
});
after(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

async function hallFrame(page) {
  const element = await page.waitForSelector('iframe');
  return { element, frame: await element.contentFrame() };
}

test('a listed portal embeds Hall: no chrome, its brand colour, and a frame that sizes itself', async () => {
  const r = await fetch(`${BASE}/search`);
  // The framing policy ends the page's Content-Security-Policy.
  assert.match(r.headers.get('content-security-policy'), new RegExp(`; frame-ancestors 'self' ${LISTED}$`));
  const home = await fetch(`${BASE}/`);
  assert.match(home.headers.get('content-security-policy'), /; frame-ancestors 'self'/);

  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 800, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${LISTED}/portal.html`);
  const { element, frame } = await hallFrame(page);
  await frame.waitForSelector('main h1', { timeout: 20000 });
  await frame.waitForFunction(() => !document.querySelector('.loading') && document.querySelector('.item-card'));
  assert.equal(await frame.evaluate(() => document.documentElement.classList.contains('embed')), true);
  assert.equal(await frame.locator('.site-header .brand').isVisible(), false, 'no header brand');
  assert.equal(await frame.locator('.site-footer').isVisible(), false, 'no footer');
  assert.equal(await frame.locator('[data-care-toggle]').isVisible(), true, 'the 关怀模式 switch stays');
  const brand = await frame.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--color-brand').trim());
  assert.equal(brand.toLowerCase(), '#004ea2');

  // The frame takes the content's height (not the snippet's first 600 px), and follows it.
  const sized = async () => {
    const frameHeight = Math.round((await element.boundingBox()).height);
    const content = await frame.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
    return { frameHeight, content };
  };
  await page.waitForFunction(() => document.querySelector('iframe').style.height !== '600px');
  // The frame follows each change of the content: wait (up to 5 s) for the last one to arrive.
  const settled = async () => {
    let s = await sized();
    for (let i = 0; i < 50 && Math.abs(s.frameHeight - s.content) > 2; i++) {
      await page.waitForTimeout(100);
      s = await sized();
    }
    return s;
  };
  let s = await settled();
  console.log(`embedded search: frame ${s.frameHeight} px for ${s.content} px of content`);
  assert.ok(Math.abs(s.frameHeight - s.content) <= 2, JSON.stringify(s));
  const before = s.frameHeight;
  await frame.locator('.item-card h3 a').first().click();
  await frame.waitForURL(/\/items\//);
  await frame.waitForFunction(() => document.querySelector('table.materials, .facts'));
  await page.waitForFunction((h) => Math.round(document.querySelector('iframe').getBoundingClientRect().height) !== h, before);
  s = await settled();
  console.log(`embedded guide: frame ${s.frameHeight} px for ${s.content} px of content`);
  assert.ok(Math.abs(s.frameHeight - s.content) <= 2, JSON.stringify(s));
  assert.equal(await frame.evaluate(() => document.documentElement.classList.contains('embed')), true, 'still embedded after navigating');
  await assertAccessible(frame, 'embedded guide');
  assert.deepEqual(errors, []);
  await context.close();
});

test("a portal's data-lang sets Hall's language for the frame's whole visit", async () => {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${LISTED}/portal-en.html`);
  const { frame } = await hallFrame(page);
  await frame.waitForSelector('main h1', { timeout: 20000 });
  await frame.waitForFunction(() => !document.querySelector('.loading') && document.querySelector('.count'));
  assert.equal(await frame.evaluate(() => document.documentElement.lang), 'en');
  assert.match(await frame.locator('.count').first().textContent(), /services found$/);
  // Another Hall page loaded in the frame (another bundle) stays in English.
  await frame.goto(`${BASE}/progress`);
  await frame.waitForSelector('main h1', { timeout: 20000 });
  assert.equal(await frame.evaluate(() => document.documentElement.lang), 'en');
  assert.equal(await frame.locator('main h1').textContent(), 'Track an application');
  await assertAccessible(frame, 'embedded tracking in English');
  // Nothing is remembered beyond the visit: the visitor's own choice in Hall is untouched.
  assert.equal(await frame.evaluate(() => localStorage.getItem('hall.lang')), null);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a portal not on the allow-list gets no Hall', async () => {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  const refusals = [];
  page.on('console', (m) => {
    if (/frame-ancestors/.test(m.text())) refusals.push(m.text());
  });
  await page.goto(`${NOT_LISTED}/portal.html`);
  const { frame } = await hallFrame(page);
  await page.waitForTimeout(3000);
  const hasHall = await frame
    .evaluate(() => !!document.querySelector('main h1'))
    .catch(() => false);
  assert.equal(hasHall, false, 'the frame shows no Hall page');
  assert.ok(refusals.length > 0 || frame.url().startsWith('chrome-error:'), `refused: ${frame.url()} ${refusals}`);
  console.log(`not-listed origin: frame at ${frame.url()}, ${refusals.length} refusal message(s)`);
  await context.close();
});
