// `npm run bench -- <name|all> [--tiny] [--mb N]`: prints figures; never fails on a number. CI runs
// every bench once with --tiny so none of them rots; --mb sets the data size of the benches that
// generate data (quicker rounds while tuning). Later issues add theirs to BENCHES.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { coturn } from "./coturn";
import { coturnIngest } from "./coturn-ingest";
import { ingest } from "./ingest";
import { queries } from "./queries";
import { startup } from "./startup";

export type BenchOptions = { root: string; tiny: boolean; sizeMb?: number };
export type Bench = { name: string; describe: string; run: (opts: BenchOptions) => Promise<void> };

const BENCHES: Bench[] = [startup, coturn, coturnIngest, ingest, queries];

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const args = process.argv.slice(2);
const tiny = args.includes("--tiny");
const mbAt = args.indexOf("--mb");
const sizeMb = mbAt === -1 ? undefined : Number(args[mbAt + 1]);
if (sizeMb !== undefined && !(sizeMb > 0)) {
  console.error(`--mb needs a positive number of MiB, got "${args[mbAt + 1] ?? ""}"`);
  process.exit(2);
}
const name = args.find((a, i) => !a.startsWith("--") && (mbAt === -1 || i !== mbAt + 1));

if (!name) {
  console.log("usage: npm run bench -- <name|all> [--tiny] [--mb N]\n");
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
  await b.run({ root, tiny, sizeMb });
}
