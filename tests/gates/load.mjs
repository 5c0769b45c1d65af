// Load run against the local Worker (loopback only, bounded in time): guide search and the
// ticket-status route a waiting citizen's phone polls, side by side with `/api/live`, a route
// of the same Worker that touches no storage, so the cost of the work itself is the ratio.
// Throughput and p95 latency are printed; nothing is asserted on them (the figures depend on
// the machine), but every answer must be the expected one.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const BASE = (process.env.HALL_BASE_URL || '').replace(/\/$/, '');
if (!BASE) throw new Error('HALL_BASE_URL is not set: run the gates through `cargo xtask test`');
const SECONDS = Number(process.env.HALL_LOAD_SECONDS || 10);
const CONNECTIONS = 10;

// The queue is read as of a working day's morning (the development clock header), so the
// ticket is live whatever the real date.
const MORNING = String(Date.UTC(2026, 11, 1, 2, 0, 0) / 1000); // Tue 1 Dec 2026, 10:00 in Guangzhou
const clock = { 'x-hall-clock': MORNING };

async function walkIn() {
  const res = await fetch(`${BASE}/api/v1/halls/city/tickets`, {
    method: 'POST',
    headers: { ...clock, 'content-type': 'application/json', 'x-hall-csrf': '1' },
    body: JSON.stringify({ item: 'SJ-DJ-001', idempotency_key: `load-${Date.now()}-${process.pid}` }),
  });
  const body = await res.json();
  if (res.status !== 200) throw new Error(`walk-in answered ${res.status}: ${JSON.stringify(body)}`);
  return body.id;
}

// The quality set's questions: 简体, 繁體, English, sentences, pinyin and typos.
const QUERIES = JSON.parse(readFileSync(new URL('../search-cases.json', import.meta.url), 'utf8')).map((c) => c.q);

async function measure(name, requests, expect = '200') {
  const latencies = [];
  const statuses = {};
  const instance = autocannon({
    url: BASE,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests,
  });
  instance.on('response', (_client, status, _bytes, ms) => {
    latencies.push(ms);
    statuses[status] = (statuses[status] || 0) + 1;
  });
  const result = await instance;
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
  const rps = latencies.length / SECONDS;
  console.log(
    `load ${name.padEnd(14)} ${String(latencies.length).padStart(6)} requests in ${SECONDS} s over ${CONNECTIONS} connections: ` +
      `${rps.toFixed(0)} req/s, p50 ${pct(50).toFixed(1)} ms, p95 ${pct(95).toFixed(1)} ms, max ${latencies[latencies.length - 1]?.toFixed(1)} ms` +
      (result.errors || result.timeouts ? `, ${result.errors} errors, ${result.timeouts} timeouts` : ''),
  );
  const bad = Object.entries(statuses).filter(([s]) => s !== expect);
  if (bad.length || result.errors || result.timeouts || latencies.length === 0) {
    throw new Error(`${name}: answers other than ${expect}: ${JSON.stringify(statuses)}, errors ${result.errors}, timeouts ${result.timeouts}`);
  }
  return { rps, p95: pct(95) };
}

const ticket = await walkIn();
const live = await measure('live', [{ method: 'GET', path: '/api/live' }]);
const search = await measure(
  'guide search',
  QUERIES.map((q) => ({ method: 'GET', path: `/api/v1/items?q=${encodeURIComponent(q)}` })),
);
const status = await measure('ticket status', [{ method: 'GET', path: `/api/v1/tickets/${ticket}`, headers: clock }]);
// What a waiting phone sends every few seconds: the ETag of its last answer (304 while the
// queue has not moved).
const first = await fetch(`${BASE}/api/v1/tickets/${ticket}`, { headers: clock });
const tag = first.headers.get('etag');
if (first.status !== 200 || !tag) throw new Error(`ticket answered ${first.status} without an ETag`);
const poll = await measure(
  'ticket poll',
  [{ method: 'GET', path: `/api/v1/tickets/${ticket}`, headers: { ...clock, 'if-none-match': tag } }],
  '304',
);
for (const [name, m] of [['guide search', search], ['ticket status', status], ['ticket poll', poll]]) {
  console.log(
    `load ${name}: ${(m.rps / live.rps).toFixed(2)}× the throughput of /api/live, p95 ${(m.p95 / live.p95).toFixed(2)}× its p95`,
  );
}
