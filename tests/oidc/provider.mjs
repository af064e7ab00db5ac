// A real OpenID Connect provider for FamilyHub's single sign-on tests (npm `oidc-provider`).
//
// Usage: node tests/oidc/provider.mjs CONFIG.json
// CONFIG: {"port": 0, "client": {"client_id", "client_secret", "redirect_uris": [...]},
//          "accounts": {"login": {"sub", "email", "name", "groups": [...], "amr": [...], "acr"}}}
// Prints one line "listening <issuer>" on stdout once it answers.
//
// The only part that is not oidc-provider's own is the sign-in page: a form with the account's
// login (no password: the tests sign in as a named synthetic account) that finishes the
// interaction with that account's amr/acr, as a council's provider asserts the second factor
// it asked for. Consent is granted for FamilyHub, as a council's own provider does for its
// own staff application.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { once } from 'node:events';
import { pathToFileURL } from 'node:url';

// oidc-provider from the project's node_modules, or from OIDC_PROVIDER_MODULE (a path to the
// package's folder) when trying it out before `npm install`.
const where = process.env.OIDC_PROVIDER_MODULE;
const { default: Provider } = await import(
  where ? pathToFileURL(`${where}/lib/index.js`).href : 'oidc-provider'
);

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const accounts = config.accounts || {};
// The provider's subject is the account's `sub` (stable), not the login typed.
const bySub = Object.fromEntries(
  Object.entries(accounts).map(([login, a]) => [a.sub || login, a]),
);

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function start() {
  const server = createServer();
  server.listen(config.port || 0, '127.0.0.1');
  await once(server, 'listening');
  const issuer = `http://127.0.0.1:${server.address().port}`;

  const provider = new Provider(issuer, {
    clients: [{
      ...config.client,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    }],
    claims: {
      acr: null,
      amr: null, // not in oidc-provider's defaults: the ID token says which factors were used
      auth_time: null,
      iss: null,
      sid: null,
      openid: ['sub', 'acr', 'amr', 'auth_time'], // always in the ID token, as Entra ID does
      email: ['email', 'email_verified'],
      profile: ['name'],
      groups: ['groups'],
    },
    scopes: ['openid', 'email', 'profile', 'groups'],
    acrValues: ['urn:familyhub:test:password', 'urn:familyhub:test:mfa'],
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    conformIdTokenClaims: false, // the ID token carries the claims too (as Entra ID's does)
    cookies: { keys: ['familyhub-test-only-cookie-key'] },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(ctx, id) {
      const account = bySub[id];
      if (!account) return undefined;
      return {
        accountId: id,
        async claims() {
          return {
            sub: id,
            email: account.email,
            email_verified: true,
            name: account.name,
            groups: account.groups || [],
          };
        },
      };
    },
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId
        || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope('openid email profile groups');
      grant.addOIDCClaims(['email', 'email_verified', 'name', 'groups']);
      await grant.save();
      return grant;
    },
  });
  provider.proxy = false;

  const callback = provider.callback();
  server.on('request', async (req, res) => {
    if (req.url === '/favicon.ico') {
      res.statusCode = 204; // a browser asks; no console error in the journeys
      res.end();
      return;
    }
    const match = req.url.match(/^\/interaction\/([^/?]+)(\/login)?/);
    if (!match) return callback(req, res);
    try {
      const details = await provider.interactionDetails(req, res);
      if (req.method === 'GET') {
        res.setHeader('Content-Type', 'text/html; charset=utf-8');
        res.end(`<!doctype html><html lang="en"><title>Test provider sign-in</title>
<h1>Test identity provider (synthetic accounts)</h1>
<form method="post" action="/interaction/${escape(details.uid)}/login">
<label for="login">Account</label><input id="login" name="login" autocomplete="username">
<button type="submit">Continue</button></form>`);
        return;
      }
      let body = '';
      for await (const chunk of req) body += chunk;
      const login = new URLSearchParams(body).get('login') || '';
      const account = accounts[login];
      if (!account) {
        await provider.interactionFinished(req, res, {
          error: 'access_denied', error_description: 'no such account',
        }, { mergeWithLastSubmission: false });
        return;
      }
      await provider.interactionFinished(req, res, {
        login: { accountId: account.sub || login, amr: account.amr || ['pwd'], acr: account.acr || 'urn:familyhub:test:password' },
      }, { mergeWithLastSubmission: false });
    } catch (err) {
      res.statusCode = 500;
      res.end(String(err));
    }
  });
  process.stdout.write(`listening ${issuer}\n`);
}

start().catch((err) => { process.stderr.write(`${err.stack}\n`); process.exit(1); });
