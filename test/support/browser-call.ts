// A WebRTC call inside a page that has loaded /sdk.js: two RTCPeerConnections of the same page,
// each watched by relayscope.monitor (participants "caller" and "callee"), a data channel pumping
// bytes, and fake-device audio when the page may use it. Returns what the browser itself saw, for
// comparison with what was stored.
import type { Page } from "@playwright/test";

export type CallResult = {
  connected: boolean;
  /** The selected pair's local candidate of caller and callee. */
  local: Array<{ port?: number; candidateType?: string; relayProtocol?: string; url?: string } | null>;
  iceErrors: Array<{ url?: string; errorCode?: number }>;
};

export type CallOptions = {
  iceServers: RTCIceServer[];
  policy: RTCIceTransportPolicy;
  callId: string;
  turnUsername?: string;
  /** Fake-device audio (needs a secure context); a data channel always. */
  audio: boolean;
  runMs: number;
  connectTimeoutMs: number;
};

export async function callInPage(page: Page, appKey: string, o: CallOptions): Promise<CallResult> {
  return page.evaluate(
    async ({ appKey, o }) => {
      const w = window as unknown as { relayscope: { monitor: (pc: RTCPeerConnection, opts: object) => { stop(): Promise<void> } } };
      const config: RTCConfiguration = { iceServers: o.iceServers, iceTransportPolicy: o.policy };
      const a = new RTCPeerConnection(config);
      const b = new RTCPeerConnection(config);
      const iceErrors: Array<{ url?: string; errorCode?: number }> = [];
      a.addEventListener("icecandidateerror", (e) => {
        const ev = e as RTCPeerConnectionIceErrorEvent;
        iceErrors.push({ url: ev.url, errorCode: ev.errorCode });
      });
      const options = (participantId: string) => ({
        appKey,
        endpoint: `${location.origin}/api/ingest/getstats`,
        callId: o.callId,
        participantId,
        turnUsername: o.turnUsername,
        intervalMs: 1000,
      });
      const monitors = [w.relayscope.monitor(a, options("caller")), w.relayscope.monitor(b, options("callee"))];
      a.onicecandidate = (e) => e.candidate && b.addIceCandidate(e.candidate).catch(() => {});
      b.onicecandidate = (e) => e.candidate && a.addIceCandidate(e.candidate).catch(() => {});
      const media = o.audio ? await navigator.mediaDevices.getUserMedia({ audio: true }) : null;
      for (const t of media?.getTracks() ?? []) a.addTrack(t, media as MediaStream);
      const channel = a.createDataChannel("bytes");
      await a.setLocalDescription();
      await b.setRemoteDescription(a.localDescription as RTCSessionDescription);
      await b.setLocalDescription();
      await a.setRemoteDescription(b.localDescription as RTCSessionDescription);
      const connected = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), o.connectTimeoutMs);
        const check = () => {
          if (a.connectionState === "connected" && b.connectionState === "connected") {
            clearTimeout(timer);
            resolve(true);
          }
        };
        a.addEventListener("connectionstatechange", check);
        b.addEventListener("connectionstatechange", check);
        check();
      });
      const pump = setInterval(() => channel.readyState === "open" && channel.send("x".repeat(1000)), 20);
      await new Promise((r) => setTimeout(r, connected ? o.runMs : 1000));
      clearInterval(pump);
      const local: CallResult["local"] = [];
      for (const pc of [a, b]) {
        const stats = await pc.getStats();
        let found: CallResult["local"][number] = null;
        stats.forEach((s) => {
          if (s.type !== "transport" || !s.selectedCandidatePairId) return;
          const pair = stats.get(s.selectedCandidatePairId);
          const cand = pair && stats.get(pair.localCandidateId);
          if (cand) found = { port: cand.port, candidateType: cand.candidateType, relayProtocol: cand.relayProtocol, url: cand.url };
        });
        local.push(found);
      }
      for (const m of monitors) await m.stop();
      a.close();
      b.close();
      for (const t of media?.getTracks() ?? []) t.stop();
      return { connected, local, iceErrors };
    },
    { appKey, o },
  );
}

/**
 * Loads a page at `url`'s origin that embeds the SDK from that origin, as a customer's page would.
 * The page itself is answered by the browser (page.route), not by relayscope: every response of
 * ours carries a CSP that allows no scripts in it, and a customer's page is not ours anyway.
 */
export async function pageWithSdk(page: Page, url: string): Promise<void> {
  const target = new URL(url);
  const html = `<!doctype html><title>call</title><script src="/sdk.js"></script>`;
  await page.route(target.href, (route) => route.fulfill({ status: 200, contentType: "text/html", body: html }));
  await page.goto(target.href, { waitUntil: "load" });
  await sdkLoaded(page);
}

export async function sdkLoaded(page: Page): Promise<void> {
  await page.waitForFunction(() => typeof (window as { relayscope?: { monitor?: unknown } }).relayscope?.monitor === "function");
}
