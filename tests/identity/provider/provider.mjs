// A real OpenID provider (npm oidc-provider) on loopback for the registry's sign-in tests.
// Requires PKCE (S256) and private_key_jwt; signs userinfo when asked; any login succeeds
// through the development interactions. Configuration comes as JSON in argv[2]:
//   {port, client_id, redirect_uri, client_jwks, signing_jwks, accounts: {sub: claims}}
// It prints "ready <issuer>" once listening.
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
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  conformIdTokenClaims: false,
  async findAccount(ctx, sub) {
    const claims = config.accounts[sub];
    if (!claims) return undefined;
    return { accountId: sub, async claims() { return { sub, ...claims }; } };
  },
});
provider.listen(config.port, '127.0.0.1', () => {
  console.log(`ready ${issuer}`);
});
