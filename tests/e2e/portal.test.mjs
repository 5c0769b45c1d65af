// Citizen journeys in a real browser against `wrangler dev`, each page checked with axe-core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, ready, newPage as openPage, assertAccessible } from './browser.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const newPage = (options = {}) => openPage(browser, options);

test('home page: search, departments, themes, packages, hall information; accessible', async () => {
  const page = await newPage();
  await page.goto(`${BASE}/`);
  await ready(page);
  assert.equal(await page.locator('h1').count(), 1);
  assert.equal(await page.locator('main').count(), 1);
  await page.waitForSelector('text=市公安局');
  await page.waitForSelector('text=企业开办一件事');
  assert.ok(await page.getByLabel('搜索办事事项').isVisible());
  assert.ok(await page.locator('text=办公时间').isVisible());
  assert.match(await page.title(), /首页/);
  // The main navigation marks where the visitor is, in words and not by colour alone.
  const nav = page.getByRole('navigation', { name: '主导航' });
  assert.equal(await nav.getByRole('link', { name: '首页' }).getAttribute('aria-current'), 'page');
  assert.equal(await nav.getByRole('link', { name: '办事指南' }).getAttribute('aria-current'), null);
  await assertAccessible(page, 'home');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('journey: search → results → guide → print view without navigation chrome', async () => {
  const page = await newPage();
  await page.goto(`${BASE}/`);
  await ready(page);
  await page.getByLabel('搜索办事事项').fill('身份证丢了');
  await page.getByRole('button', { name: '搜索' }).click();
  await page.waitForURL(/\/search\?q=/);
  await page.waitForSelector('.results .item-card');
  const names = await page.locator('.results .item-card h3').allTextContents();
  assert.ok(names.slice(0, 3).includes('居民身份证补领'), `top results: ${names}`);
  assert.match(await page.locator('.count').first().textContent(), /共找到 \d+ 项/);
  await assertAccessible(page, 'results');

  await page.getByRole('link', { name: '居民身份证补领' }).click();
  await page.waitForURL(/\/items\/GA-HZ-004$/);
  await page.waitForSelector('h1:text("居民身份证补领")');
  for (const heading of ['申请条件', '申请材料', '办理流程', '基本信息']) {
    assert.ok(await page.getByRole('heading', { name: heading }).isVisible(), heading);
  }
  assert.ok((await page.locator('table.materials tbody tr').count()) > 0);
  assert.ok(await page.locator('text=承诺办结时限').isVisible());
  await assertAccessible(page, 'guide');

  await page.emulateMedia({ media: 'print' });
  for (const selector of ['.site-header', '.site-footer', 'nav', '.print-button']) {
    const visible = await page.locator(selector).first().isVisible();
    assert.equal(visible, false, `${selector} is visible in print`);
  }
  assert.ok(await page.locator('table.materials').isVisible());
  assert.ok(await page.locator('.print-only').isVisible());
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('guide URLs are stable and load directly', async () => {
  const page = await newPage();
  await page.goto(`${BASE}/items/GA-CRJ-001`);
  await ready(page);
  assert.equal(await page.locator('h1').textContent(), '普通护照签发');
  assert.ok(await page.locator('text=120.00 元').first().isVisible());
  await page.context().close();
});

test('filters, counts and pagination on the results page', async () => {
  const page = await newPage();
  await page.goto(`${BASE}/search?department=gaj`);
  await ready(page);
  await page.waitForSelector('.results .item-card');
  const nav = page.getByRole('navigation', { name: '主导航' });
  assert.equal(await nav.getByRole('link', { name: '办事指南' }).getAttribute('aria-current'), 'page');
  assert.equal(await nav.getByRole('link', { name: '首页' }).getAttribute('aria-current'), null);
  assert.match(await page.locator('.count').first().textContent(), /共找到 20 项/);
  assert.equal(await page.locator('.results .item-card').count(), 10);
  await page.waitForSelector('#f-department option[value="gjj"]', { state: 'attached' });
  assert.equal(await page.getByLabel('部门').inputValue(), 'gaj');
  await page.getByRole('link', { name: '下一页' }).click();
  await page.waitForURL(/page=2/);
  await page.waitForSelector('text=第 2 / 2 页');
  await page.getByLabel('办事对象').selectOption('business');
  await page.getByRole('button', { name: '筛选' }).click();
  await page.waitForURL(/audience=business/);
  await page.waitForSelector('.results .item-card');
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('department'), 'gaj');
  assert.equal(url.searchParams.get('page'), null);
  await page.context().close();
});

test('an empty result offers suggestions, never a blank page', async () => {
  const page = await newPage();
  await page.goto(`${BASE}/search?q=${encodeURIComponent('火星移民')}`);
  await ready(page);
  await page.waitForSelector('.empty');
  assert.ok((await page.locator('.suggestions a').count()) > 0);
  // A question nothing answers says so and offers the FAQ, online consultation and 12345.
  assert.equal(await page.locator('.empty a[href="/faq"]').count(), 1);
  assert.equal(await page.locator('.empty a[href="/consult"]').count(), 1);
  assert.match(await page.locator('.empty').textContent(), /12345/);
  await assertAccessible(page, 'empty results');
  await page.context().close();
});

test('not-found page for unknown addresses and unknown items; accessible', async () => {
  const page = await newPage();
  await page.goto(`${BASE}/no/such/page`);
  await ready(page);
  assert.equal(await page.locator('h1').textContent(), '页面不存在');
  await assertAccessible(page, 'not found');
  await page.goto(`${BASE}/items/GA-HZ-999`);
  await page.waitForSelector('h1:text("没有找到这个事项")');
  await page.context().close();
});

test('works at 320 px wide and at 200% zoom without horizontal scrolling', async () => {
  // A 320 px phone, and a 1280 px window zoomed to 200% (640 CSS px at 2 device pixels each).
  for (const [width, scale] of [[320, 1], [640, 2]]) {
    const page = await newPage({ viewport: { width, height: 700 }, deviceScaleFactor: scale });
    for (const path of ['/', '/search?q=%E6%8A%A4%E7%85%A7', '/items/GA-HZ-004']) {
      await page.goto(`${BASE}${path}`);
      await ready(page);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${path} at ${width}px/${scale}x overflows by ${overflow}px`);
    }
    await page.context().close();
  }
});

test('keyboard alone: skip link, search and open a guide', async () => {
  const page = await newPage();
  await page.goto(`${BASE}/`);
  await ready(page);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), '跳到主要内容');
  await page.getByLabel('搜索办事事项').focus();
  await page.keyboard.type('护照');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.results .item-card');
  const link = page.getByRole('link', { name: '普通护照签发' });
  await link.focus();
  await page.keyboard.press('Enter');
  await page.waitForSelector('h1:text("普通护照签发")');
  await page.context().close();
});
