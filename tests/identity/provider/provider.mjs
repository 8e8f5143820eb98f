// A real OpenID provider (npm oidc-provider) on loopback for the registry's sign-in tests.
// Requires PKCE (S256) and private_key_jwt; signs userinfo when asked; any login succeeds
// through the development interactions. Configuration comes as JSON in argv[2]:
//   {port, client_id, redirect_uri, client_jwks, signing_jwks, accounts: {sub: claims}}
// It prints "ready <issuer>" once listening.
//
// For the refusal tests it can misbehave once, on request: POST /__test/tamper?mode=M makes
// the next token (or userinfo) answer an ID token for another audience ("audience"), one
// that has expired ("expired"), one with another nonce ("nonce"), one signed by a key it does
// not publish ("unknown-key"), or a signed userinfo whose claims were changed after signing
// ("userinfo"). Everything else stays the real provider's own work.
import crypto from 'node:crypto';
import Provider from 'oidc-provider';

const config = JSON.parse(process.argv[2]);
const issuer = `http://127.0.0.1:${config.port}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: config.client_id,
    redirect_uris: [config.redirect_uri],
    post_logout_redirect_uris: [config.post_logout_redirect_uri],
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'private_key_jwt',
    token_endpoint_auth_signing_alg: 'RS256',
    id_token_signed_response_alg: 'RS256',
    userinfo_signed_response_alg: config.signed_userinfo ? 'RS256' : undefined,
    jwks: config.client_jwks,
  }],
  jwks: config.signing_jwks,
  pkce: { required: () => true, methods: ['S256'] },
  clientAuthMethods: ['private_key_jwt'],
  features: {
    devInteractions: { enabled: true },
    jwtUserinfo: { enabled: true },
    rpInitiatedLogout: { enabled: true },
  },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'organisation_tax_id', 'registry_roles'],
  },
  conformIdTokenClaims: false,
  async findAccount(ctx, sub) {
    const claims = config.accounts[sub];
    if (!claims) return undefined;
    return { accountId: sub, async claims() { return { sub, ...claims }; } };
  },
});
const b64 = (data) => Buffer.from(data).toString('base64url');
const parts = (token) => token.split('.').map((p, i) => (i < 2 ? JSON.parse(Buffer.from(p, 'base64url')) : p));
const signingKey = crypto.createPrivateKey({ key: config.signing_jwks.keys[0], format: 'jwk' });
const strangerKey = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

function sign(header, payload, key) {
  const input = `${b64(JSON.stringify(header))}.${b64(JSON.stringify(payload))}`;
  return `${input}.${b64(crypto.sign('sha256', Buffer.from(input), key))}`;
}

function resign(token, change, key = signingKey, kid = undefined) {
  const [header, payload] = parts(token);
  return sign({ ...header, ...(kid ? { kid } : {}) }, { ...payload, ...change }, key);
}

const now = () => Math.floor(Date.now() / 1000);
const TAMPER = {
  audience: (t) => resign(t, { aud: 'another-client', azp: 'another-client' }),
  expired: (t) => resign(t, { iat: now() - 7200, exp: now() - 3600 }),
  nonce: (t) => resign(t, { nonce: 'another-sign-ins-nonce' }),
  'unknown-key': (t) => resign(t, {}, strangerKey, 'not-published'),
};
let mode = null;

provider.use(async (ctx, next) => {
  if (ctx.path === '/__test/tamper' && ctx.method === 'POST') {
    mode = ctx.query.mode || null;
    ctx.status = 204;
    return;
  }
  await next();
  if (ctx.path === '/token' && mode in TAMPER && ctx.body && ctx.body.id_token) {
    ctx.body = { ...ctx.body, id_token: TAMPER[mode](ctx.body.id_token) };
    mode = null;
  } else if (ctx.path === '/me' && mode === 'userinfo' && typeof ctx.body === 'string') {
    const [header, payload, signature] = ctx.body.split('.');
    const claims = { ...JSON.parse(Buffer.from(payload, 'base64url')), email: 'root@example.gov' };
    ctx.body = `${header}.${b64(JSON.stringify(claims))}.${signature}`;
    mode = null;
  }
});

provider.listen(config.port, '127.0.0.1', () => {
  console.log(`ready ${issuer}`);
});
