// The six callers of the authorisation matrix: nobody, a viewer, an operator and an admin (the
// viewer and operator granted tenant A), a read-API token of the viewer, and a viewer granted only
// tenant B ("wrong tenant"). Each has its own request context and client address.
import { type APIRequestContext, request as playwrightRequest } from "@playwright/test";
import { runCli } from "../../support/cli";
import { createToken } from "../../support/tokens";
import { addUser, signInRequest, testClientAddress } from "../../support/users";

export const CALLERS = ["signedOut", "viewer", "operator", "admin", "token", "wrongTenant"] as const;
export type Caller = (typeof CALLERS)[number];

export type Principals = {
  contexts: Record<Caller, APIRequestContext>;
  tenantA: string;
  tenantB: string;
  dispose(): Promise<void>;
};

async function tenant(slug: string): Promise<void> {
  const r = await runCli(["tenant", "add", slug]);
  if (r.code !== 0 && !r.stderr.includes("already exists")) throw new Error(r.stderr);
}

export async function makePrincipals(baseURL: string, tag: string): Promise<Principals> {
  const tenantA = `${tag}-a`;
  const tenantB = `${tag}-b`;
  await tenant(tenantA);
  await tenant(tenantB);
  const [viewer, operator, admin, wrong] = await Promise.all([
    addUser("viewer", [tenantA]),
    addUser("operator", [tenantA]),
    addUser("admin"),
    addUser("viewer", [tenantB], "wrong-tenant"),
  ]);
  const context = (extra: Record<string, string> = {}) =>
    playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { "x-forwarded-for": testClientAddress(), ...extra } });
  const contexts = {
    signedOut: await context(),
    viewer: await context(),
    operator: await context(),
    admin: await context(),
    token: await context({ authorization: `Bearer ${await createToken(viewer.email, "viewer")}` }),
    wrongTenant: await context(),
  } satisfies Record<Caller, APIRequestContext>;
  await signInRequest(contexts.viewer, baseURL, viewer);
  await signInRequest(contexts.operator, baseURL, operator);
  await signInRequest(contexts.admin, baseURL, admin);
  await signInRequest(contexts.wrongTenant, baseURL, wrong);
  return {
    contexts,
    tenantA,
    tenantB,
    dispose: async () => {
      await Promise.all(Object.values(contexts).map((c) => c.dispose()));
    },
  };
}
