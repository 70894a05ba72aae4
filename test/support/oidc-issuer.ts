// A real OpenID Connect provider (panva's oidc-provider, the certified one) on 127.0.0.1 in the
// test process, so single sign-on is tested against discovery, the authorization code flow with
// PKCE, client authentication, the ID token and userinfo, not against a stub. Its development
// login form accepts any login (the email to sign in as) and any password.
import http from "node:http";
import Provider from "oidc-provider";
import { freePort } from "../../lib/net/ports";

export type OidcIssuer = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** What the provider refused or failed at, for a failing test's message. */
  errors: () => string[];
  close: () => Promise<void>;
};

/** An issuer with one confidential client allowed to return to `redirectUris`. */
export async function startOidcIssuer(redirectUris: string[]): Promise<OidcIssuer> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const clientId = "relayscope-e2e";
  const clientSecret = `e2e-secret-${Math.random().toString(36).slice(2)}-${Date.now().toString(36)}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: redirectUris,
        grant_types: ["authorization_code"],
        response_types: ["code"],
        // OpenID Connect's default. This provider also takes the secret in the body, which is how
        // relayscope (better-auth) sends it; a provider that holds a client to basic would not.
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    findAccount: (_ctx, id) => ({
      accountId: id,
      claims: () => ({ sub: id, email: id, email_verified: true, name: `SSO ${id.split("@")[0]}` }),
    }),
    // PKCE allowed (relayscope sends it) but not demanded, as for most confidential clients.
    pkce: { required: () => false },
    cookies: { keys: [`e2e-cookie-key-${Math.random().toString(36).slice(2)}`] },
    features: { devInteractions: { enabled: true } },
  });
  const errors: string[] = [];
  for (const event of ["server_error", "grant.error", "authorization.error", "userinfo.error"]) {
    provider.on(event, (...args: unknown[]) => errors.push(`${event}: ${String(args.at(-1))}`));
  }
  const server = http.createServer(provider.callback());
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  return {
    issuer,
    clientId,
    clientSecret,
    errors: () => [...errors],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
