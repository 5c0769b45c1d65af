// Shared set-up of the browser tests that need someone signed in: a citizen with a fresh number
// (and their booking and walk-in ticket), or a demonstration staff account.
import assert from 'node:assert/strict';
import { BASE } from './browser.mjs';

const DEMO_PASSWORD = 'Hall2026demo';
export const ITEM = 'GA-CRJ-001';

const headers = { 'x-hall-csrf': '1' };

/** A mobile number no other test uses (from the clock), starting with `prefix`. */
export function uniquePhone(prefix = '137') {
  return `${prefix}${String((Date.now() * 13) % 100000000).padStart(8, '0')}`;
}

/** Unix seconds of a hall-local (UTC+8) date and time. */
export function hallTime(date, time) {
  const [y, m, d] = date.split('-').map(Number);
  const [h, min] = time.split(':').map(Number);
  return Date.UTC(y, m - 1, d, h - 8, min) / 1000;
}

/** Signs a citizen in within `ctx` by the code the development outbox shows, and names them
 * (`name` null: a phone-only account, without a name). */
export async function signInCitizen(ctx, phone = uniquePhone(), name = '黄伯') {
  let r = await ctx.request.post(`${BASE}/api/v1/auth/code`, { headers, data: { phone } });
  assert.equal(r.status(), 200, await r.text());
  const outbox = await (await ctx.request.get(`${BASE}/api/v1/dev/outbox?phone=${phone}`)).json();
  const code = /(\d{6})/.exec(outbox.messages[0].body)[1];
  r = await ctx.request.post(`${BASE}/api/v1/auth/verify`, { headers, data: { phone, code } });
  assert.equal(r.status(), 200, await r.text());
  if (name === null) return;
  r = await ctx.request.put(`${BASE}/api/v1/me`, { headers, data: { name } });
  assert.equal(r.status(), 200, await r.text());
}

export async function citizenContext(browser) {
  const ctx = await browser.newContext({ locale: 'zh-CN' });
  await signInCitizen(ctx);
  return ctx;
}

export async function staffContext(browser, username) {
  const ctx = await browser.newContext({ locale: 'zh-CN' });
  const r = await ctx.request.post(`${BASE}/api/v1/staff/sign-in`, {
    headers,
    data: { username, password: DEMO_PASSWORD },
  });
  assert.equal(r.status(), 200, await r.text());
  return ctx;
}

/** A booking and a walk-in ticket of the citizen in `ctx`: their page addresses. */
export async function citizenRecords(ctx) {
  const options = await (await ctx.request.get(`${BASE}/api/v1/booking/options?item=${ITEM}`)).json();
  const hall = options.halls.find((h) => h.code === 'haizhu');
  const day = hall.days.find((d) => d.slots.some((s) => s.left > 0));
  const slot = day.slots.find((s) => s.left > 0);
  let r = await ctx.request.post(`${BASE}/api/v1/bookings`, {
    headers,
    data: { item: ITEM, hall: 'haizhu', date: day.date, start: slot.start, idempotency_key: `modes-${Date.now()}` },
  });
  assert.equal(r.status(), 200, await r.text());
  const booking = await r.json();
  r = await ctx.request.post(`${BASE}/api/v1/halls/haizhu/tickets`, {
    headers: { ...headers, 'x-hall-clock': String(hallTime(day.date, '10:00')) },
    data: { item: ITEM, idempotency_key: `modes-walk-${Date.now()}` },
  });
  assert.ok([200, 201].includes(r.status()), await r.text());
  const ticket = await r.json();
  return [`/bookings/${booking.id}`, `/ticket/${ticket.id}`];
}


/** The local identity platform beside the server under test (`HALL_IDP_URL`). */
export const IDP = (process.env.HALL_IDP_URL || '').replace(/\/$/, '');

let residentSerial = 0;

/**
 * Registers a resident at the local identity platform (`idp/provider.mjs`, test endpoints on)
 * and returns it with its username; every resident's password is `demo2026`.
 */
export async function registerResident({ name, id_type = 'resident', id_number, phone_number }) {
  residentSerial += 1;
  const username = `e2e${process.pid}x${residentSerial}x${Date.now() % 100000}`;
  const r = await fetch(`${IDP}/test/residents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, name, id_type, id_number, phone_number }),
  });
  assert.equal(r.status, 200, await r.text());
  return { username, name, id_type, id_number, phone_number };
}

/**
 * Signs `resident` in with the identity platform in `page`, as a person does: Hall's sign-in
 * page, its real-name button, the platform's form, and back to `next`.
 */
export async function realNameSignIn(page, resident, next = '/me') {
  await page.goto(`${BASE}/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByRole('link', { name: '用广东省统一身份认证登录' }).click();
  await page.waitForURL((u) => u.href.startsWith(IDP));
  await page.getByLabel(/用户名/).fill(resident.username);
  await page.getByLabel(/密码/).fill('demo2026');
  await page.getByRole('button', { name: '登录 Sign in' }).click();
  await page.waitForURL((u) => u.href.startsWith(BASE) && !u.pathname.startsWith('/api/'));
}
