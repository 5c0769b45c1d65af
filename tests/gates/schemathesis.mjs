// Schemathesis (from PyPI, installed by `cargo xtask test` into target/schemathesis) against
// /api/openapi.json of the local Worker: every documented operation, with requests generated
// from the document (its examples, its boundaries, then random fuzzing), signed in as a
// citizen and as the hall manager so the guarded routes are exercised past their guard.
// Fails on any server error, any answer whose status, content type or body the document does
// not describe. Prints the number of generated requests.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

const BASE = (process.env.HALL_BASE_URL || '').replace(/\/$/, '');
if (!BASE) throw new Error('HALL_BASE_URL is not set: run the gates through `cargo xtask test`');
const ST = resolve(process.env.SCHEMATHESIS || 'target/schemathesis/bin/st');
// Schemathesis keeps its example database in the working directory: under target/, not git.
const WORK = resolve('target/schemathesis-run');
mkdirSync(WORK, { recursive: true });
const SECONDS = process.env.HALL_SCHEMATHESIS_SECONDS || '240';
const csrf = { 'x-hall-csrf': '1', 'content-type': 'application/json', 'cf-connecting-ip': '198.51.100.200' };

async function post(path, body) {
  const res = await fetch(`${BASE}${path}`, { method: 'POST', headers: csrf, body: JSON.stringify(body) });
  if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
  return res;
}
const cookieOf = (res) => (res.headers.get('set-cookie') || '').split(';')[0];

const phone = `135${String(Date.now() % 100000000).padStart(8, '0')}`;
await post('/api/v1/auth/code', { phone });
const outbox = await (await fetch(`${BASE}/api/v1/dev/outbox?phone=${phone}`)).json();
const code = /(\d{6})/.exec(outbox.messages[0].body)[1];
const citizen = cookieOf(await post('/api/v1/auth/verify', { phone, code }));
const staff = cookieOf(await post('/api/v1/staff/sign-in', { username: 'manager', password: 'Hall2026demo' }));
if (!citizen || !staff) throw new Error('signing in for the run gave no session cookie');

const run = spawnSync(
  ST,
  [
    'run',
    `${BASE}/api/openapi.json`,
    '--checks',
    'not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance',
    '--phases',
    'examples,coverage,fuzzing',
    '--header',
    'x-hall-csrf: 1',
    '--header',
    `cookie: ${citizen}; ${staff}`,
    '--workers',
    '2',
    '--max-time',
    SECONDS,
    '--seed',
    '20261128',
    '--no-color',
    '--warnings',
    'off',
  ],
  { cwd: WORK, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
);
const out = `${run.stdout || ''}${run.stderr || ''}`;
const summary = out.slice(Math.max(0, out.indexOf('SUMMARY') - 40));
console.log(run.status === 0 ? summary : out);
const generated = /(\d+) generated/.exec(out);
console.log(`schemathesis: ${generated ? generated[1] : 'an unknown number of'} generated requests, exit ${run.status}`);
if (run.error) throw run.error;
process.exit(run.status === 0 && generated ? 0 : 1);
