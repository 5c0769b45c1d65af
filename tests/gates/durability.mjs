// Durability: `cargo xtask test` starts `wrangler dev` on a copy of the test database, runs
// `stream` while it stops the server in the middle, starts it again on the same files and runs
// `verify`. Every booking the server confirmed (a 200 with its number) must still be there,
// read back by its citizen through the API.
//
//   node tests/gates/durability.mjs stream FILE   books until the server goes away
//   node tests/gates/durability.mjs verify FILE   checks every confirmed booking
import { appendFileSync, readFileSync } from 'node:fs';

const BASE = (process.env.HALL_BASE_URL || '').replace(/\/$/, '');
if (!BASE) throw new Error('HALL_BASE_URL is not set: run the gates through `cargo xtask test`');
const [mode, file] = process.argv.slice(2);
const ITEMS = 12;
const STREAMS = 4;
const MAX_BOOKINGS = 3000;
const MAX_SECONDS = 180;
const headers = { 'x-hall-csrf': '1', 'content-type': 'application/json' };
// Sign-in codes are limited per client address and hour: each citizen of the stream is a
// client of their own (a documentation-range address, only ever sent as a header).
let clients = process.pid % 1000;
const nextClient = () => {
  clients += 1;
  return `198.51.${Math.floor(clients / 250) % 250}.${1 + (clients % 250)}`;
};

async function call(method, path, { cookie, body, client } = {}) {
  const res = await fetch(`${BASE}${path}`, {
    method,
    headers: { ...headers, ...(cookie ? { cookie } : {}), ...(client ? { 'cf-connecting-ip': client } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(15000),
  });
  const text = await res.text();
  return { status: res.status, text, cookie: res.headers.get('set-cookie') };
}

let serial = 0;
function phone() {
  serial += 1;
  return `136${String((Date.now() % 100000) * 1000 + (serial % 1000)).padStart(8, '0').slice(-8)}`;
}

async function signIn() {
  const p = phone();
  const client = nextClient();
  let r = await call('POST', '/api/v1/auth/code', { body: { phone: p }, client });
  if (r.status !== 200) throw new Error(`code: ${r.status} ${r.text}`);
  r = await call('GET', `/api/v1/dev/outbox?phone=${p}`);
  const code = /(\d{6})/.exec(JSON.parse(r.text).messages[0].body)[1];
  r = await call('POST', '/api/v1/auth/verify', { body: { phone: p, code }, client });
  if (r.status !== 200 || !r.cookie) throw new Error(`verify: ${r.status} ${r.text}`);
  return r.cookie.split(';')[0];
}

/** Every slot with places left, of the first bookable items. */
async function freeSlots() {
  const list = JSON.parse((await call('GET', '/api/v1/items?per_page=50')).text);
  const bookable = list.items.filter((i) => i.appointment).slice(0, ITEMS);
  const slots = [];
  for (const item of bookable) {
    const options = JSON.parse((await call('GET', `/api/v1/booking/options?item=${item.code}`)).text);
    for (const h of options.halls) {
      for (const d of h.days) {
        for (const s of d.slots.filter((s) => s.left > 0)) {
          slots.push({ item: item.code, hall: h.code, date: d.date, start: s.start });
        }
      }
    }
  }
  return slots;
}

async function stream() {
  const slots = await freeSlots();
  if (slots.length < STREAMS) throw new Error(`only ${slots.length} free slots to book`);
  const started = Date.now();
  let confirmed = 0;
  let lost = 0;
  let stopped = false;
  // Each booking is a new citizen's, in the next free slot (a full one answers 409).
  const worker = async (n) => {
    for (let k = n; !stopped && confirmed < MAX_BOOKINGS; k += STREAMS) {
      if (Date.now() - started > MAX_SECONDS * 1000) break;
      try {
        const cookie = await signIn();
        const key = `durability-${Date.now()}-${n}-${k}`;
        const r = await call('POST', '/api/v1/bookings', { cookie, body: { ...slots[k % slots.length], idempotency_key: key, name: '杜可靠' } });
        if (r.status === 200) {
          const id = JSON.parse(r.text).id;
          appendFileSync(file, `${id} ${cookie}\n`);
          confirmed += 1;
        } else if (r.status !== 409) {
          throw new Error(`booking answered ${r.status}: ${r.text}`);
        }
      } catch (e) {
        if (e.name === 'TypeError' || e.name === 'TimeoutError' || e.name === 'AbortError') {
          // The server went away mid-request: whatever it was doing was not confirmed.
          lost += 1;
          stopped = true;
        } else {
          throw e;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: STREAMS }, (_, n) => worker(n)));
  console.log(
    `durability: ${confirmed} bookings confirmed in ${((Date.now() - started) / 1000).toFixed(1)} s, ` +
      `${lost} requests cut off when the server stopped`,
  );
}

async function verify() {
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  if (lines.length === 0) throw new Error('no booking was confirmed before the stop');
  const missing = [];
  for (const line of lines) {
    const [id, cookie] = line.split(' ');
    const r = await call('GET', '/api/v1/bookings', { cookie });
    if (r.status !== 200) throw new Error(`listing the bookings of ${id}'s citizen answered ${r.status}: ${r.text}`);
    const list = JSON.parse(r.text);
    const items = Array.isArray(list) ? list : list.bookings;
    if (!items.some((b) => b.id === id)) missing.push(id);
  }
  if (missing.length) {
    console.error(`durability: ${missing.length} of ${lines.length} confirmed bookings lost after the restart: ${missing.join(', ')}`);
    process.exit(1);
  }
  console.log(`durability: all ${lines.length} confirmed bookings present after the restart`);
}

if (mode === 'stream') await stream();
else if (mode === 'verify') await verify();
else throw new Error('usage: durability.mjs stream|verify FILE');
