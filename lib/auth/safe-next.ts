// Where to go after signing in: only a path on this app ("/…", never "//host" or a scheme), so a
// crafted link cannot send a person elsewhere with their fresh session.
export function safeNextPath(raw: string | string[] | undefined | null): string {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value?.startsWith("/") || value.startsWith("//") || value.startsWith("/\\") || value.length > 2000) return "/";
  if (value.startsWith("/login") || value.startsWith("/api/")) return "/";
  return value;
}
