// Applications in a real browser. A clerk receives an application at the desk with one
// waivable material missing and accepts it with 容缺 (the applicant's commitment ticked); the
// anonymous progress query refuses wrong digits and, with the right ones, shows the 容缺
// deadline and the promised deadline; the scheduled job runs past the deadline and the
// applicant appears, masked, on the 失信名单. A second application gets a correction notice that
// the applicant reads in their own account. Every page is checked with axe-core.
//
// The server's clock is set per request (development only): the journey happens on fixed
// December 2026 days so the deadlines are exact.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, ready, assertAccessible } from './browser.mjs';
import { registerResident, realNameSignIn } from './citizen.mjs';

const DEMO_PASSWORD = 'Hall2026demo';
const FOOD = 'SJ-XK-001';
const FAMILY = 'GA-HZ-006';
const CSRF = { 'x-hall-csrf': '1' };
/** The 容缺 commitment as the hall words it. */
const COMMITMENT =
  '本人承诺：所提交的申请材料真实有效；容缺的材料将在约定期限内补交；逾期未补交的，同意列入失信名单，并在列入期间不再适用容缺受理。';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** The clock every API request carries (Unix seconds), or null for real time. */
let clock = null;

function hallTime(date, time) {
  const [y, m, d] = date.split('-').map(Number);
  const [h, min] = time.split(':').map(Number);
  return Date.UTC(y, m - 1, d, h - 8, min) / 1000;
}

function clockHeaders() {
  return clock === null ? { ...CSRF } : { ...CSRF, 'x-hall-clock': String(clock) };
}

async function context() {
  const ctx = await browser.newContext({ locale: 'zh-CN' });
  await ctx.route(/\/api\//, async (route) => {
    if (clock === null) return route.continue();
    const headers = { ...route.request().headers(), 'x-hall-clock': String(clock) };
    return route.continue({ headers });
  });
  return ctx;
}

async function page(ctx) {
  const p = await ctx.newPage();
  p.errors = [];
  p.on('pageerror', (e) => p.errors.push(String(e)));
  p.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) p.errors.push(m.text());
  });
  return p;
}

let serial = Date.now() % 100000;
function uniquePhone() {
  serial += 1;
  return `137${String((serial * 7919) % 100000000).padStart(8, '0')}`;
}

