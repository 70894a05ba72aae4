// Where to go after signing in: only a path on this app, never another host. Browsers drop tabs and
// line breaks inside URLs ("/\t/evil.example" is "//evil.example"), so the value is resolved the way
// a browser would and must stay on our origin; control characters and backslashes are refused.
const SELF = "http://relayscope.invalid";

function hasControlOrBackslash(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x7f || c === 0x5c) return true;
  }
  return false;
}

export function safeNextPath(raw: string | string[] | undefined | null): string {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value?.startsWith("/") || value.length > 2000 || hasControlOrBackslash(value)) return "/";
  let url: URL;
  try {
    url = new URL(value, SELF);
  } catch {
    return "/";
  }
  if (url.origin !== SELF || url.pathname.startsWith("/login") || url.pathname.startsWith("/api/")) return "/";
  return `${url.pathname}${url.search}${url.hash}`;
}
