// Every page and API route of the app, read from the file system (app/**/page.tsx, route.ts), so a
// route added later cannot be missing from the authorisation matrix (test/e2e/authz-matrix.spec.ts).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export type AppRoute = { kind: "page" | "api"; method: string; pattern: string; file: string };

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

/** "(dashboard)/settings/users" → "/settings/users"; "[id]" and "[...all]" stay as written. */
export function urlPattern(relativeDir: string): string {
  const parts = relativeDir.split(path.sep).filter((p) => p !== "" && p !== "." && !(p.startsWith("(") && p.endsWith(")")));
  return `/${parts.join("/")}`;
}

/** HTTP methods a route.ts exports: `export async function GET`, `export const { GET, POST } = …`, `export { x as GET }`. */
export function exportedMethods(source: string): string[] {
  const found = new Set<string>();
  for (const m of source.matchAll(/export\s+(?:async\s+)?function\s+([A-Z]+)\s*\(/g)) found.add(m[1]);
  for (const m of source.matchAll(/export\s+const\s+([A-Z]+)\s*=/g)) found.add(m[1]);
  for (const m of source.matchAll(/export\s+const\s*\{([^}]*)\}\s*=/g))
    for (const n of m[1].split(","))
      found.add(
        n
          .trim()
          .split(/\s*:\s*/)
          .pop() ?? "",
      );
  for (const m of source.matchAll(/export\s*\{([^}]*)\}/g))
    for (const n of m[1].split(","))
      found.add(
        n
          .trim()
          .split(/\s+as\s+/)
          .pop() ?? "",
      );
  return METHODS.filter((x) => found.has(x));
}

export function discoverRoutes(appDir: string): AppRoute[] {
  const routes: AppRoute[] = [];
  for (const entry of readdirSync(appDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const dir = path.relative(appDir, entry.parentPath);
    const file = path.join(entry.parentPath, entry.name);
    if (/^page\.(tsx|ts|jsx|js)$/.test(entry.name)) routes.push({ kind: "page", method: "GET", pattern: urlPattern(dir), file });
    if (/^route\.(ts|js)$/.test(entry.name)) {
      const pattern = urlPattern(dir);
      for (const method of exportedMethods(readFileSync(file, "utf8")))
        routes.push({ kind: pattern.startsWith("/api/") ? "api" : "page", method, pattern, file });
    }
  }
  return routes.sort((a, b) => `${a.pattern} ${a.method}`.localeCompare(`${b.pattern} ${b.method}`));
}
