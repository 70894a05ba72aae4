// `npm run bench -- <name|all> [--tiny]`: prints figures; never fails on a number. CI runs every
// bench once with --tiny so none of them rots. Later issues add theirs to BENCHES.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { coturn } from "./coturn";
import { coturnIngest } from "./coturn-ingest";
import { startup } from "./startup";

export type Bench = { name: string; describe: string; run: (opts: { root: string; tiny: boolean }) => Promise<void> };

const BENCHES: Bench[] = [startup, coturn, coturnIngest];

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const args = process.argv.slice(2);
const tiny = args.includes("--tiny");
const name = args.find((a) => !a.startsWith("--"));

if (!name) {
  console.log("usage: npm run bench -- <name|all> [--tiny]\n");
  for (const b of BENCHES) console.log(`  ${b.name.padEnd(12)} ${b.describe}`);
  process.exit(2);
}
const chosen = name === "all" ? BENCHES : BENCHES.filter((b) => b.name === name);
if (chosen.length === 0) {
  console.error(`unknown bench "${name}"; one of: ${BENCHES.map((b) => b.name).join(", ")}, all`);
  process.exit(2);
}
for (const b of chosen) {
  console.log(`── bench ${b.name}${tiny ? " (tiny)" : ""}: ${b.describe}`);
  await b.run({ root, tiny });
}
