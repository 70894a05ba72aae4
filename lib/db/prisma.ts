// Prisma for entities (CRUD), over the shared pg pool through @prisma/adapter-pg (no engine binary).
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";
import { databaseUrl, pool } from "./pool";

type Holder = { relayscopePrisma?: Map<string, PrismaClient> };
const holder = globalThis as Holder;

export function prisma(url = databaseUrl()): PrismaClient {
  holder.relayscopePrisma ??= new Map();
  let client = holder.relayscopePrisma.get(url);
  if (!client) {
    client = new PrismaClient({ adapter: new PrismaPg(pool(url)) });
    holder.relayscopePrisma.set(url, client);
  }
  return client;
}

export async function disconnectPrisma(): Promise<void> {
  const clients = holder.relayscopePrisma;
  if (!clients) return;
  holder.relayscopePrisma = new Map();
  await Promise.all([...clients.values()].map((c) => c.$disconnect()));
}
