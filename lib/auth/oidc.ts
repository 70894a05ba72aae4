// Optional single sign-on with any OpenID Connect provider (Keycloak, Entra ID, Okta, Google…),
// configured by RELAYSCOPE_OIDC_* (all of issuer, client id and secret, or none). With sign-up off
// only people an admin already added can sign in through it (matched by the provider's verified
// email); with it on, newcomers arrive as viewers with no tenants until an admin grants some.
import { genericOAuth } from "better-auth/plugins";
import { env } from "../env";

export const OIDC_PROVIDER_ID = "oidc";
/** Where the provider sends people back (register `<app URL>` + this). better-auth 1.7 serves
 * generic OAuth providers through its core `/callback/:id` route; the plugin's own
 * `/oauth2/callback/:id` (and `/sign-in/oauth2`) no longer exist, so that path answered 404. */
export const OIDC_CALLBACK_PATH = `/api/auth/callback/${OIDC_PROVIDER_ID}`;

export type OidcSettings = { issuer: string; clientId: string; clientSecret: string; name: string; signUp: boolean };

export function oidcSettings(): OidcSettings | undefined {
  const e = env();
  const parts = [e.RELAYSCOPE_OIDC_ISSUER, e.RELAYSCOPE_OIDC_CLIENT_ID, e.RELAYSCOPE_OIDC_CLIENT_SECRET];
  if (parts.every((p) => p === undefined)) return undefined;
  if (!e.RELAYSCOPE_OIDC_ISSUER || !e.RELAYSCOPE_OIDC_CLIENT_ID || !e.RELAYSCOPE_OIDC_CLIENT_SECRET)
    throw new Error("single sign-on needs all of RELAYSCOPE_OIDC_ISSUER, RELAYSCOPE_OIDC_CLIENT_ID and RELAYSCOPE_OIDC_CLIENT_SECRET");
  return {
    issuer: e.RELAYSCOPE_OIDC_ISSUER,
    clientId: e.RELAYSCOPE_OIDC_CLIENT_ID,
    clientSecret: e.RELAYSCOPE_OIDC_CLIENT_SECRET,
    name: e.RELAYSCOPE_OIDC_NAME,
    signUp: e.RELAYSCOPE_OIDC_SIGNUP === "on",
  };
}

export function oidcPlugins() {
  const s = oidcSettings();
  if (!s) return [];
  return [
    genericOAuth({
      config: [
        {
          providerId: OIDC_PROVIDER_ID,
          clientId: s.clientId,
          clientSecret: s.clientSecret,
          discoveryUrl: `${s.issuer}/.well-known/openid-configuration`,
          scopes: ["openid", "email", "profile"],
          pkce: true,
          disableSignUp: !s.signUp,
        },
      ],
    }),
  ];
}
