// Information disclosure and content editing in a real browser: a content editor publishes a
// notice and edits a guide's steps in the app; the public disclosure page lists the notice, the
// notice page shows it, and the guide page shows the new step with its "last updated"; the
// change is in the history with who made it. Every page is checked with axe-core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, ready, assertAccessible } from './browser.mjs';

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

test('an editor publishes a notice and edits a guide; the public pages show both', async () => {
  const editor = await browser.newContext({ locale: 'zh-CN' });
  const r = await editor.request.post(`${BASE}/api/v1/staff/sign-in`, {
    headers: CSRF,
    data: { username: 'editor', password: 'Hall2026demo' },
  });
  assert.equal(r.status(), 200, await r.text());
  const marker = String(Date.now() % 1000000);
  const desk = await page(editor);
  await desk.goto(`${BASE}/service/content`);
  await ready(desk);
  await desk.getByLabel('标题').fill(`周六延时服务通知 ${marker}`);
  await desk.getByLabel('正文').fill('自下月起，每周六上午 9:00–12:00 开放综合窗口，办理身份证、社保等业务。');
  await assertAccessible(desk, 'content editing');
  await desk.getByRole('button', { name: '保存并公开' }).click();
  await desk.getByRole('status').filter({ hasText: '已保存并公开' }).waitFor();

  await desk.getByLabel('事项编码').fill('GA-HZ-005');
  await desk.getByRole('button', { name: '打开指南' }).click();
  const steps = desk.getByLabel('办理流程（每行一步）');
  await steps.waitFor();
  const original = await steps.inputValue();
  await steps.fill(`${original}\n办结后短信通知领取（${marker}）`);
  await desk.getByRole('button', { name: '保存指南' }).click();
  await desk.locator('table', { hasText: marker }).waitFor();
  assert.ok((await desk.locator('table', { hasText: marker }).innerText()).includes('steps'));

  const citizen = await browser.newContext({ locale: 'zh-CN' });
  const open = await page(citizen);
  await open.goto(`${BASE}/open`);
  await ready(open);
  await open.getByRole('heading', { name: '政务公开' }).waitFor();
  await open.getByRole('table', { name: /全省通办/ }).waitFor();
  await assertAccessible(open, 'information disclosure');
  await open.getByRole('link', { name: `周六延时服务通知 ${marker}` }).click();
  await open.waitForURL(/\/open\/notices\/n_/);
  await ready(open);
  await open.getByRole('heading', { name: `周六延时服务通知 ${marker}` }).waitFor();
  await assertAccessible(open, 'a notice');

  const guide = await page(citizen);
  await guide.goto(`${BASE}/items/GA-HZ-005`);
  await ready(guide);
  await guide.getByText(`办结后短信通知领取（${marker}）`).waitFor();
  await guide.getByText(/最后更新：/).waitFor();

  // Put the guide back as it was.
  await steps.fill(original);
  await desk.getByRole('button', { name: '保存指南' }).click();
  await desk.locator('table', { hasText: `办结后短信通知领取（${marker}） →` }).waitFor();
  for (const p of [desk, open, guide]) assert.deepEqual(p.errors, []);
});
