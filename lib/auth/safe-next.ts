// Where to go after signing in: only a path on this app, never another host. Browsers drop tabs and
// line breaks inside URLs ("/\t/evil.example" is "//evil.example"), so the value is resolved the way
// a browser would and must stay on our origin; control characters and backslashes are refused.
const SELF = "http://relayscope.invalid";

export function safeNextPath(raw: string | string[] | undefined | null): string {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value?.startsWith("/") || value.length > 2000 || /[\u0000-\u001f\u007f\\]/.test(value)) return "/";
  let url: URL;
  try {
    url = new URL(value, SELF);
  } catch {
    return "/";
  }
  if (url.origin !== SELF || url.pathname.startsWith("/login") || url.pathname.startsWith("/api/")) return "/";
  return `${url.pathname}${url.search}${url.hash}`;
}
