// Prisma for entities (CRUD), over the shared pg pool through @prisma/adapter-pg (no engine binary).
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";
import { databaseUrl, pool } from "./pool";
import { prismaHolder } from "./prisma-holder";

export { disconnectPrisma } from "./prisma-holder";

export function prisma(url = databaseUrl()): PrismaClient {
  prismaHolder.relayscopePrisma ??= new Map();
  let client = prismaHolder.relayscopePrisma.get(url) as PrismaClient | undefined;
  if (!client) {
    client = new PrismaClient({ adapter: new PrismaPg(pool(url)) });
    prismaHolder.relayscopePrisma.set(url, client);
  }
  return client;
}
