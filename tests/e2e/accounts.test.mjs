// Account journeys in a real browser: a citizen signs in with the code from the development
// outbox, fills in My Hall, verifies their identity through the local identity platform (a real
// OpenID Provider), sees a staff read appear in "who read my data" and signs out; a page that
// needs real-name sign-in sends a phone-code citizen to it and back; staff sign in and reach
// only the pages their roles open. Every page is checked with axe-core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, ready, newPage as openPage, assertAccessible } from './browser.mjs';
import { IDP, registerResident } from './citizen.mjs';

const DEMO_PASSWORD = 'Hall2026demo';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const newPage = () => openPage(browser);

function uniquePhone() {
  return `136${String(Date.now() % 100000000).padStart(8, '0')}`;
}

/** Reads the newest code sent to `phone` from the development outbox page. */
async function codeFromOutbox(context, phone) {
  const outbox = await context.newPage();
  await outbox.goto(`${BASE}/dev/outbox`);
  await ready(outbox);
  await outbox.getByLabel('只看发给此号码的').fill(phone);
  await outbox.getByRole('button', { name: '筛选' }).click();
  const sms = outbox.locator('.sms').first();
  await sms.waitFor();
  const text = await sms.textContent();
  await assertAccessible(outbox, 'outbox');
  await outbox.close();
  const code = /(\d{6})/.exec(text)?.[1];
  assert.ok(code, `no code in ${text}`);
  return code;
}

/** Signs a staff member in through the API of a separate browser context. */
async function staffContext(username) {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const r = await context.request.post(`${BASE}/api/v1/staff/sign-in`, {
    headers: { 'x-hall-csrf': '1' },
    data: { username, password: DEMO_PASSWORD },
  });
  assert.equal(r.status(), 200, await r.text());
  return context;
}

