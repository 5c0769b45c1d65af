// 关怀模式 (elderly mode) and the accessibility floor, page by page: every page of the citizen
// portal and the staff pages with the shared layout carry the switch; in normal mode base text
// is at least 18 px, touch targets at least 44 px, line height at least 1.3 and axe-core finds
// nothing; switched on (by keyboard), the mode is remembered across page loads and bundles,
// base text is about 24 px, targets at least 60 px, nothing moves, and axe-core's AAA contrast
// rule (7:1) passes too. The figures of each page are printed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, ready, assertAccessible } from './browser.mjs';
import { citizenContext, citizenRecords, staffContext, ITEM } from './citizen.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Base text size, targets under `min` px, text set tighter than 1.3, moving elements. */
async function measure(page, min) {
  return page.evaluate((min) => {
    const css = (el) => getComputedStyle(el);
    const name = (el) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ').join('.')}` : ''} "${(el.textContent || el.value || '').trim().slice(0, 20)}"`;
    const visible = (el) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && css(el).visibility !== 'hidden';
    };
    const targets = document.querySelectorAll(
      'button, select, textarea, input:not([type=checkbox]):not([type=radio]):not([type=hidden]), ' +
        'nav a, .links a, .card h3 a, a.button, .breadcrumb a, .pagination a, .suggestions a, .site-footer a',
    );
    const small = [];
    for (const el of targets) {
      if (!visible(el)) continue;
      const h = el.getBoundingClientRect().height;
      if (h < min - 0.5) small.push(`${name(el)} ${h.toFixed(1)} px`);
    }
    const tight = [];
    for (const el of document.querySelectorAll('main p, main li, main dd, main td, main label, main h1, main h2, main h3, header a, footer p')) {
      if (!visible(el) || !el.textContent.trim()) continue;
      const s = css(el);
      const lh = s.lineHeight === 'normal' ? 1.2 : parseFloat(s.lineHeight) / parseFloat(s.fontSize);
      if (lh < 1.3 - 0.01) tight.push(`${name(el)} ${lh.toFixed(2)}`);
    }
    const moving = [];
    for (const el of document.querySelectorAll('*')) {
      const s = css(el);
      if (s.animationName !== 'none' || parseFloat(s.transitionDuration) > 0) moving.push(name(el));
    }
    const toggle = document.querySelector('[data-care-toggle]');
    return {
      base: parseFloat(css(document.body).fontSize),
      small,
      tight,
      moving,
      toggle: toggle ? toggle.getAttribute('aria-pressed') : null,
      care: document.documentElement.classList.contains('care'),
    };
  }, min);
}

async function checkPage(page, path, care) {
  await page.goto(`${BASE}${path}`);
  await ready(page);
  const m = await measure(page, care ? 60 : 44);
  console.log(
    `${care ? 'care  ' : 'normal'} ${path}: base ${m.base} px, targets under ${care ? 60 : 44} px: ${m.small.length}, lines under 1.3: ${m.tight.length}`,
  );
  assert.equal(m.care, care, `${path}: mode`);
  assert.equal(m.toggle, care ? 'true' : 'false', `${path}: the switch is on the page and shows the mode`);
  if (care) assert.ok(m.base >= 23.5 && m.base <= 28, `${path}: base text ${m.base} px`);
  else assert.ok(m.base >= 18, `${path}: base text ${m.base} px`);
  assert.deepEqual(m.small, [], `${path}: targets too small`);
  assert.deepEqual(m.tight, [], `${path}: lines too tight`);
  if (care) assert.deepEqual(m.moving, [], `${path}: nothing moves`);
  await assertAccessible(page, `${path} (${care ? '关怀模式' : 'normal'})`, { enhanced: care });
  assert.deepEqual(page.errors, [], `${path}: page errors`);
}

/** Every page of `paths` in normal mode, then switches the mode on by keyboard on the first
 * page, and every page again. */
async function bothModes(ctx, paths) {
  const page = await ctx.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  for (const path of paths) await checkPage(page, path, false);

  await page.goto(`${BASE}${paths[0]}`);
  await ready(page);
  const toggle = page.locator('[data-care-toggle]');
  await toggle.focus();
  await page.keyboard.press('Space');
  await page.waitForFunction(() => document.documentElement.classList.contains('care'));
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
  for (const path of paths) await checkPage(page, path, true);

  // Switched off again, the next page load is in normal mode.
  await page.locator('[data-care-toggle]').click();
  await page.reload();
  await ready(page);
  assert.equal(await page.evaluate(() => document.documentElement.classList.contains('care')), false);
  await page.close();
}

test('关怀模式 on every public page: switch, sizes, contrast, remembered', async () => {
  const ctx = await browser.newContext({ locale: 'zh-CN' });
  const packages = await (await ctx.request.get(`${BASE}/api/v1/packages`)).json();
  await bothModes(ctx, [
    '/',
    `/search?q=${encodeURIComponent('身份证')}`,
    `/items/${ITEM}`,
    `/packages/${packages.packages[0].code}`,
    '/progress',
    '/credit-list',
    '/faq',
    '/consult',
    '/proxy',
    '/open',
    '/complaints',
    '/satisfaction',
    '/sign-in',
    '/staff/sign-in',
    '/no-such-page',
  ]);
  await ctx.close();
});

test('关怀模式 on a signed-in citizen’s pages: My Hall, booking, the booking and the ticket', async () => {
  const ctx = await citizenContext(browser);
  const [booking, ticket] = await citizenRecords(ctx);
  await bothModes(ctx, ['/me', `/book/${ITEM}`, booking, ticket]);
  await ctx.close();
});

test('关怀模式 on the staff pages with the shared layout', async () => {
  const ctx = await staffContext(browser, 'manager');
  await bothModes(ctx, ['/service/consult', '/staff', '/window', '/desk', '/service/complaints', '/service/ratings', '/setup']);
  await ctx.close();
});

test('an error summary links each field the server named, and a click moves the focus there', async () => {
  const ctx = await browser.newContext({ locale: 'zh-CN' });
  const page = await ctx.newPage();
  await page.goto(`${BASE}/progress`);
  await ready(page);
  await page.getByLabel('受理编号').fill('abc');
  await page.getByLabel('手机号后 4 位或证件号后 6 位').fill('1');
  await page.getByRole('button', { name: '查询' }).click();
  const link = page.locator('.form-error .error-summary a').first();
  await link.waitFor();
  const field = await link.getAttribute('data-goto');
  const target = { number: 'progress-number', digits: 'progress-digits' }[field];
  assert.ok(target, field);
  await link.click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), target);
  await assertAccessible(page, 'progress query with an error summary');
  await ctx.close();
});
