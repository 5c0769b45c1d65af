// The citizen's voice in a real browser: a signed-in citizen complains with a photo; the
// complaint office accepts it for a department, which investigates and handles it; the office
// replies; the citizen reads the reply on the complaint's page and rates the handling; the
// office records the return visit. Every page is checked with axe-core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { BASE, launch, ready, assertAccessible } from './browser.mjs';

const DEMO_PASSWORD = 'Hall2026demo';
const CSRF = { 'x-hall-csrf': '1' };

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function page(ctx) {
  const p = await ctx.newPage();
  p.errors = [];
  p.on('pageerror', (e) => p.errors.push(String(e)));
  return p;
}

let serial = Date.now() % 100000;
function uniquePhone() {
  serial += 1;
  return `138${String((serial * 7919) % 100000000).padStart(8, '0')}`;
}

async function citizen(name) {
  const ctx = await browser.newContext({ locale: 'zh-CN' });
  const phone = uniquePhone();
  let r = await ctx.request.post(`${BASE}/api/v1/auth/code`, { headers: CSRF, data: { phone } });
  assert.equal(r.status(), 200, await r.text());
  const outbox = await (await ctx.request.get(`${BASE}/api/v1/dev/outbox?phone=${phone}`)).json();
  const code = /(\d{6})/.exec(outbox.messages[0].body)[1];
  r = await ctx.request.post(`${BASE}/api/v1/auth/verify`, { headers: CSRF, data: { phone, code } });
  assert.equal(r.status(), 200, await r.text());
  r = await ctx.request.put(`${BASE}/api/v1/me`, { headers: CSRF, data: { name } });
  assert.equal(r.status(), 200, await r.text());
  return { ctx, phone };
}

async function staff(username) {
  const ctx = await browser.newContext({ locale: 'zh-CN' });
  const r = await ctx.request.post(`${BASE}/api/v1/staff/sign-in`, {
    headers: CSRF,
    data: { username, password: DEMO_PASSWORD },
  });
  assert.equal(r.status(), 200, await r.text());
  return ctx;
}