/** A valid resident ID number (GB 11643 check character) no other run uses. */
function residentId() {
  serial += 1;
  const born = new Date(Date.UTC(1960, 0, 1) + ((serial * 37) % 14000) * 86400000);
  const ymd = born.toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = `440104${ymd}${String(serial % 1000).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, c, i) => s + Number(c) * weights[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

/**
 * An applicant signed in with the identity platform, which vouches for their identity document
 * (as of the clock).
 */
async function citizenWithId(applicant) {
  const citizen = await context();
  const resident = await registerResident({
    name: applicant.name,
    id_number: applicant.id,
    phone_number: applicant.phone,
  });
  const p = await page(citizen);
  await realNameSignIn(p, resident);
  await p.close();
  return citizen;
}

async function signInStaff(ctx, username) {
  const r = await ctx.request.post(`${BASE}/api/v1/staff/sign-in`, {
    headers: clockHeaders(),
    data: { username, password: DEMO_PASSWORD },
  });
  assert.equal(r.status(), 200, await r.text());
}

/** Receives an application at the desk page; returns the page on the new application. */
async function receive(ctx, item, applicant, missing) {
  const desk = await page(ctx);
  await desk.goto(`${BASE}/desk`);
  await ready(desk);
  await desk.getByLabel('事项编码').fill(item);
  await desk.getByRole('button', { name: '载入材料清单' }).click();
  await desk.getByLabel('收件大厅').selectOption('city');
  await desk.getByLabel('申请人姓名').fill(applicant.name);
  await desk.getByLabel('证件号码').fill(applicant.id);
  await desk.getByLabel('手机号码').fill(applicant.phone);
  await desk.getByLabel(missing, { exact: true }).selectOption('missing');
  await assertAccessible(desk, 'desk: receiving');
  await desk.getByRole('button', { name: '收件并生成受理编号' }).click();
  await desk.waitForURL(/\/desk\/\d{6}-/);
  await ready(desk);
  return desk;
}

test('容缺 at the desk → progress query shows the deadlines → job past the deadline → 失信名单', async () => {
  clock = hallTime('2026-12-07', '11:00');
  const staff = await context();
  await signInStaff(staff, 'clerk');
  const applicant = { name: '欧阳明', id: residentId(), phone: uniquePhone() };
  const desk = await receive(staff, FOOD, applicant, '主要设备设施布局及操作流程等文件');
  const number = decodeURIComponent(desk.url().split('/desk/')[1]);
  assert.match(number, /^261207-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
  assert.ok((await desk.locator('.status-line').innerText()).includes('已收件'));
  await assertAccessible(desk, 'desk: application received');

  // Accept with 容缺: refused without the commitment, accepted with it.
  await desk.getByLabel('容缺受理', { exact: true }).check();
  await desk.getByRole('button', { name: '容缺受理' }).click();
  await desk.getByRole('alert').filter({ hasText: '承诺书' }).waitFor();
  await desk.getByLabel(/申请人已签署容缺承诺书/).check();
  await desk.getByRole('button', { name: '容缺受理' }).click();
  await desk.locator('.status-line', { hasText: '已容缺受理' }).waitFor();
  const rongque = await desk.locator('section.rongque').innerText();
  assert.ok(rongque.includes('2026-12-14') && rongque.includes('主要设备设施布局'), rongque);
  await assertAccessible(desk, 'desk: accepted with 容缺');

  // The applicant's progress query: wrong digits fail, the right ones show the deadlines.
  const citizen = await context();
  const query = await page(citizen);
  await query.goto(`${BASE}/progress`);
  await ready(query);
  await assertAccessible(query, 'progress query');
  await query.getByLabel('受理编号').fill(number.toLowerCase());
  const last4 = applicant.phone.slice(-4);
  await query.getByLabel(/手机号后 4 位/).fill(last4 === '0000' ? '1111' : '0000');
  await query.getByRole('button', { name: '查询' }).click();
  await query.getByRole('alert').filter({ hasText: '没有找到这件申请' }).waitFor();
  await query.getByLabel(/手机号后 4 位/).fill(last4);
  await query.getByRole('button', { name: '查询' }).click();
  await query.locator('.status-line', { hasText: '已容缺受理' }).waitFor();
  const facts = await query.locator('dl.facts').first().innerText();
  assert.ok(facts.includes('欧**') && !facts.includes('欧阳明'), `masked: ${facts}`);
  assert.ok(facts.includes('承诺 2026-12-14 前办结'), facts);
  assert.ok(facts.includes('工号 clerk'), `the responsible person: ${facts}`);
  assert.ok((await query.locator('section.rongque').innerText()).includes('2026-12-14'));
  await assertAccessible(query, 'progress: 容缺 application');

  // The scheduled job the day after the deadline lists the applicant.
  clock = hallTime('2026-12-15', '10:00');
  const r = await staff.request.post(`${BASE}/api/v1/dev/jobs`, { headers: clockHeaders() });
  assert.equal(r.status(), 200, await r.text());
  const list = await page(citizen);
  await list.goto(`${BASE}/credit-list`);
  await ready(list);
  const row = list.locator('tbody tr', { hasText: '欧**' }).filter({ hasText: '食品经营许可（新办）' });
  await row.first().waitFor();
  assert.ok((await row.first().innerText()).includes('2026-12-15'));
  assert.ok(!(await list.locator('main').innerText()).includes('欧阳明'));
  await assertAccessible(list, '失信名单');

  // The progress page says so too.
  await query.getByRole('button', { name: '查询' }).click();
  await query.locator('section.rongque', { hasText: '列入失信名单' }).waitFor();
  for (const p of [desk, query, list]) assert.deepEqual(p.errors, []);
  clock = null;
});

test('a correction notice lists every missing material and the applicant reads it in My Hall', async () => {
  clock = hallTime('2026-12-08', '10:00');
  const applicant = { name: '陈立', id: residentId(), phone: uniquePhone() };
  // The applicant has an account with the identity document.
  const citizen = await citizenWithId(applicant);

  const staff = await context();
  await signInStaff(staff, 'clerk');
  const desk = await receive(staff, FAMILY, applicant, '结婚证');
  await desk.getByLabel('出具补正告知书', { exact: true }).check();
  await desk.getByLabel('结婚证', { exact: true }).selectOption('missing');
  await desk.getByLabel('结婚证 的补正要求').fill('请提供结婚证原件');
  await desk.getByRole('button', { name: '出具补正告知书' }).click();
  await desk.locator('.status-line', { hasText: '待补正材料' }).waitFor();
  await assertAccessible(desk, 'desk: notice issued');
  const number = decodeURIComponent(desk.url().split('/desk/')[1]);

  // My Hall lists it; its page shows the notice with the requirement and the deadline.
  const me = await page(citizen);
  await me.goto(`${BASE}/me`);
  await ready(me);
  await me.getByRole('link', { name: new RegExp(number) }).click();
  await me.waitForURL(/\/applications\//);
  await ready(me);
  const notice = await me.locator('section.notice').innerText();
  assert.ok(notice.includes('材料补正告知书') && notice.includes('请提供结婚证原件'), notice);
  assert.ok(notice.includes('2026-12-22'), `deadline: 10 working days: ${notice}`);
  assert.ok((await me.locator('dl.facts').first().innerText()).includes('陈立'), 'the owner sees the name');
  // A document the hall can hand over: the applicant, who issued it, the seal and the receipt.
  assert.match(notice, /申请人\s*陈立/);
  assert.match(notice, /经办人：工号 clerk/);
  assert.ok(notice.includes('（盖章）') && notice.includes('申请人签收'), notice);
  // Printed on its own, it is one A4 page.
  const printing = (on) => me.evaluate((on) => {
    document.body.classList.toggle('print-one', on);
    document.querySelector('section.notice').classList.toggle('printing', on);
  }, on);
  await printing(true);
  const pdf = await me.pdf({ format: 'A4' });
  await printing(false);
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  console.log(`correction notice printed: ${pages} A4 page(s), ${pdf.length} bytes`);
  assert.equal(pages, 1, 'the notice prints on one A4 page');
  await assertAccessible(me, 'my application with a notice');
  assert.ok(await me.getByRole('button', { name: '打印告知书' }).isVisible());
  // In English the notice's contact line and the history's notes are composed in English.
  await me.evaluate(() => localStorage.setItem('hall.lang', 'en'));
  await me.reload();
  await ready(me);
  await me.locator('section.notice').waitFor();
  assert.match(await me.locator('section.notice').innerText(), /the general acceptance window of /);
  const notes = await me.locator('.timeline .note').allInnerTexts();
  assert.ok(notes.some((n) => /^\d+ material\(s\) to correct or supply by 22 Dec 2026$/.test(n)), notes.join(' | '));
  await assertAccessible(me, 'my application with a notice, in English');
  await me.evaluate(() => localStorage.removeItem('hall.lang'));
  await me.reload();
  await ready(me);
  await me.locator('section.notice').waitFor();
  // Withdrawing asks first, then ends it.
  await me.getByRole('button', { name: '撤回申请' }).click();
  await me.getByRole('button', { name: '确定撤回' }).click();
  await me.locator('.status-line', { hasText: '已撤回' }).waitFor();
  for (const p of [desk, me]) assert.deepEqual(p.errors, []);
  clock = null;
});

test('a material noticed and then taken in under 容缺 has one deadline, said once', async () => {
  clock = hallTime('2026-12-07', '11:00');
  const applicant = { name: '欧阳补正', id: residentId(), phone: uniquePhone() };
  const staff = await context();
  await signInStaff(staff, 'clerk');
  const post = async (path, data) => {
    const r = await staff.request.post(`${BASE}${path}`, { headers: clockHeaders(), data });
    assert.equal(r.status(), 200, `${path}: ${await r.text()}`);
    return r.json();
  };
  const a = await post('/api/v1/staff/applications', {
    item: 'SJ-XK-001', hall: 'city', applicant_name: applicant.name, id_kind: 'resident',
    id_number: applicant.id, phone: applicant.phone, idempotency_key: `one-deadline-${serial}`,
    materials: ['received', 'received', 'missing', 'received'].map((state, index) => ({ index, state, note: '' })),
  });
  const steps = `/api/v1/staff/applications/${a.number}/steps`;
  const noticed = await post(steps, { step: 'notice' });
  assert.equal(noticed.notices[0].deadline, '2026-12-21');
  const accepted = await post(steps, { step: 'accept_rongque', commitment: true });
  assert.equal(accepted.rongque.deadline, '2026-12-14');

  // The progress page: the notice says its materials now follow the 容缺 deadline, once.
  const citizen = await context();
  const query = await page(citizen);
  await query.setViewportSize({ width: 360, height: 740 });
  await query.goto(`${BASE}/progress`);
  await ready(query);
  await query.getByLabel('受理编号').fill(a.number);
  await query.getByLabel(/手机号后 4 位/).fill(applicant.phone.slice(-4));
  await query.getByRole('button', { name: '查询' }).click();
  await query.locator('.status-line', { hasText: '已容缺受理' }).waitFor();
  const notice = await query.locator('section.notice').innerText();
  assert.match(notice, /本告知书所列材料已容缺受理，补交期限以 2026-12-14 为准。/);
  assert.doesNotMatch(notice, /2026-12-21 前补交/);
  assert.ok((await query.locator('section.rongque').innerText()).includes('2026-12-14'));
  await assertAccessible(query, 'progress: one deadline after a notice and 容缺');
  // The SMS says the same: the 容缺 deadline stands for the notice's materials too.
  const outbox = await (await citizen.request.get(`${BASE}/api/v1/dev/outbox?phone=${applicant.phone}`)).json();
  const sms = outbox.messages.map((m) => m.body).find((b) => b.includes('已容缺受理'));
  assert.match(sms, /2026-12-14 前补交.*补正告知书所列材料也以此为准/);
  assert.deepEqual(query.errors, []);
  clock = null;
  await Promise.all([staff.close(), citizen.close()]);
});

test('a joint package: one form, joint acceptance, and each department’s progress on one page', async () => {
  clock = hallTime('2026-12-09', '10:00');
  const applicant = { name: '黄志强', id: residentId(), phone: uniquePhone() };
  const citizen = await citizenWithId(applicant);

  // The clerk receives 企业开办一件事 on one form: every member's checklist, grouped.
  const staff = await context();
  await signInStaff(staff, 'clerk');
  const desk = await page(staff);
  await desk.goto(`${BASE}/desk`);
  await ready(desk);
  await desk.getByLabel('事项编码').fill('LB-QYKB');
  await desk.getByRole('button', { name: '载入材料清单' }).click();
  await desk.getByText('联审联办：企业开办一件事').waitFor();
  assert.equal(await desk.locator('fieldset legend', { hasText: '材料核验' }).count(), 6);
  await desk.getByLabel('收件大厅').selectOption('city');
  await desk.getByLabel('申请人姓名').fill(applicant.name);
  await desk.getByLabel('证件号码').fill(applicant.id);
  await desk.getByLabel('手机号码').fill(applicant.phone);
  await assertAccessible(desk, 'desk: receiving a joint package');
  await desk.getByRole('button', { name: '收件并生成受理编号' }).click();
  await desk.waitForURL(/\/desk\/joint\//);
  await ready(desk);
  const number = decodeURIComponent(desk.url().split('/desk/joint/')[1]);
  assert.equal(await desk.locator('table.members tbody tr').count(), 6);
  await assertAccessible(desk, 'desk: joint application');
  await desk.getByRole('button', { name: '联合受理全部事项' }).click();
  await desk.locator('.status-line', { hasText: '联合办理中（0/6' }).waitFor();
  const facts = await desk.locator('dl.facts').innerText();
  assert.ok(facts.includes('承诺 2026-12-10 前全部办结'), `the package's one working day: ${facts}`);

  // 市公安局 decides its part (the seal registration).
  const officer = await context();
  await signInStaff(officer, 'officer');
  const j = await (await officer.request.get(`${BASE}/api/v1/staff/joint-applications/${number}`, { headers: clockHeaders() })).json();
  const seal = j.members.find((m) => m.item_code === 'GA-ZA-001');
  for (const step of ['start_review', 'approve']) {
    const r = await officer.request.post(`${BASE}/api/v1/staff/applications/${seal.number}/steps`, {
      headers: clockHeaders(),
      data: { step },
    });
    assert.equal(r.status(), 200, await r.text());
  }

  // The applicant sees every department's progress on one page, from My Hall.
  const me = await page(citizen);
  await me.goto(`${BASE}/me`);
  await ready(me);
  await me.getByRole('link', { name: new RegExp(number) }).click();
  await me.waitForURL(/\/applications\/joint\//);
  await ready(me);
  await me.locator('.status-line', { hasText: '1/6' }).waitFor();
  const rows = await me.locator('table.members tbody tr').allInnerTexts();
  assert.equal(rows.length, 6);
  assert.ok(rows.some((t) => t.includes('公安局') && t.includes('已办结')), rows.join('\n'));
  assert.ok(rows.some((t) => t.includes('市场监督') && t.includes('已受理')), rows.join('\n'));
  await assertAccessible(me, 'my joint application');
  // The anonymous query shows the same, masked.
  const query = await page(citizen);
  await query.goto(`${BASE}/progress`);
  await ready(query);
  await query.getByLabel('受理编号').fill(number);
  await query.getByLabel(/手机号后 4 位/).fill(applicant.phone.slice(-4));
  await query.getByRole('button', { name: '查询' }).click();
  await query.locator('table.members').waitFor();
  assert.ok((await query.locator('dl.facts').innerText()).includes('黄**'));
  await assertAccessible(query, 'progress: joint application');
  for (const p of [desk, me, query]) assert.deepEqual(p.errors, []);
  clock = null;
});

