// Local OpenID Connect provider (the `oidc-provider` package, a certified OpenID Provider)
// standing in for the provincial unified identity platform (统一身份认证) during development
// and tests of Hall. `cargo xtask dev` and `cargo xtask test` start it beside `wrangler dev`.
//
//   OIDC_CLIENT_ID=hall OIDC_CLIENT_SECRET=... \
//   OIDC_REDIRECT_URIS=http://127.0.0.1:3000/auth/callback node provider.mjs
//
// Environment: OIDC_PORT, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URIS (comma-
// separated), OIDC_KEYS_FILE, OIDC_TEST_ENDPOINTS=1 (POST /test/rotate, POST /test/residents).
// Not for production use.

import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

import Provider from 'oidc-provider';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DEMO_PASSWORD = 'demo2026';
const GOV_IDENTITY_CLAIMS = ['name', 'id_type', 'id_number', 'phone_number'];
const MAX_KEYS = 3; // current signing key + two previous public keys in JWKS
const TITLE_ZH = '广东省统一身份认证平台（本地测试）';
const TITLE_EN = 'Provincial identity platform (local test)';
const ID_TYPE_LABELS = {
  resident: '居民身份证',
  hk_macau_permit: '港澳居民来往内地通行证',
  taiwan_permit: '台湾居民来往大陆通行证',
  passport: '护照',
};

// ---------------------------------------------------------------- config ---

function fail(message) {
  process.stderr.write(`[oidc] configuration error: ${message}\n`);
  process.exit(2);
}

function requiredEnv(name) {
  const value = process.env[name]?.trim();
  if (!value) fail(`environment variable ${name} is required`);
  return value;
}

function uriList(name, required) {
  const raw = required ? requiredEnv(name) : (process.env[name] ?? '');
  const list = raw.split(',').map((s) => s.trim()).filter(Boolean);
  for (const uri of list) {
    if (!URL.canParse(uri)) fail(`${name} contains an invalid URI: ${uri}`);
  }
  return list;
}

const rawPort = process.env.OIDC_PORT?.trim() || '0';
const PORT = Number(rawPort);
if (!Number.isInteger(PORT) || PORT < 0 || PORT > 65535) fail(`OIDC_PORT is not a port: ${rawPort}`);
const CLIENT_ID = requiredEnv('OIDC_CLIENT_ID');
const CLIENT_SECRET = requiredEnv('OIDC_CLIENT_SECRET');
const REDIRECT_URIS = uriList('OIDC_REDIRECT_URIS', true);
const POST_LOGOUT_REDIRECT_URIS = uriList('OIDC_POST_LOGOUT_REDIRECT_URIS', false);
const KEYS_FILE = process.env.OIDC_KEYS_FILE?.trim() || undefined;
const TEST_ENDPOINTS = process.env.OIDC_TEST_ENDPOINTS === '1';
const RESIDENTS_FILE = process.env.OIDC_RESIDENTS_FILE?.trim() || path.join(HERE, 'residents.json');

function loadResidents() {
  let list;
  try {
    list = JSON.parse(fs.readFileSync(RESIDENTS_FILE, 'utf8'));
  } catch (err) {
    fail(`cannot read residents file ${RESIDENTS_FILE}: ${err.message}`);
  }
  if (!Array.isArray(list) || list.length === 0) fail('residents file must be a non-empty JSON array');
  for (const r of list) {
    for (const field of ['username', 'sub', ...GOV_IDENTITY_CLAIMS]) {
      if (typeof r[field] !== 'string' || !r[field]) fail(`resident ${r.username ?? '?'} lacks ${field}`);
    }
    if (!(r.id_type in ID_TYPE_LABELS)) fail(`resident ${r.username} has unknown id_type ${r.id_type}`);
  }
  return list;
}

const RESIDENTS = loadResidents();
const bySub = new Map(RESIDENTS.map((r) => [r.sub, r]));
const byUsername = new Map(RESIDENTS.map((r) => [r.username, r]));

// ------------------------------------------------------------------ keys ---

function generateSigningKey() {
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' });
  // RFC 7638 thumbprint as kid (members e, kty, n in lexicographic order)
  const kid = crypto.hash('sha256', JSON.stringify({ e: jwk.e, kty: jwk.kty, n: jwk.n }), 'base64url');
  return { kid, use: 'sig', alg: 'RS256', ...jwk };
}

