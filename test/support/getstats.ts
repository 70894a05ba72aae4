// Seeding and bodies for getStats ingest tests: an app with allowed origins and an app key, and wire
// bodies built the way the SDK builds them.
import { prisma } from "../../lib/db/prisma";
import { createKey } from "../../lib/keys/store";
import { uid } from "./db";
import { seedTenant } from "./ingest";

export type SeededApp = { id: string; tenantId: string; key: string; origin: string };

export async function seedApp(opts: { tenantId?: string; origins?: string[] } = {}): Promise<SeededApp> {
  const tenantId = opts.tenantId ?? (await seedTenant("app"));
  const origin = `https://app-${uid()}.example`;
  const app = await prisma().app.create({ data: { tenantId, name: `app-${uid()}`, allowedOrigins: opts.origins ?? [origin] } });
  const { key } = await createKey({ kind: "app", name: `sdk-${uid()}`, scope: { tenantId, appId: app.id } });
  return { id: app.id, tenantId, key, origin: opts.origins?.[0] ?? origin };
}

export const NOW = Date.now();

export function statsItem(sequence: number, over: Record<string, unknown> = {}) {
  return {
    sequence,
    type: "stats",
    sampledAt: NOW - 60_000 + sequence * 1000,
    pathKind: "turn-udp",
    localCandidateType: "relay",
    remoteCandidateType: "relay",
    relayProtocol: "udp",
    turnUrl: "turn:127.0.0.1:3478?transport=udp",
    relayPort: 49_160,
    rttMs: 12 + sequence,
    jitterMs: 3,
    fractionLost: 0,
    packetsLostDelta: 1,
    delta: { bytesSent: 1000, bytesReceived: 2000, packetsSent: 10, packetsReceived: 20 },
    pathChanged: false,
    ...over,
  };
}

export function body(items: unknown[], over: Record<string, unknown> = {}) {
  return {
    version: 1,
    sdkVersion: "0.1.0",
    callId: `call-${uid()}`,
    participantId: "alice",
    connectionId: `pc-${uid()}`,
    forcedRelay: true,
    items,
    ...over,
  };
}
