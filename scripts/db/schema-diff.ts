// Compares a live database with prisma/schema.prisma: tables, columns, types, nullability,
// enums, primary keys, unique constraints and indexes. Prisma's schema engine (which would do this
// as `migrate diff`) is a download we cannot have, so this is how we prove the hand-written SQL
// migrations match the schema, and how a developer sees which DDL a new migration still needs.
// Partition children and library-owned tables (_prisma_migrations, pg-boss's schema) are ignored.
import { readFile } from "node:fs/promises";
import internals from "@prisma/internals";
import type pg from "pg";

type DmmfField = {
  name: string;
  dbName?: string | null;
  kind: string;
  type: string;
  isList: boolean;
  isRequired: boolean;
  nativeType?: [string, string[]] | null;
  default?: unknown;
};
type DmmfModel = { name: string; dbName: string | null; fields: DmmfField[] };
type DmmfIndex = { model: string; type: string; dbName?: string | null; fields: { name: string }[] };
type DmmfEnum = { name: string; dbName?: string | null; values: { name: string; dbName: string | null }[] };

export type ExpectedColumn = { table: string; column: string; type: string; nullable: boolean; defaultSql?: string };
export type Expected = {
  tables: Map<string, ExpectedColumn[]>;
  enums: Map<string, string[]>;
  /** "table(col,col)" keys, one set per constraint kind */
  primaryKeys: Set<string>;
  uniques: Set<string>;
  indexes: Set<string>;
};

const SCALAR_TYPES: Record<string, string> = {
  String: "text",
  Int: "integer",
  BigInt: "bigint",
  Float: "double precision",
  Decimal: "numeric(65,30)",
  Boolean: "boolean",
  DateTime: "timestamp(3) without time zone",
  Json: "jsonb",
  Bytes: "bytea",
};

// Native type attribute → the spelling format_type() uses.
function nativeTypeSql(name: string, args: string[]): string {
  const a = args.join(",");
  switch (name) {
    case "VarChar":
      return args.length ? `character varying(${a})` : "character varying";
    case "Char":
      return `character(${a || "1"})`;
    case "Text":
      return "text";
    case "Uuid":
      return "uuid";
    case "Inet":
      return "inet";
    case "SmallInt":
      return "smallint";
    case "Integer":
      return "integer";
    case "BigInt":
      return "bigint";
    case "Real":
      return "real";
    case "DoublePrecision":
      return "double precision";
    case "Decimal":
      return args.length ? `numeric(${a})` : "numeric";
    case "Timestamptz":
      return `timestamp(${a || "6"}) with time zone`;
    case "Timestamp":
      return `timestamp(${a || "6"}) without time zone`;
    case "Date":
      return "date";
    case "JsonB":
      return "jsonb";
    case "Json":
      return "json";
    default:
      throw new Error(`schema-diff: native type @db.${name} is not mapped yet; add it here`);
  }
}