function saveKeys(jwks) {
  if (!KEYS_FILE) return;
  const tmp = `${KEYS_FILE}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(jwks, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(tmp, KEYS_FILE);
}

function loadOrCreateKeys() {
  if (KEYS_FILE && fs.existsSync(KEYS_FILE)) {
    let jwks;
    try {
      jwks = JSON.parse(fs.readFileSync(KEYS_FILE, 'utf8'));
    } catch (err) {
      fail(`cannot parse OIDC_KEYS_FILE ${KEYS_FILE}: ${err.message}`);
    }
    const ok = Array.isArray(jwks?.keys) && jwks.keys.length > 0
      && jwks.keys.every((k) => k.kty === 'RSA' && k.d && k.kid);
    if (!ok) fail(`OIDC_KEYS_FILE ${KEYS_FILE} must hold {"keys":[private RSA JWKs with kid]}`);
    return jwks;
  }
  const jwks = { keys: [generateSigningKey()] };
  saveKeys(jwks);
  return jwks;
}

let JWKS = loadOrCreateKeys();
// Cookie signing keys live for the process; they survive key rotation.
const COOKIE_KEYS = [crypto.randomBytes(32).toString('base64url')];

// --------------------------------------------------------------- storage ---

// In-memory adapter with a module-level store, so that sessions, interactions,
// codes and grants survive re-creating the Provider on key rotation (the
// built-in MemoryAdapter keeps one store per Provider instance). Lost on restart.
const store = new Map();
const GRANTABLE = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode',
  'BackchannelAuthenticationRequest']);
const CLOCK_TOLERANCE = 15;

function storeGet(key) {
  const entry = store.get(key);
  if (!entry) return undefined;
  if (entry.expiresAt && entry.expiresAt <= Date.now()) {
    store.delete(key);
    return undefined;
  }
  return entry.value;
}

function storeSet(key, value, expiresIn) {
  const expiresAt = typeof expiresIn === 'number' ? Date.now() + (expiresIn + CLOCK_TOLERANCE) * 1000 : 0;
  store.set(key, { value, expiresAt });
}

setInterval(() => {
  const now = Date.now();
  for (const [key, entry] of store) if (entry.expiresAt && entry.expiresAt <= now) store.delete(key);
}, 60_000).unref();

class DevAdapter {
  constructor(model) { this.model = model; }

  key(id) { return `${this.model}:${id}`; }

  async upsert(id, payload, expiresIn) {
    const key = this.key(id);
    if (this.model === 'Session' && payload.uid) storeSet(`sessionUid:${payload.uid}`, id, expiresIn);
    if (payload.userCode) storeSet(`userCode:${payload.userCode}`, id, expiresIn);
    if (GRANTABLE.has(this.model) && payload.grantId) {
      const grantKey = `grant:${payload.grantId}`;
      const members = storeGet(grantKey) ?? new Set();
      members.add(key);
      store.set(grantKey, { value: members, expiresAt: 0 });
    }
    storeSet(key, payload, expiresIn);
  }

  async find(id) { return storeGet(this.key(id)); }

  async findByUid(uid) {
    const id = storeGet(`sessionUid:${uid}`);
    return id ? this.find(id) : undefined;
  }

  async findByUserCode(userCode) {
    const id = storeGet(`userCode:${userCode}`);
    return id ? this.find(id) : undefined;
  }

  async consume(id) {
    const payload = storeGet(this.key(id));
    if (payload) payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id) { store.delete(this.key(id)); }

  async revokeByGrantId(grantId) {
    const grantKey = `grant:${grantId}`;
    for (const key of storeGet(grantKey) ?? []) store.delete(key);
    store.delete(grantKey);
  }
}

// ------------------------------------------------------------------ html ---

function esc(value) {
  return String(value).replace(/[&<>"']/g, (c) => ({
    '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
  })[c]);
}

const STYLE = `
body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;background:#f3f5f8;color:#1a1a1a;margin:0}
main{max-width:26rem;margin:3rem auto;background:#fff;padding:1.5rem 2rem 2rem;border-radius:6px;box-shadow:0 1px 4px rgba(0,0,0,.15)}
h1{font-size:1.35rem;margin:0 0 .25rem}
.subtitle{margin:0 0 1.5rem;color:#555}
label{display:block;font-weight:600;margin-top:1rem}
label span{font-weight:400;color:#555;margin-left:.35rem}
input{display:block;width:100%;box-sizing:border-box;font-size:1rem;padding:.5rem;margin-top:.3rem;border:1px solid #767676;border-radius:4px}
input:focus,button:focus{outline:3px solid #1a5fb4;outline-offset:2px}
button{margin-top:1.5rem;width:100%;font-size:1rem;padding:.6rem;border:0;border-radius:4px;background:#b3000c;color:#fff;cursor:pointer}
.error{background:#fdecea;border:1px solid #b3000c;color:#7a0009;padding:.6rem .8rem;border-radius:4px}
.hint{margin-top:2rem;font-size:.9rem;border-top:1px solid #ddd;padding-top:1rem}
.hint h2{font-size:1rem;margin:0 0 .5rem}
code{font-size:.95em}
`;

function page(title, inner) {
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${esc(TITLE_ZH)}</h1>
<p class="subtitle" lang="en">${esc(TITLE_EN)}</p>
${inner}
</main>
</body>
</html>
`;
}

function loginPage({ uid, clientId, username = '', error }) {
  const invalid = error ? ' aria-invalid="true" aria-describedby="login-error"' : '';
  const alert = error
    ? `<p class="error" role="alert" id="login-error">${esc(error)}</p>\n`
    : '';
  const hints = RESIDENTS.map((r) => `<li><code>${esc(r.username)}</code> ${esc(r.name)}（${esc(ID_TYPE_LABELS[r.id_type])}）</li>`).join('\n');
  return page(`登录 Sign in – ${TITLE_ZH}`, `${alert}<p>应用 <code>${esc(clientId)}</code> 请求验证您的身份。<span lang="en">The application is asking you to sign in.</span></p>
<form method="post" action="/interaction/${esc(uid)}">
<label for="username">用户名 <span lang="en">Username</span></label>
<input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required value="${esc(username)}"${error ? '' : ' autofocus'}${invalid}>
<label for="password">密码 <span lang="en">Password</span></label>
<input id="password" name="password" type="password" autocomplete="current-password" required${error ? ' autofocus' : ''}${invalid}>
<button type="submit">登录 Sign in</button>
</form>
<section class="hint" aria-labelledby="demo-accounts">
<h2 id="demo-accounts">演示账号 <span lang="en">Demo accounts</span></h2>
<ul>
${hints}
</ul>
<p>所有演示账号的密码 <span lang="en">Password for all demo accounts</span>: <code>${esc(DEMO_PASSWORD)}</code></p>
</section>`);
}

function messagePage(titleZh, textZh, textEn) {
  return page(titleZh, `<p role="alert">${esc(textZh)}</p><p lang="en">${esc(textEn)}</p>`);
}

function send(res, status, body, type = 'text/html; charset=utf-8') {
  res.statusCode = status;
  res.setHeader('Content-Type', type);
  res.setHeader('Cache-Control', 'no-store');
  if (type.startsWith('text/html')) {
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'");
    res.setHeader('X-Content-Type-Options', 'nosniff');
  }
  res.end(body);
}

// ------------------------------------------------------- provider config ---

function log(line) {
  process.stderr.write(`${new Date().toISOString()} [oidc] ${line}\n`);
}

async function findAccount(ctx, sub) {
  const resident = bySub.get(sub);
  if (!resident) return undefined;
  return {
    accountId: sub,
    async claims() {
      const claims = { sub };
      for (const name of GOV_IDENTITY_CLAIMS) claims[name] = resident[name];
      return claims;
    },
  };
}

async function renderError(ctx, out) {
  ctx.type = 'html';
  const rows = Object.entries(out).map(([k, v]) => `<dt>${esc(k)}</dt><dd><code>${esc(v)}</code></dd>`).join('');
  ctx.body = page('出错了 Error', `<p role="alert">请求无法完成。<span lang="en">The request could not be completed.</span></p><dl>${rows}</dl>`);
}

async function logoutSource(ctx, form) {
  ctx.type = 'html';
  ctx.body = page('退出登录 Sign out', `<p>是否退出统一身份认证平台？<span lang="en">Do you want to sign out?</span></p>
${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>退出登录 Sign out</button>
<button type="submit" form="op.logoutForm">保持登录 Stay signed in</button>`);
}

async function postLogoutSuccessSource(ctx) {
  ctx.type = 'html';
  ctx.body = page('已退出 Signed out', '<p>您已退出登录。<span lang="en">You have been signed out.</span></p>');
}

function buildProvider(issuer, jwks) {
  const redirectOrigins = new Set(REDIRECT_URIS.map((u) => new URL(u).origin));
  const provider = new Provider(issuer, {
    adapter: DevAdapter,
    clients: [{
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      redirect_uris: REDIRECT_URIS,
      ...(POST_LOGOUT_REDIRECT_URIS.length ? { post_logout_redirect_uris: POST_LOGOUT_REDIRECT_URIS } : {}),
      response_types: ['code'],
      grant_types: ['authorization_code'],
      // In oidc-provider 9.x a client registered for client_secret_basic may
      // also authenticate with client_secret_post (and vice versa).
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'RS256',
    }],
    clientAuthMethods: ['client_secret_basic', 'client_secret_post'],
    responseTypes: ['code'],
    pkce: { required: () => true }, // only S256 is supported by oidc-provider 9
    scopes: ['openid', 'gov_identity'],
    claims: { openid: ['sub'], gov_identity: GOV_IDENTITY_CLAIMS },
    conformIdTokenClaims: false, // put scope-requested claims into the ID token too
    findAccount,
    jwks,
    cookies: { keys: COOKIE_KEYS },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      userinfo: { enabled: true },
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
    },
    clientBasedCORS: (ctx, origin) => redirectOrigins.has(origin),
    renderError,
    ttl: {
      AccessToken: 3600,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 3600,
      Session: 8 * 3600,
      Grant: 8 * 3600,
    },
  });
  provider.on('server_error', (ctx, err) => log(`server error on ${ctx.method} ${ctx.path}: ${err.stack ?? err}`));
  return { provider, callback: provider.callback() };
}

// ----------------------------------------------------------- interaction ---

async function readForm(req) {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return null;
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 16 * 1024) return null;
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function passwordMatches(given) {
  const a = crypto.hash('sha256', String(given ?? ''), 'buffer');
  const b = crypto.hash('sha256', DEMO_PASSWORD, 'buffer');
  return crypto.timingSafeEqual(a, b);
}

async function autoConsent(provider, req, res, interaction) {
  const { prompt: { details }, params, session } = interaction;
  const grant = interaction.grantId
    ? await provider.Grant.find(interaction.grantId)
    : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  if (details.missingOIDCScope) grant.addOIDCScope(details.missingOIDCScope.join(' '));
  if (details.missingOIDCClaims) grant.addOIDCClaims(details.missingOIDCClaims);
  if (details.missingResourceScopes) {
    for (const [indicator, scopes] of Object.entries(details.missingResourceScopes)) {
      grant.addResourceScope(indicator, scopes.join(' '));
    }
  }
  const grantId = await grant.save();
  const consent = interaction.grantId ? {} : { grantId };
  await provider.interactionFinished(req, res, { consent }, { mergeWithLastSubmission: true });
}

async function handleInteraction(provider, req, res, uid) {
  let interaction;
  try {
    interaction = await provider.interactionDetails(req, res);
  } catch (err) {
    if (err.name === 'SessionNotFound') {
      send(res, 400, messagePage('会话已失效 Session expired', '登录会话已失效，请返回应用重新登录。',
        'The sign-in session has expired or is missing. Please start again from the application.'));
      return;
    }
    throw err;
  }
  if (interaction.uid !== uid) {
    send(res, 400, messagePage('会话不匹配 Session mismatch', '登录会话与地址不匹配，请返回应用重新登录。',
      'This sign-in page does not belong to the current session. Please start again from the application.'));
    return;
  }

  const clientId = interaction.params.client_id;
  if (interaction.prompt.name === 'consent') {
    await autoConsent(provider, req, res, interaction);
    return;
  }
  if (interaction.prompt.name !== 'login') {
    send(res, 400, messagePage('无法处理 Unsupported', '不支持的交互类型。', `Unsupported prompt: ${interaction.prompt.name}`));
    return;
  }

  if (req.method === 'GET') {
    send(res, 200, loginPage({ uid, clientId }));
    return;
  }

  const form = await readForm(req);
  if (!form) {
    send(res, 400, loginPage({ uid, clientId, error: '请求格式无效，请重试。Invalid form submission, please try again.' }));
    return;
  }
  const username = (form.get('username') ?? '').trim();
  const resident = byUsername.get(username);
  if (!resident || !passwordMatches(form.get('password'))) {
    log(`sign-in failed username=${resident ? resident.username : '<unknown>'} client=${clientId}`);
    send(res, 400, loginPage({
      uid, clientId, username: username.slice(0, 64), error: '用户名或密码错误。Incorrect username or password.',
    }));
    return;
  }
  log(`sign-in username=${resident.username} client=${clientId}`);
  await provider.interactionFinished(req, res, {
    login: { accountId: resident.sub, amr: ['pwd'] },
  }, { mergeWithLastSubmission: false });
}

// ---------------------------------------------------------------- server ---

let current; // { provider, callback }
let issuer;

function rotateKeys() {
  const jwk = generateSigningKey();
  JWKS = { keys: [jwk, ...JWKS.keys].slice(0, MAX_KEYS) };
  saveKeys(JWKS);
  current = buildProvider(issuer, JWKS);
  log(`signing key rotated kid=${jwk.kid}`);
  return jwk.kid;
}

const server = http.createServer(async (req, res) => {
  try {
    if (!current) {
      send(res, 503, 'starting\n', 'text/plain; charset=utf-8');
      return;
    }
    const { pathname } = new URL(req.url, 'http://127.0.0.1');
    const match = /^\/interaction\/([A-Za-z0-9_-]+)$/.exec(pathname);
    if (match) {
      if (req.method !== 'GET' && req.method !== 'POST') {
        res.setHeader('Allow', 'GET, POST');
        send(res, 405, 'method not allowed\n', 'text/plain; charset=utf-8');
        return;
      }
      await handleInteraction(current.provider, req, res, match[1]);
      return;
    }
    if (TEST_ENDPOINTS && pathname === '/test/residents') {
      // Tests register a resident of their own (a unique identity per test); not listed on
      // the sign-in page.
      if (req.method !== 'POST') {
        res.setHeader('Allow', 'POST');
        send(res, 405, '{"error":"method_not_allowed"}', 'application/json');
        return;
      }
      const chunks = [];
      for await (const chunk of req) chunks.push(chunk);
      let r;
      try {
        r = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        send(res, 400, '{"error":"invalid_json"}', 'application/json');
        return;
      }
      const fields = ['username', ...GOV_IDENTITY_CLAIMS];
      if (!r || fields.some((f) => typeof r[f] !== 'string' || !r[f]) || byUsername.has(r.username)) {
        send(res, 400, '{"error":"invalid_resident"}', 'application/json');
        return;
      }
      const resident = { ...Object.fromEntries(fields.map((f) => [f, r[f]])), sub: r.sub || crypto.randomBytes(15).toString('base64url') };
      bySub.set(resident.sub, resident);
      byUsername.set(resident.username, resident);
      send(res, 200, JSON.stringify({ sub: resident.sub }), 'application/json');
      return;
    }
    if (TEST_ENDPOINTS && pathname === '/test/rotate') {
      if (req.method !== 'POST') {
        res.setHeader('Allow', 'POST');
        send(res, 405, '{"error":"method_not_allowed"}', 'application/json');
        return;
      }
      send(res, 200, JSON.stringify({ kid: rotateKeys() }), 'application/json');
      return;
    }
    current.callback(req, res);
  } catch (err) {
    log(`internal error on ${req.method} ${req.url?.split('?')[0]}: ${err.stack ?? err}`);
    if (!res.headersSent) {
      send(res, 500, messagePage('服务器错误 Server error', '服务器内部错误。', 'Internal server error.'));
    } else {
      res.destroy();
    }
  }
});

server.on('error', (err) => {
  process.stderr.write(`[oidc] cannot listen: ${err.message}\n`);
  process.exit(1);
});

server.listen(PORT, '127.0.0.1', () => {
  const { port } = server.address();
  issuer = `http://127.0.0.1:${port}`;
  current = buildProvider(issuer, JWKS);
  process.stdout.write(`oidc-provider listening on ${issuer}\n`);
});

function shutdown() {
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