/** A `width`×`height` PNG with a gradient, as a phone's camera might take one. */
function photo(width, height) {
  const stride = width * 3 + 1;
  const raw = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = y * stride + 1 + x * 3;
      raw[at] = (x * 255) / width;
      raw[at + 1] = (y * 255) / height;
      raw[at + 2] = 128;
    }
  }
  const chunk = (type, data) => {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([head, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** How far a page is wider than its viewport, in CSS pixels (0 when it fits). */
async function overflow(p) {
  return p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** Opens a complaint on the desk page by its number. */
async function openOnDesk(desk, no) {
  await desk.goto(`${BASE}/service/complaints`);
  await ready(desk);
  await desk.getByRole('button', { name: `打开投诉 ${no}` }).click();
  await desk.locator('#complaint-open').waitFor();
}

test('complain with a photo → accepted → handled → replied → rated → return visit', async () => {
  const { ctx: me, phone } = await citizen('邓投诉');
  const p = await page(me);
  // A citizen's phone: 360 px wide.
  await p.setViewportSize({ width: 360, height: 740 });
  await p.goto(`${BASE}/complaints`);
  await ready(p);
  await p.getByRole('heading', { name: '我要投诉' }).waitFor();
  // Too short: the field says so.
  await p.getByLabel(/事情经过/).fill('太慢');
  await p.getByRole('button', { name: '提交投诉' }).click();
  await p.locator('#complaint-facts-error', { hasText: '投诉事实应为' }).waitFor();
  await p.getByLabel('工作人员工号').fill('GZ0012');
  await p.getByLabel(/窗口号/).fill('A01');
  await p.getByLabel(/事情经过/).fill(`今天上午在 A01 窗口办理时，工作人员态度生硬，不解释材料哪里不合格。${serial}`);
  await p.getByLabel(/照片/).setInputFiles({ name: 'window.png', mimeType: 'image/png', buffer: photo(1600, 1200) });
  await p.getByText('已选 1 张照片').waitFor();
  await assertAccessible(p, 'complaint form');
  await p.getByRole('button', { name: '提交投诉' }).click();
  await p.waitForURL(/\/complaints\/TS\d{8}[2-9A-HJ-NP-Z]{13}\?new=1/);
  await ready(p);
  const no = /TS\d{8}[2-9A-HJ-NP-Z]{13}/.exec(p.url())[0];
  await p.getByRole('status').filter({ hasText: '投诉已提交' }).waitFor();
  await p.locator('.status-line', { hasText: '待受理' }).waitFor();
  // The photo is a thumbnail that keeps the page inside the phone's screen, and a tap opens it whole.
  const thumb = p.locator('.photos a.thumb');
  assert.equal(await thumb.count(), 1, 'the photo was sent');
  assert.ok((await thumb.boundingBox()).width <= 120, 'a thumbnail');
  assert.equal(await overflow(p), 0, 'the complaint page fits 360 px');
  const whole = await me.request.get(new URL(await thumb.getAttribute('href'), BASE).href);
  assert.equal(whole.status(), 200);
  assert.equal(whole.headers()['content-type'], 'image/jpeg');
  assert.ok((await whole.body()).length > 10000, 'the photo at full size');
  await assertAccessible(p, 'complaint page');

  // The complaint office accepts it for the 公安局.
  const office = await staff('complaint');
  const desk = await page(office);
  await openOnDesk(desk, no);
  const opened = desk.locator('section', { has: desk.locator('#complaint-open') });
  assert.ok((await opened.innerText()).includes(phone), 'the office sees the complainant');
  assert.equal(await desk.locator('.photos a.thumb').count(), 1);
  assert.equal(await overflow(desk), 0, 'the desk page fits its screen');
  await assertAccessible(desk, 'complaint desk: opened');
  await desk.getByLabel(/承办部门/).selectOption('gaj');
  await desk.getByRole('button', { name: '受理', exact: true }).click();
  await desk.locator('#complaint-open + .status-line, .status-line', { hasText: '已受理' }).first().waitFor();

  // The department investigates and handles it.
  const dept = await staff('officer');
  const d = await page(dept);
  await openOnDesk(d, no);
  await d.getByLabel('情况说明').fill('调取了当天窗口录像，情况属实。');
  await d.getByRole('button', { name: '调查核实' }).click();
  await d.locator('.status-line', { hasText: '调查核实中' }).first().waitFor();
  await d.getByLabel('情况说明').fill('已对该工作人员批评教育并在科室通报。');
  await d.getByRole('button', { name: '处理完毕' }).click();
  await d.locator('.status-line', { hasText: '已处理' }).first().waitFor();
  await assertAccessible(d, 'complaint desk: the department');

  // The office replies.
  await openOnDesk(desk, no);
  await desk.getByLabel('答复内容').fill('经核实，已对工作人员批评教育，感谢您的监督。');
  await desk.getByRole('button', { name: '答复投诉人' }).click();
  await desk.locator('.status-line', { hasText: '已答复' }).first().waitFor();

  // The citizen reads the reply and rates the handling.
  await p.goto(`${BASE}/complaints/${no}`);
  await ready(p);
  await p.locator('.answer', { hasText: '感谢您的监督' }).waitFor();
  await p.getByRole('button', { name: '提交评价' }).click();
  await p.getByRole('alert').filter({ hasText: '请选择满意程度' }).waitFor();
  await p.getByLabel('满意', { exact: true }).check();
  // At 360 px the rating's choices are inside the screen, where a thumb can reach them.
  assert.equal(await overflow(p), 0, 'the rating fits 360 px');
  const choice = await p.getByLabel('满意', { exact: true }).boundingBox();
  assert.ok(choice.x >= 0 && choice.x + choice.width <= 360, JSON.stringify(choice));
  await assertAccessible(p, 'complaint page: rating');
  await p.getByRole('button', { name: '提交评价' }).click();
  await p.getByText('您的评价：满意，问题已解决').waitFor();

  // The return visit, then the complaint is in My Hall.
  await openOnDesk(desk, no);
  await desk.getByRole('button', { name: '回访' }).click();
  await desk.locator('.status-line', { hasText: '已回访' }).first().waitFor();
  const mine = await page(me);
  await mine.goto(`${BASE}/complaints`);
  await ready(mine);
  await mine.getByRole('link', { name: `投诉 ${no}` }).waitFor();
  for (const x of [p, desk, d, mine]) assert.deepEqual(x.errors, []);
});

test('the month’s complaint figures for the hall manager', async () => {
  const manager = await staff('manager');
  const p = await page(manager);
  await p.goto(`${BASE}/service/complaint-stats`);
  await ready(p);
  await p.getByRole('status').filter({ hasText: '共受理投诉' }).waitFor();
  await p.getByRole('table', { name: '按渠道' }).waitFor();
  await assertAccessible(p, 'complaint figures');
  assert.deepEqual(p.errors, []);
});

/** 10:00 (hall time) on the second working day the Haizhu hall takes bookings for. */
async function serviceTime(ctx) {
  const o = await (await ctx.request.get(`${BASE}/api/v1/booking/options?item=GA-CRJ-001`)).json();
  const day = o.halls.find((h) => h.code === 'haizhu').days[1].date;
  const [y, m, d] = day.split('-').map(Number);
  return Date.UTC(y, m - 1, d, 2, 0) / 1000;
}

/** A walk-in ticket for `phone` served and finished at the Haizhu window (by the API). */
async function servedTicket(phone) {
  const ctx = await browser.newContext();
  const at = await serviceTime(ctx);
  const headers = { ...CSRF, 'x-hall-clock': String(at) };
  let r = await ctx.request.post(`${BASE}/api/v1/halls/haizhu/tickets`, {
    headers,
    data: { item: 'GA-HZ-001', idempotency_key: `e2e-rate-${serial}-${phone}`, phone },
  });
  assert.equal(r.status(), 200, await r.text());
  const ticket = await r.json();
  r = await ctx.request.post(`${BASE}/api/v1/staff/sign-in`, { headers, data: { username: 'manager', password: DEMO_PASSWORD } });
  assert.equal(r.status(), 200, await r.text());
  const win = (action) => ctx.request.post(`${BASE}/api/v1/staff/windows/haizhu/01/${action}`, { headers });
  const step = (id, event) =>
    ctx.request.post(`${BASE}/api/v1/staff/tickets/${id}`, { headers, data: { event, hall: 'haizhu', window: '01' } });
  assert.equal((await win('open')).status(), 200);
  for (let i = 0; i < 60; i++) {
    const c = await (await win('call')).json();
    const current = c.windows.find((w) => w.hall_code === 'haizhu' && w.code === '01').current;
    if (current.id === ticket.id) {
      assert.equal((await step(ticket.id, 'start')).status(), 200);
      assert.equal((await step(ticket.id, 'finish')).status(), 200);
      await ctx.close();
      return ticket.id;
    }
    assert.equal((await step(current.id, 'missed')).status(), 200);
  }
  throw new Error('the ticket was never called');
}

test('finish a ticket → rate it from the ticket page → the bad rating’s work order for the manager', async () => {
  const { ctx: me, phone } = await citizen('冯评价');
  const id = await servedTicket(phone);
  const t = await page(me);
  await t.goto(`${BASE}/ticket/${id}`);
  await ready(t);
  await t.getByRole('link', { name: '评价本次服务' }).click();
  await t.waitForURL(new RegExp(`/rate/on_site/${id}`));
  await ready(t);
  await t.getByRole('heading', { name: /号窗口/ }).waitFor();
  await t.getByRole('button', { name: '提交评价' }).click();
  await t.getByRole('alert').filter({ hasText: '请选择总体评价' }).waitFor();
  await t.locator('fieldset', { hasText: '总体评价' }).getByLabel('不满意', { exact: true }).check();
  await t.getByText('分项评价（可选，不填按总体评价计）').click();
  await t.locator('fieldset', { hasText: '服务态度' }).getByLabel('非常不满意').check();
  const marker = `排队太久${serial}`;
  await t.getByLabel(/意见或建议/).fill(marker);
  await assertAccessible(t, 'rating form');
  await t.getByRole('button', { name: '提交评价' }).click();
  await t.getByRole('status').filter({ hasText: '您的评价：不满意' }).waitFor();
  await t.getByText('服务态度：非常不满意').waitFor();
  await assertAccessible(t, 'rating given');

  const manager = await staff('manager');
  const desk = await page(manager);
  await desk.goto(`${BASE}/service/ratings`);
  await ready(desk);
  const card = desk.locator('article.card', { hasText: marker });
  await card.locator('.status-line', { hasText: '待联系群众' }).waitFor();
  const text = await card.innerText();
  assert.ok(!text.includes(phone) && !text.includes('冯'), 'the work order never names the rater');
  await assertAccessible(desk, 'bad-rating work orders');
  await card.getByRole('button', { name: '已联系群众' }).click();
  await desk.locator('article.card', { hasText: marker }).locator('.status-line', { hasText: '整改中' }).waitFor();

  const pub = await page(me);
  await pub.goto(`${BASE}/satisfaction`);
  await ready(pub);
  await pub.getByRole('heading', { name: '服务满意度（好差评）' }).waitFor();
  await assertAccessible(pub, 'public satisfaction figures');
  for (const x of [t, desk, pub]) assert.deepEqual(x.errors, []);
});
