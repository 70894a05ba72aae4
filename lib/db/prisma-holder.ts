// Where this process keeps its Prisma clients, apart from the client code itself: closing them must
// not load Prisma into processes that never used it (an agent stays light).
type Disconnectable = { $disconnect(): Promise<void> };
type Holder = { relayscopePrisma?: Map<string, Disconnectable> };

export const prismaHolder = globalThis as Holder;

export async function disconnectPrisma(): Promise<void> {
  const clients = prismaHolder.relayscopePrisma;
  if (!clients) return;
  prismaHolder.relayscopePrisma = new Map();
  await Promise.all([...clients.values()].map((c) => c.$disconnect()));
}
