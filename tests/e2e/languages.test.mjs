// The interface language: 简体 by default; the switch in the header reloads the page in
// 繁體 or English, the page's `lang` follows, the choice is remembered across page loads and
// bundles, and catalogue content stays as the hall wrote it. axe-core on each language.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, newPage, ready, assertAccessible } from './browser.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function choose(page, name) {
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name, exact: true }).click()]);
  await ready(page);
}

const lang = (page) => page.evaluate(() => document.documentElement.lang);

test('the language switch: 简体 → English → 繁體, remembered across pages and bundles', async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE}/`);
  await ready(page);
  assert.equal(await lang(page), 'zh-CN');
  const switcher = page.getByRole('group', { name: '界面语言' });
  assert.equal(await switcher.getByRole('button', { name: '简体' }).getAttribute('aria-pressed'), 'true');
  // Each language is named in itself, and marked as such for screen readers.
  assert.equal(await switcher.getByRole('button', { name: 'English' }).getAttribute('lang'), 'en');

  await choose(page, 'English');
  assert.equal(await lang(page), 'en');
  assert.equal(await page.locator('h1').textContent(), 'Find a service guide');
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  assert.equal(await nav.getByRole('link', { name: 'Home' }).getAttribute('aria-current'), 'page');
  assert.ok(await page.getByLabel('Search for a service').isVisible());
  // Catalogue content is not translated: department names stay as the hall wrote them.
  await page.waitForSelector('text=市公安局');
  assert.match(await page.title(), /Home/);
  await assertAccessible(page, 'home in English');

  // Remembered: a reload, and a page of another bundle, come in English.
  await page.reload();
  await ready(page);
  assert.equal(await lang(page), 'en');
  await page.goto(`${BASE}/search?q=${encodeURIComponent('护照')}`);
  await ready(page);
  assert.equal(await lang(page), 'en');
  assert.equal(
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Service guides' }).getAttribute('aria-current'),
    'page',
  );

  await page.goto(`${BASE}/`);
  await ready(page);
  await choose(page, '繁體');
  assert.equal(await lang(page), 'zh-HK');
  assert.equal(await page.locator('h1').textContent(), '辦事指南查詢');
  assert.ok(await page.getByRole('navigation', { name: '主導覽' }).getByRole('link', { name: '首頁' }).isVisible());
  await assertAccessible(page, 'home in 繁體');

  await choose(page, '简体');
  assert.equal(await lang(page), 'zh-CN');
  assert.equal(await page.locator('h1').textContent(), '办事指南查询');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