test('a citizen applies online from the guide and follows the application', async () => {
  clock = null;
  const applicant = { name: '周晓', id: residentId(), phone: uniquePhone() };
  const citizen = await citizenWithId(applicant);
  const guide = await page(citizen);
  await guide.goto(`${BASE}/items/${FAMILY}`);
  await ready(guide);
  await guide.getByRole('link', { name: '网上申请' }).click();
  await guide.waitForURL(/\/online\//);
  await ready(guide);
  await assertAccessible(guide, 'online application form');
  await guide.getByLabel('办理大厅').selectOption('city');
  for (const m of ['夫妻双方居民身份证', '夫妻双方居民户口簿', '结婚证']) {
    await guide.getByLabel(m).check();
  }
  await guide.getByRole('button', { name: '提交申请' }).click();
  await guide.waitForURL(/\/applications\/\d{6}/);
  await ready(guide);
  await guide.locator('.status-line', { hasText: '已收件' }).waitFor();
  const facts = await guide.locator('dl.facts').first().innerText();
  assert.ok(facts.includes('周晓') && facts.includes('待工作人员接手'), facts);
  const materials = await guide.locator('ul.materials').innerText();
  assert.ok(materials.includes('缺少'), `the undeclared material is missing: ${materials}`);
  await assertAccessible(guide, 'online application submitted');
  assert.deepEqual(guide.errors, []);
});

test('the applicant pays the fee on the sandbox pay page and prints the receipt', async () => {
  clock = hallTime('2026-12-09', '10:00');
  const applicant = { name: '林缴费', id: residentId(), phone: uniquePhone() };
  const citizen = await citizenWithId(applicant);
  // Received and accepted at the window (through the API: the desk pages have their own tests).
  const staff = await context();
  await signInStaff(staff, 'clerk');
  let r = await staff.request.post(`${BASE}/api/v1/staff/applications`, {
    headers: clockHeaders(),
    data: {
      item: 'GA-HZ-004', hall: 'city', applicant_name: applicant.name, id_kind: 'resident',
      id_number: applicant.id, phone: applicant.phone, idempotency_key: `pay-${applicant.id}`,
      materials: [{ index: 0, state: 'not_applicable' }, { index: 1, state: 'received' }],
    },
  });
  assert.equal(r.status(), 200, await r.text());
  const { number } = await r.json();
  r = await staff.request.post(`${BASE}/api/v1/staff/applications/${number}/steps`, {
    headers: clockHeaders(),
    data: { step: 'accept' },
  });
  assert.equal(r.status(), 200, await r.text());

  const me = await page(citizen);
  await me.goto(`${BASE}/applications/${number}`);
  await ready(me);
  await assertAccessible(me, 'my application with a fee due');
  await me.getByRole('button', { name: '在线缴费 40.00 元' }).click();
  // The provider's page (the development sandbox) says it is one.
  await me.waitForURL(/\/api\/v1\/dev\/pay\/PO/);
  assert.ok((await me.locator('main').innerText()).includes('肆拾元整'));
  await assertAccessible(me, 'sandbox pay page');
  await me.getByRole('button', { name: '确认支付 40.00 元' }).click();
  await me.waitForURL(/\/applications\/.*\?payment=paid/);
  await ready(me);
  const receipt = me.locator('#receipt');
  await receipt.locator('dd', { hasText: '已缴费' }).waitFor();
  const text = await receipt.innerText();
  assert.ok(text.includes('网上缴费回执') && text.includes('40.00 元（肆拾元整）') && text.includes(number), text);
  assert.equal(await me.getByRole('button', { name: /在线缴费/ }).count(), 0, 'nothing left to pay');
  assert.ok(await me.getByRole('button', { name: '打印缴费回执' }).isVisible());
  await assertAccessible(me, 'my application with the receipt');
  assert.deepEqual(me.errors, []);
});

test('a disabled citizen asks for free 代办 from the guide and the desk assigns a 代办员', async () => {
  clock = null;
  const applicant = { name: '罗代办', id: residentId(), phone: uniquePhone() };
  const citizen = await citizenWithId(applicant);
  const me = await page(citizen);
  await me.goto(`${BASE}/items/GA-HZ-004`);
  await ready(me);
  await me.getByRole('link', { name: '申请代办' }).click();
  await me.waitForURL(/\/proxy\?item=GA-HZ-004/);
  await ready(me);
  await me.getByRole('heading', { name: '我的代办申请' }).waitFor();
  assert.equal(await me.getByLabel(/事项编码/).inputValue(), 'GA-HZ-004');
  // Submitting without a reason names the field.
  await me.getByRole('button', { name: '提交代办申请' }).click();
  await me.locator('#proxy-reason-error', { hasText: '请选择申请代办的原因' }).waitFor();
  await me.getByLabel('残疾人').check();
  await me.getByLabel('上门服务').check();
  await me.getByLabel(/上门地址/).fill('广州市越秀区中山五路 33 号 2 栋 101');
  await assertAccessible(me, 'proxy request form');
  await me.getByRole('button', { name: '提交代办申请' }).click();
  await me.getByRole('status').filter({ hasText: '已提交代办申请' }).waitFor();
  const card = me.locator('article.card').first();
  assert.ok((await card.innerText()).includes('待安排代办员'));
  await assertAccessible(me, 'my proxy requests');

  const staff = await context();
  await signInStaff(staff, 'clerk');
  const desk = await page(staff);
  await desk.goto(`${BASE}/service/proxy`);
  await ready(desk);
  const masked = `罗*`;
  const row = desk.locator('tr', { hasText: masked }).filter({ hasText: '待安排代办员' }).last();
  assert.ok(!(await row.innerText()).includes(applicant.phone), 'the list masks the number');
  await row.getByRole('button', { name: /打开/ }).click();
  await desk.locator('#proxy-open').waitFor();
  assert.ok((await desk.locator('section', { has: desk.locator('#proxy-open') }).innerText()).includes(applicant.phone));
  await assertAccessible(desk, 'desk: proxy request opened');
  await desk.getByRole('button', { name: '安排代办员' }).click();
  await desk.locator('.status-line', { hasText: '已安排代办员' }).waitFor();

  await me.reload();
  await ready(me);
  await me.locator('article.card').first().locator('.status-line', { hasText: '已安排代办员' }).waitFor();
  for (const p of [me, desk]) assert.deepEqual(p.errors, []);
});

test('an online applicant signs the 容缺 commitment on the application page', async () => {
  clock = null;
  const applicant = { name: '何承诺', id: residentId(), phone: uniquePhone() };
  const citizen = await citizenWithId(applicant);
  const r = await citizen.request.post(`${BASE}/api/v1/applications`, {
    headers: clockHeaders(),
    data: { item: FOOD, hall: 'city', ready: [0, 1, 3], idempotency_key: `commit-${applicant.id}` },
  });
  assert.equal(r.status(), 200, await r.text());
  const { number } = await r.json();
  const me = await page(citizen);
  await me.goto(`${BASE}/applications/${number}`);
  await ready(me);
  await me.getByRole('heading', { name: '容缺受理承诺书' }).waitFor();
  await assertAccessible(me, 'application with the 容缺 commitment to sign');
  await me.getByRole('button', { name: '我已阅读并签署承诺' }).click();
  await me.locator('dd', { hasText: '在线签署容缺承诺书' }).waitFor();
  assert.equal(await me.getByRole('button', { name: '我已阅读并签署承诺' }).count(), 0);
  // The history's notes are the hall's own words, composed in the reader's language.
  const notes = () => me.locator('.timeline .note').allInnerTexts();
  assert.deepEqual((await notes()).slice(0, 2), ['网上申请', COMMITMENT]);
  await me.evaluate(() => localStorage.setItem('hall.lang', 'en'));
  await me.reload();
  await ready(me);
  await me.locator('.timeline .note').first().waitFor();
  const english = await notes();
  assert.equal(english[0], 'Applied online');
  assert.match(english[1], /^I promise that the materials I submitted are true and valid/);
  for (const n of english) assert.doesNotMatch(n, /[\u4e00-\u9fff]/, n);
  await assertAccessible(me, 'application history in English');
  await me.evaluate(() => localStorage.setItem('hall.lang', 'zh-HK'));
  await me.reload();
  await ready(me);
  await me.locator('.timeline .note').first().waitFor();
  assert.equal((await notes())[0], '網上申請');
  await me.evaluate(() => localStorage.removeItem('hall.lang'));
  assert.deepEqual(me.errors, []);
});

test('ask online → the officer answers and publishes → the FAQ search finds it', async () => {
  clock = null;
  // Signed out, the question's item survives signing in: the way back is this very page.
  const visitor = await context();
  const ask = await page(visitor);
  await ask.goto(`${BASE}/consult?item=GA-HZ-004`);
  await ready(ask);
  const signIn = ask.getByRole('link', { name: '请先登录后提问' });
  await signIn.waitFor();
  const next = new URL(await signIn.getAttribute('href'), BASE).searchParams.get('next');
  assert.equal(next, '/consult?item=GA-HZ-004');
  await visitor.close();
  const applicant = { name: '邓咨询', id: residentId(), phone: uniquePhone() };
  const citizen = await citizenWithId(applicant);
  const me = await page(citizen);
  await me.goto(`${BASE}/items/GA-HZ-004`);
  await ready(me);
  await me.locator('#main').getByRole('link', { name: '在线咨询' }).click();
  await me.waitForURL(/\/consult\?item=GA-HZ-004/);
  await ready(me);
  const marker = String(serial);
  await me.getByLabel('您的问题').fill(`身份证丢了，出差在外地能补办吗？编号${marker}`);
  await assertAccessible(me, 'consultation form');
  await me.getByRole('button', { name: '提交咨询' }).click();
  await me.getByRole('status').filter({ hasText: '已收到您的咨询' }).waitFor();
  await me.locator('article.card', { hasText: marker }).locator('.status-line', { hasText: '待受理' }).waitFor();

  const staff = await context();
  await signInStaff(staff, 'consult');
  const desk = await page(staff);
  await desk.goto(`${BASE}/service/consult`);
  await ready(desk);
  const card = desk.locator('article.card', { hasText: marker });
  assert.ok((await card.innerText()).includes('邓*'), 'the asker is masked');
  await card.getByLabel('答复内容').fill('可以。居民身份证补领可在全省任一公安户政窗口办理，无需回户籍地。');
  await assertAccessible(desk, 'consultation desk');
  await card.getByRole('button', { name: '答复', exact: true }).click();
  const answered = desk.locator('article.card', { hasText: marker });
  await answered.locator('.status-line', { hasText: '已答复' }).waitFor();
  await answered.getByText('发布到常见问题（请去除个人信息）').click();
  await answered.getByLabel('公开的问题').fill(`身份证丢了在外地能补办吗（${marker}）`);
  await answered.getByRole('button', { name: '发布', exact: true }).click();
  await desk.locator('article.card', { hasText: marker }).locator('.status-line', { hasText: '已发布到常见问题' }).waitFor();

  await me.reload();
  await ready(me);
  await me.locator('article.card', { hasText: marker }).locator('.answer', { hasText: '无需回户籍地' }).waitFor();
  const faq = await page(citizen);
  await faq.goto(`${BASE}/faq`);
  await ready(faq);
  await faq.getByLabel('搜索常见问题').fill('身份证掉了');
  await faq.getByRole('button', { name: '搜索' }).click();
  await faq.locator('li', { hasText: marker }).waitFor();
  await assertAccessible(faq, 'FAQ search');
  // An English reader finds it by the item's English words; the staff's Chinese is marked as
  // Chinese (a screen reader switches voice) and the reader is told it is written in Chinese.
  await faq.evaluate(() => localStorage.setItem('hall.lang', 'en'));
  await faq.reload();
  await ready(faq);
  await faq.getByLabel('Search the questions').fill('lost ID card');
  await faq.getByRole('button', { name: 'Search' }).click();
  const entry = faq.locator('li', { hasText: marker });
  await entry.waitFor();
  assert.equal(await entry.locator('h2[lang="zh-CN"]').count(), 1);
  assert.equal(await entry.locator('p[lang="zh-CN"]').count(), 1);
  assert.equal((await entry.locator('p.note').textContent()).trim(), 'Replacement of a lost Resident Identity Card');
  assert.ok(await faq.getByText('Questions and answers are written by hall staff in Chinese.').isVisible());
  await assertAccessible(faq, 'FAQ in English');
  await faq.evaluate(() => localStorage.removeItem('hall.lang'));
  for (const p of [me, desk, faq]) assert.deepEqual(p.errors, []);
});
