// Runs before every page render: a fresh nonce and the page CSP that allows only scripts carrying
// it (Next reads the nonce from the request's CSP header and applies it to its own scripts). It does
// no authorisation: each page and route handler authorises itself (lib/auth/guard-*.ts).
import { type NextRequest, NextResponse } from "next/server";
import { env } from "./lib/env";
import { hstsHeader, pageCsp } from "./lib/http/security-headers";

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = pageCsp(nonce, process.env.NODE_ENV === "development");
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  for (const [key, value] of Object.entries(hstsHeader(env().RELAYSCOPE_PUBLIC_URL))) response.headers.set(key, value);
  return response;
}

export const config = {
  matcher: [
    {
      // Pages only: not the APIs, /metrics, the SDK files or Next's static assets.
      source: "/((?!api/|_next/static|_next/image|metrics$|sdk\\.js$|sdk\\.mjs$|favicon\\.ico$).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