// Only used to suggest DDL; defaults are not compared.
function defaultSql(f: DmmfField, type: string): string | undefined {
  const d = f.default;
  if (d === undefined) return undefined;
  if (Array.isArray(d)) return d.length === 0 ? `ARRAY[]::${type}` : undefined;
  if (d && typeof d === "object" && "name" in d) {
    const fn = d as { name: string; args: unknown[] };
    if (fn.name === "now") return "CURRENT_TIMESTAMP";
    if (fn.name === "dbgenerated") return String(fn.args[0]);
    return undefined;
  }
  if (typeof d === "string") return f.kind === "enum" ? `'${d}'` : `'${d.replaceAll("'", "''")}'`;
  return String(d);
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
const key = (table: string, cols: string[]) => `${table}(${cols.join(",")})`;

export async function expectedFromSchema(schemaPath = "prisma/schema.prisma"): Promise<Expected> {
  const dmmf = await internals.getDMMF({ datamodel: await readFile(schemaPath, "utf8") });
  const enums = new Map<string, string[]>();
  const enumDbName = new Map<string, string>();
  for (const e of dmmf.datamodel.enums as unknown as DmmfEnum[]) {
    const dbName = e.dbName ?? e.name;
    enumDbName.set(e.name, dbName);
    enums.set(
      dbName,
      e.values.map((v) => v.dbName ?? v.name),
    );
  }
  const tables = new Map<string, ExpectedColumn[]>();
  const columnOf = new Map<string, Map<string, string>>();
  const modelTable = new Map<string, string>();
  for (const m of dmmf.datamodel.models as unknown as DmmfModel[]) {
    const table = m.dbName ?? m.name;
    modelTable.set(m.name, table);
    const cols: ExpectedColumn[] = [];
    const names = new Map<string, string>();
    for (const f of m.fields) {
      if (f.kind !== "scalar" && f.kind !== "enum") continue;
      const column = f.dbName ?? f.name;
      names.set(f.name, column);
      let type: string;
      if (f.kind === "enum") type = enumDbName.get(f.type) ?? f.type;
      else if (f.nativeType) type = nativeTypeSql(f.nativeType[0], f.nativeType[1]);
      else {
        const scalar = SCALAR_TYPES[f.type];
        if (!scalar) throw new Error(`schema-diff: scalar type ${f.type} is not mapped yet`);
        type = scalar;
      }
      if (f.isList) type = `${type}[]`;
      // Lists are required in Prisma; we store them NOT NULL with a default of [].
      cols.push({ table, column, type, nullable: !f.isRequired, defaultSql: defaultSql(f, type) });
    }
    tables.set(table, cols);
    columnOf.set(m.name, names);
  }
  const primaryKeys = new Set<string>();
  const uniques = new Set<string>();
  const indexes = new Set<string>();
  for (const idx of dmmf.datamodel.indexes as unknown as DmmfIndex[]) {
    const table = modelTable.get(idx.model);
    const names = columnOf.get(idx.model);
    if (!table || !names) continue;
    const cols = idx.fields.map((f) => names.get(f.name) ?? f.name);
    if (idx.type === "id") primaryKeys.add(key(table, cols));
    else if (idx.type === "unique") uniques.add(key(table, cols));
    else if (idx.type === "normal") indexes.add(key(table, cols));
  }
  return { tables, enums, primaryKeys, uniques, indexes };
}

export type Actual = Expected;

export async function actualFromDatabase(client: pg.ClientBase): Promise<Actual> {
  const cols = await client.query<{ table: string; column: string; type: string; notnull: boolean }>(`
    SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
      AND c.relname <> '_prisma_migrations'
    ORDER BY c.relname, a.attnum`);
  const tables = new Map<string, ExpectedColumn[]>();
  for (const r of cols.rows) {
    const list = tables.get(r.table) ?? [];
    list.push({ table: r.table, column: r.column, type: r.type, nullable: !r.notnull });
    tables.set(r.table, list);
  }
  const enumRows = await client.query<{ name: string; label: string }>(`
    SELECT t.typname AS name, e.enumlabel AS label
    FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE n.nspname = current_schema() ORDER BY t.typname, e.enumsortorder`);
  const enums = new Map<string, string[]>();
  for (const r of enumRows.rows) enums.set(r.name, [...(enums.get(r.name) ?? []), r.label]);
  // Indexes on the parent tables only (partition children inherit them).
  const idx = await client.query<{ table: string; cols: string[]; primary: boolean; unique: boolean; partial: boolean }>(`
    SELECT t.relname AS table, i.indisprimary AS primary, i.indisunique AS unique, i.indpred IS NOT NULL AS partial,
           array(SELECT a.attname FROM unnest(i.indkey) WITH ORDINALITY k(attnum, ord)
                 JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS cols
    FROM pg_index i
    JOIN pg_class t ON t.oid = i.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname = current_schema() AND NOT t.relispartition AND t.relname <> '_prisma_migrations'`);
  const primaryKeys = new Set<string>();
  const uniques = new Set<string>();
  const indexes = new Set<string>();
  for (const r of idx.rows) {
    // Partial and expression indexes are performance details Prisma cannot express; not compared.
    if (r.partial || r.cols.length === 0) continue;
    if (r.primary) primaryKeys.add(key(r.table, r.cols));
    else if (r.unique) uniques.add(key(r.table, r.cols));
    else indexes.add(key(r.table, r.cols));
  }
  return { tables, enums, primaryKeys, uniques, indexes };
}

const columnDdl = (c: ExpectedColumn) =>
  `${quote(c.column)} ${c.type}${c.nullable ? "" : " NOT NULL"}${c.defaultSql ? ` DEFAULT ${c.defaultSql}` : ""}`;

/** Human-readable differences, each with the DDL that would fix it where that is mechanical. */
export function diffSchemas(expected: Expected, actual: Actual): string[] {
  const out: string[] = [];
  for (const [name, values] of expected.enums) {
    const have = actual.enums.get(name);
    if (!have) out.push(`missing enum ${name}: CREATE TYPE ${quote(name)} AS ENUM (${values.map((v) => `'${v}'`).join(", ")});`);
    else if (have.join(",") !== values.join(",")) out.push(`enum ${name} has [${have.join(", ")}], schema says [${values.join(", ")}]`);
  }
  for (const name of actual.enums.keys()) if (!expected.enums.has(name)) out.push(`enum ${name} is not in schema.prisma`);
  for (const [table, cols] of expected.tables) {
    const have = actual.tables.get(table);
    if (!have) {
      const body = cols.map((c) => `  ${columnDdl(c)}`).join(",\n");
      out.push(`missing table ${table}:\nCREATE TABLE ${quote(table)} (\n${body}\n);`);
      continue;
    }
    const byName = new Map(have.map((c) => [c.column, c]));
    for (const c of cols) {
      const a = byName.get(c.column);
      if (!a) out.push(`missing column ${table}.${c.column}: ALTER TABLE ${quote(table)} ADD COLUMN ${columnDdl(c)};`);
      else {
        if (a.type !== c.type) out.push(`column ${table}.${c.column} is ${a.type}, schema says ${c.type}`);
        if (a.nullable !== c.nullable)
          out.push(
            `column ${table}.${c.column} is ${a.nullable ? "nullable" : "NOT NULL"}, schema says ${c.nullable ? "nullable" : "NOT NULL"}`,
          );
      }
    }
    const expectedNames = new Set(cols.map((c) => c.column));
    for (const a of have) if (!expectedNames.has(a.column)) out.push(`column ${table}.${a.column} is not in schema.prisma`);
  }
  for (const table of actual.tables.keys()) if (!expected.tables.has(table)) out.push(`table ${table} is not in schema.prisma`);
  const compareSets = (what: string, exp: Set<string>, act: Set<string>) => {
    for (const k of exp) if (!act.has(k)) out.push(`missing ${what} ${k}`);
    for (const k of act) if (!exp.has(k)) out.push(`${what} ${k} is not in schema.prisma`);
  };
  compareSets("primary key", expected.primaryKeys, actual.primaryKeys);
  compareSets("unique constraint", expected.uniques, actual.uniques);
  compareSets("index", expected.indexes, actual.indexes);
  return out;
}
