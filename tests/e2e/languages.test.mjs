// The interface language: 简体 by default; the switch in the header reloads the page in
// 繁體 or English, the page's `lang` follows, the choice is remembered across page loads and
// bundles, and catalogue content (guides, departments, packages) comes in the reader's language.
// axe-core on each language.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, newPage, ready, assertAccessible } from './browser.mjs';
import { signInCitizen, uniquePhone } from './citizen.mjs';

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
  // Catalogue content comes in English too: the departments by their English names.
  await page.waitForSelector('text=Municipal Public Security Bureau');
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

/** A page whose remembered language is `tag`, as a returning visitor's would be. */
async function pageIn(tag) {
  const page = await newPage(browser);
  await page.context().addInitScript((t) => localStorage.setItem('hall.lang', t), tag);
  return page;
}

const HAN = /[\u4e00-\u9fff]/;

test("a citizen's pages in English: search, a guide, tracking, sign-in and My Hall", async () => {
  const page = await pageIn('en');
  await page.goto(`${BASE}/search?q=${encodeURIComponent('护照')}`);
  await ready(page);
  assert.equal(await lang(page), 'en');
  await page.waitForSelector('.count');
  assert.match(await page.locator('.count').first().textContent(), /^\d+ services found$/);
  assert.ok(await page.getByLabel('Department').isVisible());
  // Interface labels on the result cards, and the item names in English.
  assert.ok((await page.locator('.item-card .tags li').allTextContents()).some((t) => /^(Free|Fee)$/.test(t)));
  assert.equal(await page.locator('.results .item-card h3').first().textContent(), 'Issue of an ordinary passport');
  await assertAccessible(page, 'search results in English');

  await page.goto(`${BASE}/items/GA-CRJ-001`);
  await ready(page);
  for (const name of ['Basic facts', 'Conditions', 'Materials', 'Steps']) {
    assert.ok(await page.getByRole('heading', { name, exact: true }).isVisible(), name);
  }
  const facts = await page.locator('dl.facts').textContent();
  assert.match(facts, /Promised time limit/);
  assert.match(facts, /(Free|CNY \d+\.\d\d)/);
  // A working-day deadline in the English date form.
  assert.match(facts, /If accepted today, done by \d{1,2} [A-Z][a-z]{2} \d{4} \((Mon|Tue|Wed|Thu|Fri)\)/);
  assert.match(await page.locator('table.materials thead').textContent(), /Material.*Copies/s);
  await assertAccessible(page, 'a guide in English');

  // The server's error comes in English too.
  await page.goto(`${BASE}/progress`);
  await ready(page);
  await page.getByLabel('Application number').fill('261127-AAAA-BBBB');
  await page.getByLabel('Last 4 digits of the mobile or last 6 of the ID number').fill('1234');
  await page.getByRole('button', { name: 'Look up' }).click();
  const alert = page.locator('[role=alert]').first();
  await alert.waitFor();
  assert.doesNotMatch(await alert.textContent(), HAN);
  await assertAccessible(page, 'tracking in English');

  await page.goto(`${BASE}/me`);
  await ready(page);
  assert.ok(await page.getByLabel('Mobile number').isVisible());
  assert.ok(await page.getByRole('button', { name: 'Send me a code' }).isVisible());
  await assertAccessible(page, 'sign-in in English');
  // A field the server refuses is explained in English beside it.
  await page.getByLabel('Mobile number').fill('123');
  await page.getByRole('button', { name: 'Send me a code' }).click();
  await page.waitForFunction(() => (document.querySelector('#phone-error')?.textContent || '').trim().length > 0);
  assert.doesNotMatch(await page.locator('#phone-error').textContent(), HAN);
  // The code itself goes out in the language of the page that asked for it.
  const fresh = uniquePhone('136');
  await page.getByLabel('Mobile number').fill(fresh);
  await page.getByRole('button', { name: 'Send me a code' }).click();
  await page.getByLabel('Code from the text message').waitFor();
  const sms = await (await page.request.get(`${BASE}/api/v1/dev/outbox?phone=${fresh}`)).json();
  assert.match(sms.messages[0].body, /Your sign-in code is \d{6}/);
  await signInCitizen(page.context());
  await page.goto(`${BASE}/me`);
  await ready(page);
  assert.equal(await page.locator('h1').textContent(), 'My Hall');
  for (const name of ['My details', 'My matters', 'Who looked at my information']) {
    assert.ok(await page.getByRole('heading', { name, exact: true }).isVisible(), name);
  }
  assert.doesNotMatch(await page.locator('#profile-title').textContent(), HAN);
  await assertAccessible(page, 'My Hall in English');
  // A request's history names each step in English: the server sends a code beside its 简体 text.
  const asked = await page.request.post(`${BASE}/api/v1/proxy-requests`, {
    headers: { 'x-hall-csrf': '1' },
    data: { item: 'GA-HZ-004', reason: 'disabled', way: 'hall', idempotency_key: `en-${Date.now()}` },
  });
  assert.equal(asked.status(), 200, await asked.text());
  await page.goto(`${BASE}/proxy`);
  await ready(page);
  const first = page.locator('.timeline li strong').first();
  await first.waitFor();
  assert.equal(await first.textContent(), 'Proxy service requested');
  // Who made the entry is named by part, not by the server's 简体 word.
  assert.equal(await page.locator('.timeline li').first().locator('span').last().textContent(), ' · Applicant');
  assert.doesNotMatch(await page.locator('.card .status-line').first().textContent(), HAN);
  // My Hall names a complaint by its number in English, whatever the server titles it.
  const complained = await page.request.post(`${BASE}/api/v1/complaints`, {
    headers: { 'x-hall-csrf': '1' },
    data: {
      category: 'suggestion',
      facts: '希望大厅增加一台自助取号机，上午排队的人太多了。',
      idempotency_key: `en-c-${Date.now()}`,
    },
  });
  assert.equal(complained.status(), 200, await complained.text());
  const complaint = await complained.json();
  await page.goto(`${BASE}/me`);
  await ready(page);
  const listed = page.getByRole('region', { name: 'Complaints' }).getByRole('link', { name: `Complaint ${complaint.no}` });
  await listed.waitFor();
  assert.doesNotMatch(await listed.locator('xpath=..').textContent(), HAN);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

// Each reader searches from the home page as they would type (繁體 and English queries too) and
// opens the guide in their own language, on a 360 px phone.
for (const { tag, label, button, query, name, heading } of [
  { tag: 'zh-CN', label: '搜索办事事项', button: '搜索', query: '身份证丢了', name: '居民身份证补领', heading: '申请材料' },
  { tag: 'zh-HK', label: '搜尋辦事事項', button: '搜索', query: '身份證丟了', name: '居民身份證補領', heading: '申請材料' },
  { tag: 'en', label: 'Search for a service', button: 'Search', query: 'lost ID card', name: 'Replacement of a lost Resident Identity Card', heading: 'Materials' },
]) {
  test(`search from the home page in ${tag}: “${query}” opens the guide in ${tag}`, async () => {
    const page = await pageIn(tag);
    await page.setViewportSize({ width: 360, height: 780 });
    await page.goto(`${BASE}/`);
    await ready(page);
    assert.equal(await lang(page), tag);
    await page.getByLabel(label).fill(query);
    await page.getByRole('button', { name: button, exact: true }).click();
    await page.waitForURL(/\/search\?q=/);
    await page.waitForSelector('.results .item-card');
    const names = await page.locator('.results .item-card h3').allTextContents();
    assert.equal(names[0], name, `results: ${names}`);
    await assertAccessible(page, `results in ${tag}`);
    await page.getByRole('link', { name, exact: true }).click();
    await page.waitForURL(/\/items\/GA-HZ-004$/);
    await page.waitForSelector(`h1:text("${name}")`);
    assert.ok(await page.getByRole('heading', { name: heading, exact: true }).isVisible(), heading);
    const materials = await page.locator('table.materials tbody').textContent();
    if (tag === 'en') {
      assert.doesNotMatch(materials, HAN);
    } else if (tag === 'zh-HK') {
      // 繁體 from the 简体 (OpenCC s2hk): 户口簿 reads 戶口簿.
      assert.match(materials, /戶口簿|身份證/);
    }
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360));
    await assertAccessible(page, `a guide in ${tag}`);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}

test('繁體: a guide\'s headings, labels and dates, and the server\'s messages', async () => {
  const page = await pageIn('zh-HK');
  await page.goto(`${BASE}/items/GA-CRJ-001`);
  await ready(page);
  assert.equal(await lang(page), 'zh-HK');
  for (const name of ['基本信息', '申請條件', '申請材料', '辦理流程']) {
    assert.ok(await page.getByRole('heading', { name, exact: true }).isVisible(), name);
  }
  assert.match(await page.locator('dl.facts').textContent(), /如今天受理，最遲 \d{4}年\d{1,2}月\d{1,2}日（週[一二三四五]）辦結/);
  // Hong Kong usage where it differs from the characters: an original is a 正本.
  const guide = await page.locator('#main').textContent();
  assert.match(guide, /正本/);
  assert.doesNotMatch(guide, /原件|複印件/);
  await assertAccessible(page, 'a guide in 繁體');
  // The server's messages come in 繁體 too.
  await page.goto(`${BASE}/me`);
  await ready(page);
  await page.getByLabel('手機號碼').fill('123');
  await page.getByRole('button', { name: '獲取驗證碼' }).click();
  await page.waitForFunction(() => (document.querySelector('#phone-error')?.textContent || '').trim().length > 0);
  assert.equal((await page.locator('#phone-error').textContent()).trim(), '請輸入正確的 11 位手機號碼');
  await assertAccessible(page, 'sign-in in 繁體');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the kiosk speaks a visitor language for that visitor only', async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE}/kiosk/city`);
  await ready(page);
  assert.equal(await lang(page), 'zh-CN');
  const choices = page.getByRole('navigation', { name: '界面语言' });
  await Promise.all([page.waitForEvent('load'), choices.getByRole('link', { name: 'English' }).click()]);
  await ready(page);
  assert.equal(await lang(page), 'en');
  assert.match(await page.locator('h1').textContent(), / · Tickets$/);
  assert.equal(
    await page.getByRole('navigation', { name: 'Language' }).getByRole('link', { name: 'English' }).getAttribute('aria-current'),
    'page',
  );
  assert.ok(await page.getByText('No booking: choose a kind of service').isVisible());
  await page.getByRole('button', { name: /Check in a booking/ }).click();
  assert.ok(await page.getByLabel('Booking number (or hold the booking\'s QR code to the scanner)').isVisible());
  await assertAccessible(page, 'the kiosk in English');
  // Nothing is remembered on the shared device: the next visitor starts in 简体.
  assert.equal(await page.evaluate(() => localStorage.getItem('hall.lang')), null);
  await page.goto(`${BASE}/kiosk/city`);
  await ready(page);
  assert.equal(await lang(page), 'zh-CN');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