test('citizen: sign in with an SMS code, My Hall, who read my data, sign out', async () => {
  const page = await newPage();
  const phone = uniquePhone();
  // My Hall needs signing in first, and comes back after.
  await page.goto(`${BASE}/me`);
  await page.waitForURL(/\/sign-in\?next=/);
  await ready(page);
  await assertAccessible(page, 'sign-in');
  // A wrong number is named beside its field.
  await page.getByLabel('手机号码').fill('12345');
  await page.getByRole('button', { name: '获取验证码' }).click();
  await page.waitForSelector('#phone-error:text("11 位手机号码")');
  await page.getByLabel('手机号码').fill(phone);
  await page.getByRole('button', { name: '获取验证码' }).click();
  await page.waitForSelector(`text=验证码已发送到 ${phone.slice(0, 3)}****${phone.slice(7)}`);
  assert.ok(await page.getByRole('button', { name: /秒后可重新获取/ }).isDisabled());
  await assertAccessible(page, 'sign-in, code step');
  const code = await codeFromOutbox(page.context(), phone);
  await page.getByLabel('短信验证码').fill(code);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.waitForURL(/\/me$/);
  await ready(page);
  await page.waitForSelector(`text=${phone}`);
  // Every list shows its empty state.
  for (const text of ['您还没有预约。', '您还没有咨询记录。', '您还没有投诉记录。', '您还没有评价记录。', '还没有工作人员查看过您的信息。']) {
    await page.waitForSelector(`text=${text}`);
  }
  await assertAccessible(page, 'My Hall');

  // A phone-code account is not verified: no document can be typed in, applications wait for
  // real-name sign-in.
  await page.waitForSelector('text=尚未实名认证');
  await page.waitForSelector('text=实名登录后可以查看申请。');
  await page.getByRole('button', { name: '修改个人信息' }).click();
  assert.equal(await page.getByLabel(/证件号码/).count(), 0, 'no document field');
  await page.getByLabel('姓名').fill('王五');
  await assertAccessible(page, 'profile form');
  await page.getByRole('button', { name: '保存' }).click();
  await page.waitForSelector('text=已保存。');

  // Real-name sign-in through the identity platform with the same mobile number: the same
  // account, now verified, with the platform's name and the permit masked.
  const resident = await registerResident({
    name: '黄志强',
    id_type: 'hk_macau_permit',
    id_number: `H${phone.slice(3)}`,
    phone_number: phone,
  });
  await page.getByRole('link', { name: '实名认证' }).first().click();
  await page.waitForURL((u) => u.href.startsWith(IDP));
  await page.getByLabel(/用户名/).fill(resident.username);
  await page.getByLabel(/密码/).fill('demo2026');
  await page.getByRole('button', { name: '登录 Sign in' }).click();
  await page.waitForURL(/\/me$/);
  await ready(page);
  await page.waitForSelector('text=已通过广东省统一身份认证实名核验');
  await page.waitForSelector(`text=H${phone.slice(3, 6)}*${phone.slice(7)}`);
  await page.waitForSelector('text=黄志强');
  await page.waitForSelector('text=您还没有办理中的事项。');
  await assertAccessible(page, 'My Hall, verified');

  // A window clerk opens the citizen's data with a reason.
  const clerk = await staffContext('clerk');
  const found = await clerk.request.post(`${BASE}/api/v1/staff/citizens/search`, {
    headers: { 'x-hall-csrf': '1' },
    data: { phone },
  });
  const id = (await found.json()).citizens[0].id;
  const opened = await clerk.request.post(`${BASE}/api/v1/staff/citizens/${id}/open`, {
    headers: { 'x-hall-csrf': '1' },
    data: { reason: '窗口核对办事人身份' },
  });
  assert.equal(opened.status(), 200, await opened.text());
  await clerk.close();

  await page.reload();
  await ready(page);
  const row = page.locator('table.reads tbody tr').first();
  await row.waitFor();
  assert.match(await row.textContent(), /窗口工作人员.*窗口核对办事人身份/);
  await assertAccessible(page, 'My Hall with a read');

  await page.getByRole('button', { name: '退出登录', exact: true }).click();
  await page.waitForURL(`${BASE}/`);
  await page.goto(`${BASE}/me`);
  await page.waitForURL(/\/sign-in/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('staff: a window clerk signs in and reaches only the pages of the role', async () => {
  const page = await newPage();
  await page.goto(`${BASE}/staff`);
  await page.waitForURL(/\/staff\/sign-in$/);
  await ready(page);
  await assertAccessible(page, 'staff sign-in');
  await page.getByLabel('用户名').fill('clerk');
  await page.getByLabel('密码').fill('wrong-password-1');
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForSelector('.form-error:text("用户名或密码错误")');
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL(/\/staff$/);
  await ready(page);
  await page.waitForSelector('text=工作台 · 李窗口');
  const links = await page.locator('nav[aria-labelledby="pages-title"] a').allTextContents();
  assert.deepEqual(links, ['窗口叫号', '申请办理', '代办服务', '差评整改', '大厅设置', '查找群众信息']);
  await assertAccessible(page, 'staff home');

  // A citizen to look up, signed in through the API.
  const phone = uniquePhone();
  const api = page.context().request;
  const csrf = { 'x-hall-csrf': '1' };
  await api.post(`${BASE}/api/v1/auth/code`, { headers: csrf, data: { phone } });
  const sms = await (await api.get(`${BASE}/api/v1/dev/outbox?phone=${phone}`)).json();
  const code = /(\d{6})/.exec(sms.messages[0].body)[1];
  const citizen = await browser.newContext();
  await citizen.request.post(`${BASE}/api/v1/auth/verify`, { headers: csrf, data: { phone, code } });
  await citizen.request.put(`${BASE}/api/v1/me`, { headers: csrf, data: { name: '赵六' } });

  await page.getByRole('link', { name: '查找群众信息' }).click();
  await ready(page);
  await page.getByLabel('手机号码').fill(phone);
  await page.getByRole('button', { name: '查找' }).click();
  const card = page.locator('li.card').first();
  await card.waitFor();
  assert.match(await card.textContent(), /姓名 赵\*/);
  assert.ok(!(await card.textContent()).includes(phone), 'the number is masked');
  await assertAccessible(page, 'citizen lookup');
  await card.getByLabel(/查看原因/).fill('核对预约人身份');
  await card.getByRole('button', { name: '查看完整信息' }).click();
  await card.locator(`dd:text("${phone}")`).waitFor();
  const reads = await (await citizen.request.get(`${BASE}/api/v1/me/reads`)).json();
  assert.equal(reads.reads[0].reason, '核对预约人身份');
  await citizen.close();

  // Pages of other roles say so, and the API refuses them too.
  await page.goto(`${BASE}/admin/staff`);
  await ready(page);
  await page.waitForSelector('text=您的岗位不能使用此页面');
  await assertAccessible(page, 'admin page refused');
  const r = await page.request.get(`${BASE}/api/v1/admin/staff`);
  assert.equal(r.status(), 403);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('staff: the system administrator creates an account, the security administrator grants its roles, the audit administrator sees both', async () => {
  const context = await staffContext('admin');
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  await page.goto(`${BASE}/staff`);
  await ready(page);
  let links = await page.locator('nav[aria-labelledby="pages-title"] a').allTextContents();
  assert.deepEqual(links, ['工作人员账号']);
  await page.getByRole('link', { name: '工作人员账号' }).click();
  await ready(page);
  await page.waitForSelector('h3:text("李窗口 · clerk")');
  await assertAccessible(page, 'staff accounts');

  const username = `ui.${Date.now() % 1000000}`;
  await page.locator('summary:text("新建工作人员账号")').click();
  const form = page.locator('details[open] form').first();
  // Submitting an empty form names every missing piece at once.
  await form.getByRole('button', { name: '创建账号' }).click();
  await form.locator('.form-error').waitFor();
  assert.ok(await form.locator('#new-reason-error').textContent());
  // The system administrator grants no role: the form has none to tick.
  assert.equal(await form.getByLabel('窗口工作人员', { exact: true }).count(), 0);
  await form.getByLabel('用户名').fill(username);
  await form.getByLabel(/初始密码/).fill('Start2026pass');
  await form.getByLabel('姓名').fill('郑窗口');
  await form.getByLabel(/窗口编号/).fill('city/C01');
  await form.getByLabel(/变更原因/).fill('新入职窗口人员');
  await assertAccessible(page, 'create staff form');
  await form.getByRole('button', { name: '创建账号' }).click();
  await form.locator('text=已保存').waitFor();
  let card = page.locator('li.card', { has: page.locator(`h3:text("郑窗口 · ${username}")`) });
  await card.waitFor();
  assert.match(await card.textContent(), /窗口：city\/C01/);
  assert.match(await card.textContent(), /尚无角色/);
  assert.deepEqual(page.errors, []);
  await context.close();

  // The security administrator grants the roles.
  const security = await staffContext('security');
  const sp = await security.newPage();
  sp.errors = [];
  sp.on('pageerror', (e) => sp.errors.push(String(e)));
  await sp.goto(`${BASE}/admin/staff`);
  await ready(sp);
  card = sp.locator('li.card', { has: sp.locator(`h3:text("郑窗口 · ${username}")`) });
  await card.waitFor();
  // Accounts are not this administrator's to edit, nor their own roles.
  assert.equal(await card.locator('summary', { hasText: '的账号' }).count(), 0);
  const own = sp.locator('li.card', { has: sp.locator('h3:text("郑安全 · security")') });
  assert.equal(await own.locator('summary').count(), 0);
  await card.locator('summary', { hasText: '的角色' }).click();
  const roles = card.locator('form');
  await roles.getByLabel('窗口工作人员', { exact: true }).check();
  await roles.getByLabel('大厅负责人', { exact: true }).check();
  await roles.getByLabel(/变更原因/).fill('兼任值班负责人');
  await assertAccessible(sp, 'grant roles form');
  await roles.getByRole('button', { name: '保存角色' }).click();
  await sp.waitForFunction((u) => [...document.querySelectorAll('li.card')].some((li) => li.textContent.includes(u) && li.textContent.includes('大厅负责人')), username);
  assert.deepEqual(sp.errors, []);
  await security.close();

  // The audit administrator reads the trail of both.
  const auditor = await staffContext('auditor');
  const ap = await auditor.newPage();
  ap.errors = [];
  ap.on('pageerror', (e) => ap.errors.push(String(e)));
  await ap.goto(`${BASE}/staff`);
  await ready(ap);
  links = await ap.locator('nav[aria-labelledby="pages-title"] a').allTextContents();
  assert.deepEqual(links, ['审计日志']);
  await ap.getByRole('link', { name: '审计日志' }).click();
  await ready(ap);
  await ap.waitForSelector('td:text("兼任值班负责人")');
  await ap.waitForSelector('td:text("新入职窗口人员")');
  await assertAccessible(ap, 'audit trail');
  assert.deepEqual(ap.errors, []);
  await auditor.close();
});

test('an application page asks a phone-code citizen for real-name sign-in and comes back', async () => {
  const page = await newPage();
  await page.setViewportSize({ width: 360, height: 740 });
  // A phone-code session first.
  const phone = uniquePhone();
  let r = await page.context().request.post(`${BASE}/api/v1/auth/code`, { headers: { 'x-hall-csrf': '1' }, data: { phone } });
  assert.equal(r.status(), 200, await r.text());
  const code = await codeFromOutbox(page.context(), phone);
  r = await page.context().request.post(`${BASE}/api/v1/auth/verify`, { headers: { 'x-hall-csrf': '1' }, data: { phone, code } });
  assert.equal(r.status(), 200, await r.text());
  // An application page says real-name sign-in is needed and links to it.
  const next = '/applications/261207-2222-2222';
  await page.goto(`${BASE}${next}`);
  await ready(page);
  await page.getByRole('link', { name: '请先登录后查看' }).click();
  await page.waitForURL(/\/sign-in\?/);
  await ready(page);
  await page.waitForSelector('text=这一页需要实名登录');
  await assertAccessible(page, 'sign-in, real-name needed');
  // Signing in with the platform returns to that page.
  const resident = await registerResident({
    name: '陈晓明',
    id_number: residentId(),
    phone_number: phone,
  });
  await page.getByRole('link', { name: '用广东省统一身份认证登录' }).click();
  await page.waitForURL((u) => u.href.startsWith(IDP));
  await page.getByLabel(/用户名/).fill(resident.username);
  await page.getByLabel(/密码/).fill('wrong-password');
  await page.getByRole('button', { name: '登录 Sign in' }).click();
  await page.waitForSelector('[role="alert"]');
  await page.getByLabel(/密码/).fill('demo2026');
  await page.getByRole('button', { name: '登录 Sign in' }).click();
  await page.waitForURL((u) => u.pathname === next);
  await ready(page);
  // Not this citizen's application: the page says so, no longer asks to sign in.
  await page.waitForSelector('text=没有找到');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a refused real-name sign-in is named on the sign-in page', async () => {
  const page = await newPage();
  await page.goto(`${BASE}/api/v1/auth/oidc/callback?code=x&state=made-up`);
  await page.waitForURL(/\/sign-in\?oidc_error=oidc.state/);
  await ready(page);
  await page.waitForSelector('[role="alert"]:has-text("重新登录")');
  await assertAccessible(page, 'sign-in, refused');
  await page.context().close();
});

/** A valid resident ID number (GB 11643 check digit) no other test here uses. */
function residentId() {
  const n = Date.now();
  const born = new Date(Date.UTC(1950, 0, 1) + (n % 18000) * 86400000);
  const ymd = born.toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = `440103${ymd}${String(n % 1000).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, c, i) => s + Number(c) * weights[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

/** RFC 6238 code (HMAC-SHA1, 30 s, 6 digits) of a base32 secret at Unix seconds `t`. */
async function totpCode(secretB32, t = Math.floor(Date.now() / 1000)) {
  const { createHmac } = await import('node:crypto');
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secretB32.replace(/\s|=/g, '').toUpperCase()) bits += abc.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(t / 30)));
  const h = createHmac('sha1', key).update(counter).digest();
  const o = h[19] & 15;
  const n = ((h[o] & 0x7f) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3];
  return String(n % 1000000).padStart(6, '0');
}

test('staff: two-factor sign-in is set up with an authenticator and then asked for', async () => {
  // A new account, made by the administrator.
  const admin = await browser.newContext();
  let r = await admin.request.post(`${BASE}/api/v1/staff/sign-in`, { headers: { 'x-hall-csrf': '1' }, data: { username: 'admin', password: DEMO_PASSWORD } });
  assert.equal(r.status(), 200, await r.text());
  const username = `tf.${Date.now() % 1000000}`;
  r = await admin.request.post(`${BASE}/api/v1/admin/staff`, {
    headers: { 'x-hall-csrf': '1' },
    data: { username, display_name: '周双因', initial_password: 'Start2026pass', reason: '双因素登录测试' },
  });
  assert.equal(r.status(), 200, await r.text());
  const { id } = await r.json();
  await admin.close();
  const security = await staffContext('security');
  r = await security.request.put(`${BASE}/api/v1/admin/staff/${id}/roles`, {
    headers: { 'x-hall-csrf': '1' },
    data: { roles: ['content_editor'], reason: '双因素登录测试' },
  });
  assert.equal(r.status(), 200, await r.text());
  await security.close();

  const page = await newPage();
  await page.goto(`${BASE}/staff/sign-in`);
  await ready(page);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill('Start2026pass');
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL(/\/staff$/);
  await ready(page);
  await page.getByRole('button', { name: '设置双因素登录' }).click();
  const secret = (await page.locator('section[aria-labelledby="totp-title"] code').first().textContent()).trim();
  assert.match(secret, /^[A-Z2-7]{32}$/);
  await page.locator('.qr svg').waitFor();
  await assertAccessible(page, 'two-factor enrolment');
  await page.getByLabel('身份验证器上的 6 位验证码').fill(await totpCode(secret));
  await page.getByRole('button', { name: '开启双因素登录' }).click();
  await page.waitForSelector('text=双因素登录已开启');
  const recovery = await page.locator('ul.recovery-codes li').allTextContents();
  assert.equal(recovery.length, 10);
  await assertAccessible(page, 'two-factor recovery codes');
  await page.context().close();

  // Signing in again: the password, then the code the app shows now.
  const again = await newPage();
  await again.goto(`${BASE}/staff/sign-in`);
  await ready(again);
  await again.getByLabel('用户名').fill(username);
  await again.getByLabel('密码').fill('Start2026pass');
  await again.getByRole('button', { name: '登录' }).click();
  await again.getByLabel('动态验证码').waitFor();
  await assertAccessible(again, 'staff sign-in, second factor');
  // A code of the next-but-one step is not accepted; a recovery code is.
  await again.getByLabel('动态验证码').fill(await totpCode(secret, Math.floor(Date.now() / 1000) + 300));
  await again.getByRole('button', { name: '登录' }).click();
  await again.waitForSelector('.form-error:text("动态验证码不正确或已使用")');
  await again.getByLabel('动态验证码').fill(recovery[0]);
  await again.getByRole('button', { name: '登录' }).click();
  await again.waitForURL(/\/staff$/);
  await ready(again);
  await again.waitForSelector('text=双因素登录已开启');
  assert.deepEqual(again.errors, []);
  await again.context().close();
});
