// Runs before every request Next serves (not its static assets): pages get a fresh nonce and the
// page CSP that allows only scripts carrying it (Next reads the nonce from the request's CSP header
// and applies it to its own scripts); every response gets HSTS when the app is served over https.
// APIs, /metrics and the SDK files keep next.config.ts's CSP that allows nothing. Prefetches are not
// exempt: a prefetched document may become the page. No authorisation happens here: each page and
// route handler authorises itself (lib/auth/guard-*.ts).
import { type NextRequest, NextResponse } from "next/server";
import { env } from "./lib/env";
import { hstsHeader, pageCsp } from "./lib/http/security-headers";

const NOT_A_DOCUMENT = /^\/(api\/|metrics$|sdk\.m?js$)/;

export function proxy(request: NextRequest) {
  const e = env();
  const hsts = Object.entries(hstsHeader(e.RELAYSCOPE_PUBLIC_URL));
  if (NOT_A_DOCUMENT.test(request.nextUrl.pathname)) {
    const response = NextResponse.next();
    for (const [key, value] of hsts) response.headers.set(key, value);
    return response;
  }
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = pageCsp(nonce, e.NODE_ENV === "development");
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  for (const [key, value] of hsts) response.headers.set(key, value);
  return response;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon\\.ico$).*)"],
};
