// The citizen's voice in a real browser: a signed-in citizen complains with a photo; the
// complaint office accepts it for a department, which investigates and handles it; the office
// replies; the citizen reads the reply on the complaint's page and rates the handling; the
// office records the return visit. Every page is checked with axe-core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
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

// An 8×8 PNG: a real image the browser decodes and shrinks before sending.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGM4ISeHFTEMLQkAkL9BAbKfPiIAAAAASUVORK5CYII=',
  'base64',
);

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
  await p.getByLabel(/照片/).setInputFiles({ name: 'window.png', mimeType: 'image/png', buffer: PNG });
  await p.getByText('已选 1 张照片').waitFor();
  await assertAccessible(p, 'complaint form');
  await p.getByRole('button', { name: '提交投诉' }).click();
  await p.waitForURL(/\/complaints\/TS\d{14}\?new=1/);
  await ready(p);
  const no = /TS\d{14}/.exec(p.url())[0];
  await p.getByRole('status').filter({ hasText: '投诉已提交' }).waitFor();
  await p.locator('.status-line', { hasText: '待受理' }).waitFor();
  assert.equal(await p.locator('img.photo').count(), 1, 'the photo was sent');
  await assertAccessible(p, 'complaint page');

  // The complaint office accepts it for the 公安局.
  const office = await staff('complaint');
  const desk = await page(office);
  await openOnDesk(desk, no);
  const opened = desk.locator('section', { has: desk.locator('#complaint-open') });
  assert.ok((await opened.innerText()).includes(phone), 'the office sees the complainant');
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
