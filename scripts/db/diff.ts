// `npm run db:diff`: what the database at DATABASE_URL lacks compared with prisma/schema.prisma,
// with the DDL to put into a new migration. Exit 1 when they differ.
import pg from "pg";
import { databaseUrl } from "../../lib/db/pool";
import { actualFromDatabase, diffSchemas, expectedFromSchema } from "./schema-diff";

const client = new pg.Client({ connectionString: databaseUrl() });
await client.connect();
try {
  const problems = diffSchemas(await expectedFromSchema(), await actualFromDatabase(client));
  for (const p of problems) console.log(`${p}\n`);
  console.log(problems.length ? `${problems.length} difference(s)` : "database matches prisma/schema.prisma");
  process.exitCode = problems.length ? 1 : 0;
} finally {
  await client.end();
}
