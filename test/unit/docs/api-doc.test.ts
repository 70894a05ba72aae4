// Every HTTP route in app/ is documented in docs/api.md (discovered from the file system, so a new
// route cannot be forgotten), and every documented path exists.
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, it } from "node:test";
import { ROOT } from "../../support/cli";

async function routes(): Promise<string[]> {
  const appDir = path.join(ROOT, "app");
  const out: string[] = [];
  for (const entry of await readdir(appDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name !== "route.ts") continue;
    const rel = path.relative(appDir, entry.parentPath ?? appDir);
    // Route groups like (dashboard) do not appear in URLs; [param] becomes :param.
    const segments = rel.split(path.sep).filter((s) => s && !/^\(.*\)$/.test(s));
    out.push(`/${segments.map((s) => s.replace(/^\[(.+)\]$/, ":$1")).join("/")}`);
  }
  return out.sort();
}

describe("docs/api.md", () => {
  it("documents every route and only routes that exist", async () => {
    const doc = await readFile(path.join(ROOT, "docs", "api.md"), "utf8");
    const documented = [...doc.matchAll(/^### `(GET|POST|PUT|PATCH|DELETE) (\/[^`\s]*)`/gm)].map((m) => m[2]);
    const existing = await routes();
    assert.ok(existing.length >= 3);
    for (const r of existing) assert.ok(documented.includes(r), `${r} is not documented in docs/api.md`);
    for (const d of documented) assert.ok(existing.includes(d), `docs/api.md documents ${d}, which has no route`);
  });
});
