// What a webrtc-internals dump says about one connection besides stats: its updateLog (API calls and
// events, in order) and its configuration. Chromium has written these three ways, all read here:
//   Chromium 156: { type: "onconnectionstatechange", value: "\"connected\"", timestamp: 1795272776064.5 }
//                 { type: "onicecandidateerror", value: "{\"url\":\"turn:…\",\"address\":\"192.0.2.x\",\"port\":34976,
//                   \"host_candidate\":\"192.0.2.x:34976\",\"error_text\":\"Unauthorized.\",\"error_code\":401}" }
//   older:        { type: "connectionstatechange", value: "connected", time: "<local date string>" }
//                 { type: "icecandidateerror", value: "url: turn:…, address: …, port: …, host_candidate: …,
//                   error_text: Unauthorized, error_code: 401" }
// The error's address and host_candidate are the client's own address: never read.
import { connectionStates } from "../../schema/getstats";
import { type IceCandidateError, iceCandidateError } from "../sdk/ice-error";
import { issueLines, logEntrySchema } from "./dump";

export type ConnectionState = (typeof connectionStates)[number];
export type StateChange = { at: number; state: ConnectionState };
export type TimedIceError = { at: number; error: IceCandidateError };

export type ConnectionLog = {
  /** The first entry's time: the closest the dump has to when the connection was created. */
  firstAt?: number;
  states: StateChange[];
  iceErrors: TimedIceError[];
};

/** "onconnectionstatechange" (Chromium 156) and "connectionstatechange" (older) name the same event. */
const eventName = (type: string) => {
  const t = type.toLowerCase();
  return t.startsWith("on") ? t.slice(2) : t;
};

// "11/21/2026, 2:52:56 PM": what older Chromium wrote (toLocaleString in an en-US browser).
const LOCAL_TIME = /^(\d{1,2})\/(\d{1,2})\/(\d{4}),? (\d{1,2}):(\d{2}):(\d{2})(?:\s*([AP]M))?$/i;

/** ms since the epoch; a zone-less local date string is read as UTC (the dump does not say its zone). */
function entryTime(entry: { timestamp?: number; time?: string }): { at?: number; zoneless?: boolean } {
  if (entry.timestamp !== undefined) return Number.isFinite(entry.timestamp) ? { at: entry.timestamp } : {};
  if (entry.time === undefined) return {};
  const m = LOCAL_TIME.exec(entry.time.trim());
  if (m) {
    const [, month, day, year, h, min, sec, ampm] = m;
    let hour = Number(h) % (ampm ? 12 : 24);
    if (ampm?.toUpperCase() === "PM") hour += 12;
    return { at: Date.UTC(Number(year), Number(month) - 1, Number(day), hour, Number(min), Number(sec)), zoneless: true };
  }
  const iso = Date.parse(entry.time);
  return Number.isFinite(iso) ? { at: iso, zoneless: !/(Z|[+-]\d{2}:?\d{2})$/i.test(entry.time.trim()) } : {};
}

/** Chromium 142+ writes event values as JSON ("\"connected\""), older ones bare (connected). */
function stringValue(value: string): string {
  if (!value.startsWith('"')) return value.trim();
  try {
    const v: unknown = JSON.parse(value);
    return typeof v === "string" ? v : value;
  } catch {
    return value;
  }
}

function iceErrorOf(value: string): IceCandidateError | null {
  let fields: Record<string, unknown>;
  if (value.trim().startsWith("{")) {
    try {
      fields = JSON.parse(value) as Record<string, unknown>;
    } catch {
      return null;
    }
  } else {
    // "url: turn:host:3478?transport=udp, address: …, error_text: Unauthorized, error_code: 401"
    fields = {};
    for (const m of value.matchAll(/(?:^|,\s*)(url|error_text|error_code|errorText|errorCode):\s*([^,]*)/g)) fields[m[1]] = m[2].trim();
  }
  const code = fields.error_code ?? fields.errorCode;
  return iceCandidateError({
    url: cleanIceUrl(fields.url),
    errorCode: typeof code === "string" && /^\d{1,3}$/.test(code) ? Number(code) : code,
    errorText: fields.error_text ?? fields.errorText,
  });
}

/** An ICE server URL as the wire takes it; anything that could carry a user or a password is dropped. */
export function cleanIceUrl(url: unknown): string | undefined {
  if (typeof url !== "string" || url.length > 512 || !/^(stuns?|turns?):[^\s@]+$/.test(url)) return undefined;
  return url;
}

export function readUpdateLog(log: unknown[], warn: (message: string) => void): ConnectionLog {
  const out: ConnectionLog = { states: [], iceErrors: [] };
  let zoneless = false;
  log.forEach((raw, i) => {
    const parsed = logEntrySchema.safeParse(raw);
    if (!parsed.success) {
      warn(`updateLog[${i}]: ${issueLines(parsed.error, 2).join("; ")}; skipped`);
      return;
    }
    const entry = parsed.data;
    const { at, zoneless: local } = entryTime(entry);
    const name = eventName(entry.type);
    const wanted = name === "connectionstatechange" || name === "icecandidateerror";
    if (at === undefined) {
      if (wanted) warn(`updateLog[${i}] (${entry.type}): no usable timestamp or time; skipped`);
      return;
    }
    if (local) zoneless = true;
    out.firstAt ??= at;
    if (name === "connectionstatechange") {
      const state = stringValue(entry.value);
      if ((connectionStates as readonly string[]).includes(state)) out.states.push({ at, state: state as ConnectionState });
      else warn(`updateLog[${i}] (${entry.type}): unknown state ${JSON.stringify(state.slice(0, 40))}; skipped`);
    } else if (name === "icecandidateerror") {
      const error = iceErrorOf(entry.value);
      if (error) out.iceErrors.push({ at, error });
      else warn(`updateLog[${i}] (${entry.type}): no error code in the value; skipped`);
    }
  });
  if (zoneless)
    warn("updateLog times are local times without a zone (older Chromium): read as UTC, so they may be off by the browser's offset");
  return out;
}

/**
 * The app forced relaying: `iceTransportPolicy` of the configuration. Chromium 156 writes the
 * configuration as JSON; older ones as `{ iceServers: [turn:…], iceTransportPolicy: relay, … }`.
 */
export function forcedRelayOf(config: unknown): boolean | undefined {
  if (config && typeof config === "object") return policyIsRelay((config as Record<string, unknown>).iceTransportPolicy);
  if (typeof config !== "string") return undefined;
  try {
    const parsed: unknown = JSON.parse(config);
    if (parsed && typeof parsed === "object") return policyIsRelay((parsed as Record<string, unknown>).iceTransportPolicy);
  } catch {
    // the older, not-quite-JSON form
  }
  const m = /iceTransportPolicy"?\s*:\s*"?([A-Za-z]+)/.exec(config);
  return m ? m[1] === "relay" : undefined;
}

const policyIsRelay = (policy: unknown) => (typeof policy === "string" ? policy === "relay" : undefined);
