// Builds the browser SDK (collectors/getstats/sdk) twice, minified, with no runtime dependencies:
// a script-tag build that defines `window.relayscope` (served at /sdk.js) and an ESM build (served at
// /sdk.mjs). Prints each size, minified and gzipped; acceptance is ≤ 10 kB gzipped (test/unit/getstats/sdk-build.test.ts).
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

export const SDK_ENTRY = "collectors/getstats/sdk/index.ts";
export const SDK_OUT_DIR = "dist/sdk";
export const SDK_FILES = { script: "relayscope.js", module: "relayscope.mjs" } as const;
/** The budget: 10 kB min+gzip. */
export const SDK_GZIP_BUDGET = 10 * 1024;

export type SdkSize = { file: string; bytes: number; gzipBytes: number };

export async function buildSdk(root: string, outDir = path.join(root, SDK_OUT_DIR)): Promise<SdkSize[]> {
  await mkdir(outDir, { recursive: true });
  const common = {
    entryPoints: [path.join(root, SDK_ENTRY)],
    bundle: true,
    minify: true,
    // Browsers that have RTCPeerConnection.getStats with candidate-pair stats all run ES2019.
    target: ["es2019"],
    legalComments: "none" as const,
    logLevel: "warning" as const,
  };
  const script = path.join(outDir, SDK_FILES.script);
  const module = path.join(outDir, SDK_FILES.module);
  await build({ ...common, format: "iife", globalName: "relayscope", outfile: script });
  await build({ ...common, format: "esm", outfile: module });
  const sizes: SdkSize[] = [];
  for (const file of [script, module]) {
    const bytes = await readFile(file);
    sizes.push({ file, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length });
  }
  return sizes;
}

export function describeSizes(sizes: readonly SdkSize[], root: string): string {
  return sizes
    .map(
      (s) =>
        `${path.relative(root, s.file)}: ${(s.bytes / 1024).toFixed(1)} kB minified, ${(s.gzipBytes / 1024).toFixed(1)} kB gzip (budget ${SDK_GZIP_BUDGET / 1024} kB)`,
    )
    .join("\n");
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
  const sizes = await buildSdk(root);
  console.log(describeSizes(sizes, root));
  const over = sizes.filter((s) => s.gzipBytes > SDK_GZIP_BUDGET);
  if (over.length) {
    console.error(`SDK over its ${SDK_GZIP_BUDGET} byte gzip budget`);
    process.exit(1);
  }
}
